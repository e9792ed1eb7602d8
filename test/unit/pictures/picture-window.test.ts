import { describe, expect, it } from 'vitest'
import { followsCopy, MAX_PICTURES_PER_COPY, picturesBeforeCopy, type WaitingPicture } from '../../../src/pictures/picture-window.js'

const W = 30_000

/**
 * Plays one sender's messages through both rules, as the service does: `p1@0` a picture at 0 s, `c1@5` a copy at
 * 5 s. Each copy comes out as `before… cN after…`; pictures that went with no copy are not shown.
 */
function play(script: string, windowMs = W): string[] {
  const waiting: WaitingPicture[] = []
  const posts: { name: string; at: number; before: string[]; after: string[] }[] = []
  for (const event of script.split(' ')) {
    const [name = '', seconds = ''] = event.split('@')
    const at = Number(seconds) * 1000
    const latest = posts.at(-1)
    if (name.startsWith('c')) {
      const before = picturesBeforeCopy(waiting, at, latest?.at, windowMs).map((p) => p.id)
      for (const id of before) waiting.splice(waiting.findIndex((p) => p.id === id), 1)
      posts.push({ name, at, before, after: [] })
    } else if (latest && followsCopy(at, { postedAtMs: latest.at, picturesBefore: latest.before.length, picturesAfter: latest.after.length }, windowMs)) {
      latest.after.push(name)
    } else {
      waiting.push({ id: name.slice(1), receivedAtMs: at })
    }
  }
  return posts.map((post) => [...post.before.map((id) => `p${id}`), post.name, ...post.after].join(' '))
}

describe('which pictures go with a copy (PICTURE_WINDOW_SECONDS = 30)', () => {
  it.each([
    ['picture then copy: before it', 'p1@0 c1@5', ['p1 c1']],
    ['copy then picture: after it', 'c1@0 p1@5', ['c1 p1']],
    ['picture→text→picture→text pairs each picture with the copy after it', 'p1@0 c1@2 p2@10 c2@12', ['p1 c1', 'p2 c2']],
    ['text→picture→text→picture pairs each picture with the copy before it', 'c1@0 p1@2 c2@10 p2@12', ['c1 p1', 'c2 p2']],
    ['several pictures keep the order received', 'p1@0 p2@1 p3@2 c1@3', ['p1 p2 p3 c1']],
    ['several pictures after a copy, in order', 'c1@0 p1@1 p2@2', ['c1 p1 p2']],
    ['a picture before a copy with pictures is the next copy’s', 'p1@0 c1@1 p2@3 c2@40', ['p1 c1', 'c2']],
    ['…unless the next copy is more than the window away', 'p1@0 c1@1 p2@3 c2@34', ['p1 c1', 'c2']],
    ['…and within it, it goes before', 'p1@0 c1@1 p2@3 c2@33', ['p1 c1', 'p2 c2']],
    ['a picture more than the window before a copy goes nowhere', 'p1@0 c1@31', ['c1']],
    ['exactly the window before still goes', 'p1@0 c1@30', ['p1 c1']],
    ['a picture more than the window after a copy goes nowhere', 'c1@0 p1@31', ['c1']],
    ['exactly the window after still goes', 'c1@0 p1@30', ['c1 p1']],
    ['a picture used after one copy does not go before the next', 'c1@0 p1@2 c2@4', ['c1 p1', 'c2']],
    ['a picture before the previous copy is not the next copy’s', 'p1@0 c1@1 c2@2', ['p1 c1', 'c2']],
    ['a picture alone goes nowhere', 'p1@0', []],
    ['a copy alone has no pictures', 'c1@0', ['c1']],
  ])('%s', (_name, script, expected) => {
    expect(play(script)).toEqual(expected)
  })

  it('at most nine go before a copy: the nine nearest it, in order', () => {
    const script = [...Array.from({ length: 11 }, (_, i) => `p${i + 1}@${i}`), 'c1@12'].join(' ')
    expect(play(script)).toEqual(['p3 p4 p5 p6 p7 p8 p9 p10 p11 c1'])
  })

  it('at most nine follow a copy; the tenth waits for the next copy', () => {
    const script = ['c1@0', ...Array.from({ length: 10 }, (_, i) => `p${i + 1}@${i + 1}`), 'c2@12'].join(' ')
    expect(play(script)).toEqual(['c1 p1 p2 p3 p4 p5 p6 p7 p8 p9', 'p10 c2'])
    expect(MAX_PICTURES_PER_COPY).toBe(9)
  })

  it('0 turns pictures off both ways', () => {
    expect(play('p1@0 c1@1 p2@2', 0)).toEqual(['c1'])
  })

  it('pictures received in the same millisecond keep their id order (bigserial, numerically)', () => {
    const same = [
      { id: '10', receivedAtMs: 0 },
      { id: '9', receivedAtMs: 0 },
    ]
    expect(picturesBeforeCopy(same, 1000, undefined, W).map((p) => p.id)).toEqual(['9', '10'])
  })
})
