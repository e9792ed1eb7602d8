import { describe, expect, it } from 'vitest'
import { SenderOrder } from '../../../src/pictures/sender-order.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs messages as they arrive (`p` picture, `t` text, each with how long its handling takes) and says in which order they finished. */
async function finishOrder(messages: readonly (readonly [name: string, kind: 'p' | 't', ms: number, sender?: string])[]): Promise<string[]> {
  const order = new SenderOrder()
  const finished: string[] = []
  await Promise.all(
    messages.map(([name, kind, ms, sender = 'room\nposter']) =>
      order.run(sender, kind === 'p', async () => {
        await sleep(ms)
        finished.push(name)
      }),
    ),
  )
  return finished
}

describe(SenderOrder.name, () => {
  it.each([
    ['a slow picture holds the copy after it', [['pic', 'p', 40], ['copy', 't', 1]], ['pic', 'copy']],
    ['a slow copy holds the picture after it', [['copy', 't', 40], ['pic', 'p', 1]], ['copy', 'pic']],
    ['pictures keep their order', [['p1', 'p', 30], ['p2', 'p', 1]], ['p1', 'p2']],
    ['two texts never wait for each other', [['slow', 't', 40], ['fast', 't', 1]], ['fast', 'slow']],
    ['another sender is never held', [['pic', 'p', 40], ['other', 't', 1, 'room\nsomeone']], ['other', 'pic']],
  ] as const)('%s', async (_name, messages, expected) => {
    expect(await finishOrder(messages)).toEqual(expected)
  })

  it('a failed message does not stop the next one', async () => {
    const order = new SenderOrder()
    const failing = order.run('s', true, async () => {
      throw new Error('download failed')
    })
    await expect(failing).rejects.toThrow('download failed')
    await expect(order.run('s', false, async () => 'answered')).resolves.toBe('answered')
  })
})
