/**
 * What a landing page needs to know from a User-Agent header: opened inside
 * WeChat (where Taobao links are blocked), which browser family, and whether
 * the request is a machine (a link-preview fetch, a crawler, a script) that
 * must be kept but never counted as a click.
 *
 * Sources of the tokens (the strings themselves are in
 * test/unit/clicks/user-agent.test.ts, each with where it came from):
 * - crawlers and previewers: monperrus/crawler-user-agents
 *   (crawler-user-agents.json), omrilotan/isbot (fixtures/crawlers.yml),
 *   JayBizzle/Crawler-Detect (raw/Crawlers.json);
 * - Chinese in-app browsers: dromara/hutool (UserAgentUtilTest.java),
 *   faisalman/ua-parser-js (test/data/ua/browser/browser-all.json),
 *   matomo-org/device-detector (Tests/fixtures).
 *
 * WeChat's own fetches: no public source documents a WeChat link-preview
 * crawler with a User-Agent of its own (UNCERTAIN). A URL sent as text in a
 * chat is shown as a plain link, and share cards are built from what the
 * page hands the JS-SDK, so no preview fetch is expected for our links. The
 * WeChat-shaped machine traffic that is documented is Tencent Cloud's
 * security scan and the WeChat developer tools (isbot's crawler fixtures
 * list "MicroMessenger/… wechatdevtools qcloudcdn-xinan"); both are bots here
 * even though they carry MicroMessenger.
 */

export type BrowserFamily =
  | 'wechat'
  | 'wecom'
  | 'qq'
  | 'alipay'
  | 'taobao'
  | 'dingtalk'
  | 'weibo'
  | 'baidu'
  | 'uc'
  | 'quark'
  | 'qqbrowser'
  | 'samsung'
  | 'huawei'
  | 'miui'
  | 'edge'
  | 'opera'
  | 'firefox'
  | 'chrome'
  | 'safari'
  | 'bot'
  | 'other'

export interface UserAgentInfo {
  /** Inside WeChat's or WeCom's in-app browser (MicroMessenger): Taobao links do not open there. */
  readonly inWechat: boolean
  readonly browser: BrowserFamily
  /** A link-preview fetch, crawler or script: recorded, never counted as a click. */
  readonly isBot: boolean
}

/** Enough of any real browser's header; longer input is cut so a hostile header costs no more than this. */
const MAX_UA_CHARS = 512

/*
 * Named fetchers first, then the generic words. WhatsApp's own in-app
 * traffic does not exist (it opens the system browser), but its preview
 * fetch starts with "WhatsApp/"; the bare word is not matched so that a
 * browser string mentioning it is not taken for a bot. "Sogou" is a spider
 * only with "spider" (SogouMobileBrowser is a browser); "cubot" is a phone.
 */
const BOT_PATTERNS: readonly RegExp[] = [
  /facebookexternalhit|facebookcatalog|facebot|meta-externalagent|meta-externalfetcher/i,
  /twitterbot|slackbot|slack-imgproxy|telegrambot|discordbot|linkedinbot|pinterestbot|redditbot|skypeuripreview|vkshare|embedly|iframely|quora link preview|bitlybot|dingtalkbot/i,
  /^whatsapp\b|\bwhatsapp\/\d/i,
  /googlebot|google-inspectiontool|adsbot-google|mediapartners-google|apis-google|feedfetcher-google|google-read-aloud|googleother|bingbot|bingpreview|applebot|duckduckbot|yandex(?:bot|images|mobilebot)|petalbot|slurp/i,
  /baiduspider|yisouspider|sogou[\w ]*spider|360spider|haosouspider|bytespider|toutiaospider|sosospider|yodaobot/i,
  /^curl\b|^wget\b|python-requests|python-urllib|python-httpx|aiohttp|go-http-client|okhttp|^axios\/|node-fetch|undici|^java\/|apache-httpclient|libwww-perl|scrapy|postmanruntime|^httpie/i,
  /headlesschrome|phantomjs|wechatdevtools|qcloudcdn-xinan/i,
  /(?<!cu)bot\b|spider|crawler|\bcrawl/i,
]

/** First match wins: an in-app browser's string also carries the engine's tokens (Chrome, Safari, MQQBrowser…). */
const BROWSER_PATTERNS: ReadonlyArray<readonly [BrowserFamily, RegExp]> = [
  ['wecom', /wxwork\//i],
  ['wechat', /micromessenger/i],
  ['qq', /\sQQ\/\d/],
  ['alipay', /alipayclient|aliapp\(ap\//i],
  ['taobao', /aliapp\(tb\/|tbandroid|taobao_android/i],
  ['dingtalk', /dingtalk/i],
  ['weibo', /__weibo__|weibo/i],
  ['baidu', /baiduboxapp/i],
  ['quark', /quark\//i],
  ['uc', /ucbrowser|ubrowser\/|ucweb/i],
  ['qqbrowser', /qqbrowser/i],
  ['samsung', /samsungbrowser/i],
  ['huawei', /huaweibrowser/i],
  ['miui', /miuibrowser/i],
  ['edge', /\bedg(?:e|a|ios)?\//i],
  ['opera', /\bopr\/|opera|opios\//i],
  ['firefox', /firefox\/|fxios\//i],
  ['chrome', /chrome\/|crios\//i],
  ['safari', /version\/[\d.]+.*safari\/|mobilesafari\//i],
]

export function classifyUserAgent(header: string | undefined): UserAgentInfo {
  const ua = (header ?? '').slice(0, MAX_UA_CHARS).trim()
  if (ua === '' || BOT_PATTERNS.some((pattern) => pattern.test(ua))) return { inWechat: false, browser: 'bot', isBot: true }
  const browser = BROWSER_PATTERNS.find(([, pattern]) => pattern.test(ua))?.[0] ?? 'other'
  return { inWechat: browser === 'wechat' || browser === 'wecom', browser, isBot: false }
}
