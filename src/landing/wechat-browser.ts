/** Whether a page is opened in WeChat's built-in browser, which will not open Taobao (its user agent names MicroMessenger). */
export function isWeChatBrowser(userAgent: string): boolean {
  return /MicroMessenger/i.test(userAgent)
}
