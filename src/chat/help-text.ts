/** What `帮助` answers: only commands that work today. */
export function helpText(): string {
  return [
    '我是返利助手，帮你找隐藏优惠券、算返利：',
    '· 直接发淘宝/天猫、京东、拼多多的商品链接、分享文字或淘口令，我回你券后价、预计返利和专属领券链接（一次最多5个）',
    '· 在群里发商品链接，我同样会回复，返利记在发链接的人名下',
    '· 帮助 / 菜单：查看本说明',
  ].join('\n')
}

export const CHATTER_HINT = '发淘宝/京东/拼多多的商品链接或淘口令给我，我帮你找隐藏优惠券、算返利。发送「帮助」查看全部命令。'
