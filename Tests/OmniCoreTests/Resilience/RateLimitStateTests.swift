import OmniCore
import Testing

private let t0 = CivilTime(year: 2026, month: 11, day: 26, hour: 9).instant

/// Plays requests arriving at random against one state: each starts at the first moment
/// the state allows (its arrival, or `availableAt` if later) and ends at once, so only the
/// per-minute limit is in play. Returns the start times.
private func greedyStarts(rpm: Int, burst: Int?, arrivals: Int, random: inout SplitMix64) -> [Instant] {
    let limits = AccountLimits(requestsPerMinute: rpm)
    var state = RateLimitState()
    var now = t0
    var starts: [Instant] = []
    for _ in 0..<arrivals {
        // Gaps from 0 (a burst) to 20 s, in milliseconds; a third of them zero.
        now = now + (random.chance(33) ? .zero : .milliseconds(Int64(random.int(1...20_000))))
        let start = max(now, state.availableAt(now: now, limits: limits, burst: burst))
        #expect(state.availableAt(now: start, limits: limits, burst: burst) <= start)
        state.start(now: start, limits: limits)
        state.finish()
        starts.append(start)
        now = start
    }
    return starts
}

/// The most starts in any half-open window [t, t + width): a fullest window begins at a start.
private func mostStarts(in width: Span, _ starts: [Instant]) -> Int {
    var most = 0, end = 0
    for begin in starts.indices {
        while end < starts.count, starts[end] < starts[begin] + width { end += 1 }
        most = max(most, end - begin)
    }
    return most
}

@Suite("RateLimitState")
struct RateLimitStateTests {
    @Test("GCRA allows a burst of rpm at once, then one per 60 s / rpm")
    func burstThenSteadyRate() {
        let limits = AccountLimits(requestsPerMinute: 6)  // one per 10 s
        var state = RateLimitState()
        for _ in 0..<6 {
            #expect(state.availableAt(now: t0, limits: limits) <= t0)
            state.start(now: t0, limits: limits)
        }
        #expect(state.availableAt(now: t0, limits: limits) == t0 + .seconds(10))
        state.start(now: t0 + .seconds(10), limits: limits)
        #expect(state.availableAt(now: t0 + .seconds(10), limits: limits) == t0 + .seconds(20))
        // Idle for a minute: the whole burst is back.
        let later = t0 + .seconds(80)
        for _ in 0..<6 { #expect(state.availableAt(now: later, limits: limits) <= later); state.start(now: later, limits: limits) }
        #expect(state.availableAt(now: later, limits: limits) > later)
    }

    @Test("burst 1 spaces every start by the emission interval")
    func burstOne() {
        let limits = AccountLimits(requestsPerMinute: 60)
        var state = RateLimitState()
        state.start(now: t0, limits: limits)
        #expect(state.availableAt(now: t0, limits: limits, burst: 1) == t0 + .seconds(1))
    }

    @Test("the emission interval is rounded up, so rpm × interval is never under a minute")
    func intervalRoundsUp() {
        for rpm in [1, 7, 60, 61, 997, 10_000, 7_000_000] {
            let interval = RateLimitState.emissionInterval(rpm: rpm)
            #expect(interval * Int64(rpm) >= .minutes(1))
            #expect(interval * Int64(rpm) < .minutes(1) + .nanoseconds(Int64(rpm)))
        }
    }

    // Property (seeds 1...40, rpm 1...30, 300 arrivals each, gaps 0–20 s, every start at the
    // earliest allowed instant): with burst 1 no 60 s window [t, t+60 s) ever holds more than
    // rpm starts; with the default burst (rpm) no window of width W holds more than
    // rpm + ⌈W / T⌉ − 1 starts (T = 60 s / rpm), which for W = 60 s is 2·rpm − 1, and
    // a window shorter than T never more than rpm.
    @Test("property: starts in any window stay within the GCRA bound", arguments: 1...40)
    func windowBound(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        let rpm = random.int(1...30)
        let interval = RateLimitState.emissionInterval(rpm: rpm)

        let strict = greedyStarts(rpm: rpm, burst: 1, arrivals: 300, random: &random)
        #expect(mostStarts(in: .minutes(1), strict) <= rpm)

        let bursty = greedyStarts(rpm: rpm, burst: nil, arrivals: 300, random: &random)
        #expect(mostStarts(in: .minutes(1), bursty) <= 2 * rpm - 1)
        #expect(mostStarts(in: interval, bursty) <= rpm)
        for _ in 0..<20 {
            let width = Span.milliseconds(Int64(random.int(1...180_000)))
            let windows = (width.nanoseconds + interval.nanoseconds - 1) / interval.nanoseconds
            #expect(mostStarts(in: width, bursty) <= rpm + Int(windows) - 1)
        }
    }

    @Test("minGap holds the next start back from the last one")
    func minimumGap() {
        let limits = AccountLimits(minGap: .milliseconds(250))
        var state = RateLimitState()
        #expect(state.availableAt(now: t0, limits: limits) <= t0)
        state.start(now: t0, limits: limits)
        #expect(state.availableAt(now: t0, limits: limits) == t0 + .milliseconds(250))
        state.finish()
        #expect(state.availableAt(now: t0, limits: limits) == t0 + .milliseconds(250))
    }

    @Test("maxConcurrent in flight holds new starts until one finishes")
    func concurrency() {
        let limits = AccountLimits(maxConcurrent: 2)
        var state = RateLimitState()
        state.start(now: t0, limits: limits)
        #expect(state.availableAt(now: t0, limits: limits) <= t0)
        state.start(now: t0, limits: limits)
        #expect(state.availableAt(now: t0, limits: limits) == .distantFuture)
        state.finish()
        #expect(state.availableAt(now: t0, limits: limits) <= t0)
        state.finish()
        state.finish()  // one too many: the count stays at zero
        #expect(state.inFlight == 0)
    }

    @Test("the earliest start satisfies all three limits at once")
    func allLimitsTogether() {
        let limits = AccountLimits(requestsPerMinute: 2, minGap: .seconds(5), maxConcurrent: 1)
        var state = RateLimitState()
        state.start(now: t0, limits: limits)
        #expect(state.availableAt(now: t0, limits: limits) == .distantFuture)
        state.finish()
        #expect(state.availableAt(now: t0, limits: limits) == t0 + .seconds(5))
        state.start(now: t0 + .seconds(5), limits: limits)
        state.finish()
        // Burst of 2 spent: the next is due one interval (30 s) after the burst began.
        #expect(state.availableAt(now: t0 + .seconds(5), limits: limits) == t0 + .seconds(30))
    }

    @Test("no limits means no wait; a limit of 0 allows nothing")
    func unlimitedAndZero() {
        var state = RateLimitState()
        state.start(now: t0, limits: AccountLimits())
        #expect(state.availableAt(now: t0, limits: AccountLimits()) <= t0)
        #expect(RateLimitState().availableAt(now: t0, limits: AccountLimits(requestsPerMinute: 0)) == .distantFuture)
        #expect(RateLimitState().availableAt(now: t0, limits: AccountLimits(maxConcurrent: 0)) == .distantFuture)
    }
}
