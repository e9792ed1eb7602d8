/**
 * The console's stylesheet (served from /console/assets/console.css: the CSP
 * allows no inline style). Laptop first, and on a phone the navigation wraps
 * and wide tables scroll sideways inside their own box instead of the page.
 *
 * Classes for every console page: `table.data` (striped; `td.num` right-
 * aligned), `.card`, `.kpis` + `.kpi` (`.kpi .figure` big, `.kpi .label`),
 * `.badge` (+ `.ok` `.warn` `.bad`), `form.inline`, `form.filters`, `.pager`,
 * `.flash` (+ `.ok` `.bad`), `.muted`, `.console-bar`, `.console-main`,
 * `.table-wrap` (a sideways-scrolling box around a table; on a phone a bare
 * `table.data` scrolls by itself).
 */
export const CONSOLE_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body.console{margin:0;font:14px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei",sans-serif;color:#1f2329;background:#f3f4f6}
a{color:#1f6feb}
h1{font-size:20px;margin:4px 0 16px}
h2{font-size:16px;margin:20px 0 8px}
.muted{color:#6b7280;font-size:13px}
.console-bar{position:sticky;top:0;z-index:10;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px;padding:8px 16px;background:#1f2937;color:#e5e7eb}
.console-bar nav{display:flex;flex-wrap:wrap;gap:4px}
.console-bar nav a{padding:6px 10px;border-radius:6px;color:#e5e7eb;text-decoration:none;white-space:nowrap}
.console-bar nav a:hover{background:#374151}
.console-bar nav a.current{background:#2563eb;color:#fff}
.console-bar .logout{display:flex;align-items:center;gap:8px;margin:0}
.console-bar .logout .muted{color:#9ca3af}
.console-main{max-width:1200px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:8px;padding:16px;margin:0 0 16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px;margin:0 0 16px}
.kpi{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.kpi .figure{display:block;font-size:24px;font-weight:600;font-variant-numeric:tabular-nums;line-height:1.3}
.kpi .label{display:block;color:#6b7280;font-size:13px}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:0 0 16px;background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.card .table-wrap{margin:0;border-radius:0;box-shadow:none}
table.data{width:100%;border-collapse:collapse;background:#fff}
table.data th,table.data td{padding:8px 10px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top;white-space:nowrap}
table.data td.wrap{white-space:normal;min-width:180px;overflow-wrap:anywhere}
table.data th{background:#f9fafb;font-weight:600;color:#374151}
table.data tbody tr:nth-child(even){background:#f9fafb}
table.data tbody tr:hover{background:#eef4ff}
table.data td.num,table.data th.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;line-height:18px;background:#e5e7eb;color:#374151;white-space:nowrap}
.badge.ok{background:#dcfce7;color:#166534}
.badge.warn{background:#fef3c7;color:#92400e}
.badge.bad{background:#fee2e2;color:#991b1b}
button,.button{display:inline-block;padding:6px 14px;border:1px solid #2563eb;border-radius:6px;background:#2563eb;color:#fff;font:inherit;text-decoration:none;cursor:pointer}
button.secondary,.button.secondary{background:#fff;color:#2563eb}
button.danger{background:#dc2626;border-color:#dc2626}
input,select,textarea{font:inherit;padding:5px 8px;border:1px solid #d1d5db;border-radius:6px;background:#fff;max-width:100%}
form.inline{display:inline-flex;flex-wrap:wrap;align-items:center;gap:6px;margin:0}
form.filters{display:flex;flex-wrap:wrap;align-items:flex-end;gap:8px 12px;margin:0 0 16px;padding:12px;background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
form.filters label{display:flex;flex-direction:column;gap:2px;font-size:13px;color:#4b5563}
.pager{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0 16px}
.pager a,.pager span{padding:4px 10px;border:1px solid #d1d5db;border-radius:6px;background:#fff;text-decoration:none}
.flash{padding:10px 14px;margin:0 0 16px;border-radius:8px;border:1px solid #d1d5db;background:#fff}
.flash.ok{border-color:#86efac;background:#f0fdf4;color:#166534}
.flash.bad{border-color:#fca5a5;background:#fef2f2;color:#991b1b}
.login{max-width:420px;margin:12vh auto 0;padding:0 16px}
.login .card{padding:24px}
.login button{width:100%;padding:10px;font-size:16px}
@media (max-width:640px){
  .console-bar{padding:6px 8px}
  .console-bar nav a{padding:4px 8px}
  .console-main{padding:10px}
  h1{font-size:18px}
  .kpi .figure{font-size:20px}
  form.filters{flex-direction:column;align-items:stretch}
  table.data{display:block;overflow-x:auto;-webkit-overflow-scrolling:touch}
  table.data.stack{display:table;overflow:visible}
  table.data.stack thead{display:none}
  table.data.stack,table.data.stack tbody,table.data.stack tr,table.data.stack td{display:block;width:100%}
  table.data.stack tr{border-bottom:1px solid #d1d5db;padding:6px 0}
  table.data.stack td{border:0;padding:3px 8px;text-align:left}
  table.data.stack td[data-label]::before{content:attr(data-label) "：";color:#6b7280}
}
`
