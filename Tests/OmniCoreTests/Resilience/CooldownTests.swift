import OmniCore
import Testing

private let t0 = CivilTime(year: 2026, month: 11, day: 26, hour: 9).instant
private let settings = CooldownSettings(base: .seconds(5), max: .minutes(5))

@Suite("Cooldown")
struct CooldownTests {
    @Test("backoff doubles from base and stops at max")
    func backoffDoublesAndCaps() {
        let waits = (1...9).map { settings.backoff(consecutive: $0) }
        #expect(waits == [.seconds(5), .seconds(10), .seconds(20), .seconds(40), .seconds(80), .seconds(160),
                          .minutes(5), .minutes(5), .minutes(5)])
        #expect(settings.backoff(consecutive: 0) == .seconds(5))
        #expect(settings.backoff(consecutive: .max) == .minutes(5))
        #expect(CooldownSettings(base: .seconds(2), max: .minutes(1), factor: 3).backoff(consecutive: 3) == .seconds(18))
    }

    @Test("a Retry-After is held to the cap, and a past one means now")
    func clampRetryAfter() {
        #expect(settings.clamp(t0 + .hours(2), now: t0) == t0 + .minutes(5))
        #expect(settings.clamp(t0 + .seconds(42), now: t0) == t0 + .seconds(42))
        #expect(settings.clamp(t0 - .seconds(42), now: t0) == t0)
    }

    @Test("rate limits in a row back off exponentially; a success starts over")
    func cooldownBackoff() {
        var state = CooldownState()
        var now = t0
        let first = state.coolDown(now: now, until: nil, settings: settings)
        #expect(first == now + .seconds(5))
        #expect(state.isCoolingDown(now: now))
        now = state.until
        #expect(!state.isCoolingDown(now: now))
        let second = state.coolDown(now: now, until: nil, settings: settings)
        #expect(second == now + .seconds(10))
        now = state.until
        let third = state.coolDown(now: now, until: nil, settings: settings)
        #expect(third == now + .seconds(20))
        #expect(state.consecutive == 3)
        state.recordSuccess()
        now = state.until
        let afterSuccess = state.coolDown(now: now, until: nil, settings: settings)
        #expect(afterSuccess == now + .seconds(5))
    }

    @Test("429s arriving while already cooling down are one episode: they extend, never escalate")
    func sameEpisode() {
        var state = CooldownState()
        state.coolDown(now: t0, until: nil, settings: settings)
        state.coolDown(now: t0 + .seconds(1), until: nil, settings: settings)
        state.coolDown(now: t0 + .seconds(2), until: nil, settings: settings)
        #expect(state.consecutive == 1)
        #expect(state.until == t0 + .seconds(7))
        // An upstream's earlier time does not shorten a running cooldown.
        state.coolDown(now: t0 + .seconds(3), until: t0 + .seconds(4), settings: settings)
        #expect(state.until == t0 + .seconds(7))
    }

    @Test("what the upstream said wins over backoff, clamped to the cap")
    func upstreamSaid() {
        var state = CooldownState()
        let honoured = state.coolDown(now: t0, until: t0 + .seconds(42), settings: settings)
        #expect(honoured == t0 + .seconds(42))
        var other = CooldownState()
        let capped = other.coolDown(now: t0, until: t0 + .days(1), settings: settings)
        #expect(capped == t0 + .minutes(5))
        other.clear()
        #expect(other == CooldownState())
        #expect(other.availableAt(now: t0) <= t0)
    }
}

@Suite("Lockout")
struct LockoutTests {
    @Test("a locked account lets one re-test through after lockoutRetest; its failure locks again")
    func retestFailure() {
        var lockout = Lockout()
        #expect(lockout.availableAt(now: t0) <= t0)
        let whileUnlocked = lockout.acquire(now: t0)
        #expect(!whileUnlocked)
        lockout.lock(now: t0, settings: settings)
        #expect(lockout.isLocked)
        #expect(lockout.availableAt(now: t0) == t0 + .minutes(10))
        let early = lockout.acquire(now: t0 + .minutes(9))
        #expect(!early)

        let retest = t0 + .minutes(10)
        let retestGoes = lockout.acquire(now: retest)
        #expect(retestGoes)
        #expect(lockout.availableAt(now: retest) == .distantFuture)
        let secondRetest = lockout.acquire(now: retest)
        #expect(!secondRetest)  // only one re-test at a time

        lockout.recordFailure(now: retest + .seconds(1), settings: settings)
        #expect(lockout.state == .locked)
        #expect(lockout.availableAt(now: retest) == retest + .seconds(1) + .minutes(10))
    }

    @Test("a successful re-test unlocks the account")
    func retestSuccess() {
        var lockout = Lockout()
        lockout.lock(now: t0, settings: settings)
        let retestGoes = lockout.acquire(now: t0 + .minutes(10))
        #expect(retestGoes)
        lockout.recordSuccess()
        #expect(!lockout.isLocked)
        #expect(lockout.availableAt(now: t0 + .minutes(10)) <= t0 + .minutes(10))
    }

    @Test("a re-test that ended neither way is given back; unlocking by hand works any time")
    func releaseAndUnlock() {
        var lockout = Lockout()
        lockout.lock(now: t0, settings: settings)
        _ = lockout.acquire(now: t0 + .minutes(10))
        lockout.releaseRetest()
        #expect(lockout.state == .locked)
        let nextRetest = lockout.acquire(now: t0 + .minutes(11))
        #expect(nextRetest)
        lockout.unlock()
        #expect(lockout == Lockout())
    }
}
