/** Reply copy of 绑定淘宝 (chat and the chat notice); the pages' copy lives with the pages. */

export function taobaoBindLinkText(url: string, validMinutes: number): string {
  return [
    '点下面的链接，用淘宝账号授权一次，以后你在淘宝下的单会自动记到你名下，不用再发订单号认领：',
    url,
    `链接${validMinutes}分钟内有效，只能用一次，请不要转发给别人。`,
  ].join('\n')
}

export const TAOBAO_ALREADY_BOUND_TEXT = '你已经绑定过淘宝了，淘宝订单会自动记到你名下，不用再绑定。'

/** In a group the link must not be posted: whoever opens it would bind their Taobao to the sender. */
export const TAOBAO_BIND_IN_GROUP_TEXT = '绑定淘宝请私聊我发送「绑定淘宝」，授权链接只能你本人用。'

/** The chat notice once the binding is stored. */
export const TAOBAO_BOUND_NOTICE = '淘宝授权成功，以后你的淘宝订单会自动记到你名下。发淘宝链接给我，照常领券下单就行。'
