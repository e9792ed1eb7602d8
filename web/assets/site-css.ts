/** The one stylesheet of every page (served from /assets/site.css: the CSP allows no inline style). Mobile first. */
export const SITE_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei",sans-serif;color:#222;background:#f5f5f5;overflow-wrap:anywhere}
main{max-width:480px;margin:0 auto;padding:16px}
h1{font-size:18px;margin:12px 0}
p{margin:8px 0}
img{max-width:100%;height:auto;display:block;border-radius:8px}
.card{background:#fff;border-radius:12px;padding:16px;margin:12px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.muted{color:#888;font-size:14px}
.price{color:#e4393c;font-size:24px;font-weight:700}
.btn{display:block;width:100%;min-height:48px;margin:12px 0;padding:12px;border:0;border-radius:24px;font-size:18px;font-weight:600;text-align:center;text-decoration:none;cursor:pointer;background:#e4393c;color:#fff}
.btn.secondary{background:#fff;color:#e4393c;border:1px solid #e4393c}
.code{display:block;width:100%;padding:12px;border:1px dashed #ccc;border-radius:8px;background:#fafafa;font:16px monospace;word-break:break-all;user-select:all}
.notice{background:#fff7e6;border:1px solid #ffd591;border-radius:8px;padding:12px}
`
