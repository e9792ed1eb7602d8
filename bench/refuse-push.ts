/** The latency benches answer shoppers only: a push there would be a bug in the bench, so it fails loudly. */
export async function refusePush(): Promise<void> {
  throw new Error('this bench pushes nothing')
}
