/** Chat copy of 后台 (the console's login link); the pages' copy lives with the pages. */

export function consoleLoginLinkText(url: string, validMinutes: number): string {
  return [
    '管理后台登录链接（仅限你本人使用）：',
    url,
    `链接${validMinutes}分钟内有效，只能用一次；打开后点「进入后台」。不要转发给任何人，过期了再发「后台」获取新的。`,
  ].join('\n')
}

/** In a group the link must not be posted: whoever opens it first would be logged in as the operator. */
export const CONSOLE_LOGIN_IN_GROUP_TEXT = '后台登录链接请私聊我发送「后台」获取，不要在群里发。'
