import { describe, expect, it } from 'vitest'
import { PDD_REGISTRATION_TTLS, PddRegistrations } from '../../../src/platforms/pdd/pdd-registrations.js'

describe(PddRegistrations.name, () => {
  const clock = () => {
    const now = { ms: 1_000_000 }
    return { now, registrations: new PddRegistrations(PDD_REGISTRATION_TTLS, () => now.ms) }
  }

  it('keeps a registered user for the positive TTL, and forgets them on request', () => {
    const { now, registrations } = clock()
    expect(registrations.userRegistered('u')).toBe(false)
    registrations.markUserRegistered('u')
    now.ms += PDD_REGISTRATION_TTLS.userPositiveMs - 1
    expect(registrations.userRegistered('u')).toBe(true)
    now.ms += 1
    expect(registrations.userRegistered('u')).toBe(false)
    registrations.markUserRegistered('u')
    registrations.forgetUser('u')
    expect(registrations.userRegistered('u')).toBe(false)
  })

  it('keeps a registered PID long and an unregistered one briefly', () => {
    const { now, registrations } = clock()
    expect(registrations.pid()).toBe('unknown')
    registrations.setPid(false)
    expect(registrations.pid()).toBe('unregistered')
    now.ms += PDD_REGISTRATION_TTLS.pidNegativeMs
    expect(registrations.pid()).toBe('unknown')
    registrations.setPid(true)
    now.ms += PDD_REGISTRATION_TTLS.pidPositiveMs - 1
    expect(registrations.pid()).toBe('registered')
    registrations.forgetPid()
    expect(registrations.pid()).toBe('unknown')
  })
})
