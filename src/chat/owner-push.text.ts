/**
 * 推送 from someone the bot knows as owner of none of its groups — a group
 * member, a stranger, or an owner whose group the bot has not recorded yet
 * (a group is recorded when its owner first sends a group command there).
 * Only a group's owner pushes, to the groups they own; WeChat's group admins
 * (管理员) cannot, so the line names the owner alone.
 */
export const PUSH_NOT_OWNER_TEXT =
  '「推送」只有群主能用，我这里还没有你当群主的群。如果你是群主：把我拉进群，在群里发一次「发单设置」，再私聊我「推送 商品链接」。'
