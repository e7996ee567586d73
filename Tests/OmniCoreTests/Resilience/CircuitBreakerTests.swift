import OmniCore
import Testing

private let t0 = CivilTime(year: 2026, month: 11, day: 26, hour: 9).instant
private let apiKey = ResilienceProfile.defaults[.apiKey]!
private let noHeaders: HeaderFields = [:]

/// Feeds one classified failure's effect to the breaker, as the engine does.
private func fail(_ breaker: inout CircuitBreaker, status: Int, at now: Instant, settings: BreakerSettings = apiKey.breaker) -> BreakerTransition? {
    let verdict = ErrorClassifier.classify(.http(status: status, headers: noHeaders, body: []), now: now, settings: apiKey.cooldown)
    guard verdict.effect == .breakerFailure else { return nil }
    return breaker.recordFailure(now: now, settings: settings)
}

@Suite("CircuitBreaker")
struct CircuitBreakerTests {
    @Test("five 503s open the breaker; after resetTimeout one probe goes through and its success closes it")
    func fiveFailuresOpenThenProbeCloses() {
        let settings = apiKey.breaker
        var breaker = CircuitBreaker()
        var timeline: [BreakerTransition] = []
        for i in 0..<4 {
            #expect(fail(&breaker, status: 503, at: t0 + .seconds(Int64(i))) == nil)
            #expect(breaker.state == .closed)
        }
        let opened = t0 + .seconds(4)
        timeline += [fail(&breaker, status: 503, at: opened)].compactMap { $0 }
        #expect(breaker.state == .open)
        #expect(breaker.availableAt(now: opened, settings: settings) == opened + .seconds(30))
        #expect(breaker.availableAt(now: opened + .seconds(29), settings: settings) > opened + .seconds(29))

        let probeTime = opened + .seconds(30)
        #expect(breaker.availableAt(now: probeTime, settings: settings) <= probeTime)
        timeline += [breaker.acquire(now: probeTime, settings: settings)].compactMap { $0 }
        #expect(breaker.state == .halfOpen)
        // One probe slot by default: the next request waits for the probe's outcome.
        #expect(breaker.availableAt(now: probeTime, settings: settings) == .distantFuture)

        timeline += [breaker.recordSuccess(now: probeTime + .seconds(1), settings: settings)].compactMap { $0 }
        #expect(breaker.state == .closed)
        #expect(breaker.availableAt(now: probeTime + .seconds(1), settings: settings) <= probeTime + .seconds(1))
        #expect(timeline == [
            BreakerTransition(from: .closed, to: .open, at: opened),
            BreakerTransition(from: .open, to: .halfOpen, at: probeTime),
            BreakerTransition(from: .halfOpen, to: .closed, at: probeTime + .seconds(1)),
        ])
    }

    @Test("a success while closed resets the count of failures in a row")
    func successResetsFailureCount() {
        let settings = apiKey.breaker
        var breaker = CircuitBreaker()
        for _ in 0..<4 { breaker.recordFailure(now: t0, settings: settings) }
        breaker.recordSuccess(now: t0, settings: settings)
        #expect(breaker.consecutiveFailures == 0)
        for _ in 0..<4 { breaker.recordFailure(now: t0, settings: settings) }
        #expect(breaker.state == .closed)
        breaker.recordFailure(now: t0, settings: settings)
        #expect(breaker.state == .open)
    }

    @Test("each failed probe reopens for factor × longer, capped; a close forgets the escalation")
    func escalationDoublesAndCaps() {
        let settings = BreakerSettings(failureThreshold: 1, resetTimeout: .seconds(10), maxResetTimeout: .seconds(35))
        var breaker = CircuitBreaker()
        var now = t0
        breaker.recordFailure(now: now, settings: settings)
        var openTimes: [Span] = [breaker.reopenAt - now]
        for _ in 0..<4 {
            now = breaker.reopenAt
            let probe = breaker.acquire(now: now, settings: settings)
            #expect(probe?.to == .halfOpen)
            let reopened = breaker.recordFailure(now: now, settings: settings)
            #expect(reopened == BreakerTransition(from: .halfOpen, to: .open, at: now))
            openTimes.append(breaker.reopenAt - now)
        }
        #expect(openTimes == [.seconds(10), .seconds(20), .seconds(35), .seconds(35), .seconds(35)])

        now = breaker.reopenAt
        breaker.acquire(now: now, settings: settings)
        breaker.recordSuccess(now: now, settings: settings)
        #expect(breaker.state == .closed)
        #expect(breaker.openings == 0)
        breaker.recordFailure(now: now, settings: settings)
        #expect(breaker.reopenAt - now == .seconds(10))
    }

    @Test("open durations: resetTimeout × factor^(n-1), capped at maxResetTimeout")
    func openDurationTable() {
        let settings = apiKey.breaker  // 30 s, ×2, capped at 10 min
        let table = (1...7).map { CircuitBreaker.openDuration(opening: Int32($0), settings: settings) }
        #expect(table == [.seconds(30), .seconds(60), .seconds(120), .seconds(240), .seconds(480), .minutes(10), .minutes(10)])
        #expect(CircuitBreaker.openDuration(opening: .max, settings: settings) == .minutes(10))
        let flat = BreakerSettings(failureThreshold: 1, resetTimeout: .seconds(5), maxResetTimeout: .seconds(60), escalationFactor: 1)
        #expect(CircuitBreaker.openDuration(opening: 9, settings: flat) == .seconds(5))
    }

    @Test("half-open lets halfOpenProbes through at once and closes after successesToClose")
    func halfOpenProbeLimits() {
        let settings = BreakerSettings(failureThreshold: 1, resetTimeout: .seconds(5), maxResetTimeout: .minutes(1),
                                       halfOpenProbes: 2, successesToClose: 2)
        var breaker = CircuitBreaker()
        breaker.recordFailure(now: t0, settings: settings)
        let now = t0 + .seconds(5)
        breaker.acquire(now: now, settings: settings)
        #expect(breaker.availableAt(now: now, settings: settings) == now)
        breaker.acquire(now: now, settings: settings)
        #expect(breaker.probesInFlight == 2)
        #expect(breaker.availableAt(now: now, settings: settings) == .distantFuture)

        // A probe that ended neither way gives its slot back.
        breaker.releaseProbe()
        #expect(breaker.availableAt(now: now, settings: settings) == now)
        breaker.acquire(now: now, settings: settings)

        let firstSuccess = breaker.recordSuccess(now: now, settings: settings)
        #expect(firstSuccess == nil)
        #expect(breaker.state == .halfOpen)
        let secondSuccess = breaker.recordSuccess(now: now, settings: settings)
        #expect(secondSuccess == BreakerTransition(from: .halfOpen, to: .closed, at: now))
    }

    @Test("a failed probe reopens at once, and late results of other requests while open change nothing")
    func probeFailureReopens() {
        let settings = BreakerSettings(failureThreshold: 1, resetTimeout: .seconds(5), maxResetTimeout: .minutes(1), halfOpenProbes: 3)
        var breaker = CircuitBreaker()
        breaker.recordFailure(now: t0, settings: settings)
        let now = t0 + .seconds(5)
        for _ in 0..<3 { breaker.acquire(now: now, settings: settings) }
        breaker.recordFailure(now: now, settings: settings)
        #expect(breaker.state == .open)
        #expect(breaker.probesInFlight == 0)
        let reopenAt = breaker.reopenAt
        let lateSuccess = breaker.recordSuccess(now: now, settings: settings)
        #expect(lateSuccess == nil)
        let lateFailure = breaker.recordFailure(now: now, settings: settings)
        #expect(lateFailure == nil)
        #expect(breaker.state == .open)
        #expect(breaker.reopenAt == reopenAt)
    }

    @Test("a forced reset closes the breaker and forgets the escalation")
    func forcedReset() {
        let settings = BreakerSettings(failureThreshold: 1, resetTimeout: .seconds(5), maxResetTimeout: .minutes(1))
        var breaker = CircuitBreaker()
        breaker.recordFailure(now: t0, settings: settings)
        let forced = breaker.reset(now: t0 + .seconds(1))
        #expect(forced == BreakerTransition(from: .open, to: .closed, at: t0 + .seconds(1)))
        #expect(breaker == CircuitBreaker())
        let again = breaker.reset(now: t0)
        #expect(again == nil)
    }

    @Test("nonsensical settings (threshold 0, no probes) act as 1")
    func zeroSettingsActAsOne() {
        let settings = BreakerSettings(failureThreshold: 0, resetTimeout: .seconds(1), maxResetTimeout: .seconds(1),
                                       halfOpenProbes: 0, successesToClose: 0)
        var breaker = CircuitBreaker()
        breaker.recordFailure(now: t0, settings: settings)
        #expect(breaker.state == .open)
        breaker.acquire(now: t0 + .seconds(1), settings: settings)
        #expect(breaker.availableAt(now: t0 + .seconds(1), settings: settings) == .distantFuture)
        breaker.recordSuccess(now: t0 + .seconds(1), settings: settings)
        #expect(breaker.state == .closed)
    }

    @Test("state names are the stable strings reports use")
    func stateNames() {
        #expect(BreakerState.allCases.map(\.rawValue) == ["closed", "open", "half_open"])
    }

    @Test("the breaker stays small enough for per-account arrays")
    func compact() {
        #expect(MemoryLayout<CircuitBreaker>.stride <= 32)
        #expect(MemoryLayout<RateLimitState>.stride <= 24)
        #expect(MemoryLayout<CooldownState>.stride <= 16)
        #expect(MemoryLayout<Lockout>.stride <= 16)
    }
}
