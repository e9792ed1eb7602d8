import { CATEGORIES } from './categories.js'
import type { GroupCommandOutcome } from './group-settings.service.js'
import type { GroupRow } from './group.table.js'
import { nextDue } from './push-schedule.js'

function formatLocal(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at)
}

/** An owner's group command (发单, 返利 or 线报转发 settings) sent in a direct chat, where it names no group. */
export const GROUP_COMMAND_IN_DIRECT_CHAT_TEXT = '这是群主在自己的群里用的命令：请到你是群主的群里发送。发送「帮助」查看全部命令。'

/** This group's settings and next push, as 发单设置 shows them. */
export function groupSettingsText(group: GroupRow, now: Date, timeZone: string): string {
  const next = group.push_paused ? undefined : nextDue(group.push_schedules, now, timeZone)
  return [
    `本群设置：`,
    `群内转链返利：${group.rebate_enabled ? '开启' : '关闭'}`,
    `定时发单：${group.push_schedules.length > 0 ? group.push_schedules.join('；') : '未设置'}${group.push_paused ? '（已暂停）' : ''}`,
    `发单类目：${group.push_categories.length > 0 ? group.push_categories.join(' ') : '不限'}`,
    `下次发单：${next ? formatLocal(next, timeZone) : '无'}`,
  ].join('\n')
}

/** The reply to a group command: the change for the owner, one clear line for anyone else. */
export function groupCommandText(outcome: GroupCommandOutcome, now: Date, timeZone: string): string {
  switch (outcome.kind) {
    case 'not-allowed':
      return '只有群主或机器人的运营者可以设置本群的返利和发单。'
    case 'problem':
      return outcome.problem
    case 'unknown-categories':
      return `${outcome.unknown.length > 0 ? `没有「${outcome.unknown.join('、')}」这个类目。` : ''}可选类目：${CATEGORIES.join(' ')}，例如「发单类目 美妆 数码」`
    case 'settings':
      return groupSettingsText(outcome.group, now, timeZone)
    case 'updated': {
      const lead: Record<typeof outcome.command, string> = {
        'rebate-on': '已开启：群成员发商品链接，我会回复领券链接和返利。',
        'rebate-off': '已关闭：群里的商品链接我不再回复。',
        schedule: '定时发单已设置。',
        categories: '发单类目已设置。',
        pause: '定时发单已暂停，发送「恢复发单」继续。',
        resume: '定时发单已恢复。',
        settings: '',
      }
      return `${lead[outcome.command]}\n${groupSettingsText(outcome.group, now, timeZone)}`
    }
  }
}
