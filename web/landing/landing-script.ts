/**
 * The landing page's script, served from /assets/landing.js (the CSP allows
 * no inline code). Copies the 淘口令 with the Clipboard API, else by
 * selecting the read-only field and execCommand('copy') (older WeChat and
 * plain-http pages), and reports each press with sendBeacon.
 */
export const LANDING_SCRIPT = `(function () {
  var page = document.querySelector('[data-code]')
  if (!page) return
  var code = page.getAttribute('data-code')
  function report(action) {
    var url = '/s/' + encodeURIComponent(code) + '/press?action=' + action
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url)) return
    } catch (e) {}
    try {
      fetch(url, { method: 'POST', keepalive: true, credentials: 'omit' })
    } catch (e) {}
  }
  var field = document.getElementById('tpwd')
  var copy = document.getElementById('copy')
  var status = document.getElementById('copy-status')
  function selectField() {
    field.focus()
    field.select()
    try {
      field.setSelectionRange(0, field.value.length)
    } catch (e) {}
  }
  function copied(ok) {
    if (!ok) selectField()
    if (status) status.textContent = ok ? '已复制淘口令，打开手机淘宝即可领券购买' : '口令已选中，请长按选择“复制”'
  }
  function fallback() {
    selectField()
    var ok = false
    try {
      ok = document.execCommand('copy')
    } catch (e) {}
    copied(ok)
  }
  if (field && copy) {
    copy.addEventListener('click', function () {
      report('copy')
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { copied(true) }, fallback)
      } else {
        fallback()
      }
    })
  }
  var open = document.querySelectorAll('[data-press="open"]')
  for (var i = 0; i < open.length; i++) open[i].addEventListener('click', function () { report('open') })
})()
`
