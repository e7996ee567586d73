import OmniCore
@testable import OmniSim
import Testing

/// A simulated provider does what its scenario entry says, within stated bounds.
@Suite struct SimulatedProviderTests {
    static func provider(_ configure: (inout MockSpec) -> Void, seed: UInt64 = 1) -> SimulatedProvider {
        var spec = MockSpec()
        configure(&spec)
        return SimulatedProvider(spec: spec, random: RandomSource(seed: seed))
    }

    @Test func errorRatesComeOutAtTheirRates() {
        var provider = Self.provider { $0.errorRates = [503: 0.05, 500: 0.02] }
        var counts: [Int: Int] = [:]
        for i in 0..<100_000 {
            if case .status(let status, _, _, _) = provider.outcome(at: .milliseconds(Int64(i))) { counts[status, default: 0] += 1 }
        }
        #expect(abs(Double(counts[503] ?? 0) / 5000 - 1) < 0.06, "\(counts)")
        #expect(abs(Double(counts[500] ?? 0) / 2000 - 1) < 0.1, "\(counts)")
    }

    @Test func theRateLimitLetsThroughItsRequestsPerMinuteThenAnswers429UntilTheWindowMoves() {
        var provider = Self.provider { $0.rateLimit = RateLimitSpec(requestsPerMinute: 60) }
        // 120 requests in the first 30 s: 60 through, 60 refused with a Retry-After.
        var through = 0
        var retryAfters: [Span] = []
        for i in 0..<120 {
            switch provider.outcome(at: .milliseconds(Int64(i) * 250)) {
            case .answer: through += 1
            case .status(429, let retryAfter?, _, _): retryAfters.append(retryAfter)
            default: Issue.record("unexpected outcome")
            }
        }
        #expect(through == 60)
        #expect(retryAfters.count == 60)
        // The first refusal comes at 15 s; the oldest admitted request (at 0 s) leaves at 60 s.
        #expect(retryAfters.first == .seconds(45))
        #expect(retryAfters.allSatisfy { $0 > .nanoseconds(0) })
        // A minute after the first, the window has room again.
        if case .answer = provider.outcome(at: .milliseconds(60_001)) {} else { Issue.record("still limited after the window moved") }
    }

    @Test func aStatedRetryAfterIsSentAsIs() {
        var provider = Self.provider { $0.rateLimit = RateLimitSpec(requestsPerMinute: 1, retryAfter: .seconds(7)) }
        _ = provider.outcome(at: .seconds(0))
        guard case .status(429, let retryAfter, _, _) = provider.outcome(at: .seconds(1)) else {
            Issue.record("the second request in a minute was let through")
            return
        }
        #expect(retryAfter == .seconds(7))
    }

    @Test func faultsHoldOnlyInsideTheirWindows() {
        var provider = Self.provider {
            $0.faults = [FaultWindow(from: .seconds(10), until: .seconds(20), fault: .status(503)),
                         FaultWindow(from: .seconds(30), until: .seconds(31), fault: .refused)]
        }
        if case .answer = provider.outcome(at: .seconds(9)) {} else { Issue.record("before the outage") }
        if case .status(503, _, _, _) = provider.outcome(at: .seconds(10)) {} else { Issue.record("in the outage") }
        if case .status(503, _, _, _) = provider.outcome(at: .milliseconds(19_999)) {} else { Issue.record("end of the outage") }
        if case .answer = provider.outcome(at: .seconds(20)) {} else { Issue.record("after the outage") }
        #expect(provider.outcome(at: .milliseconds(30_500)) == .refused)
    }

    @Test func anAnswerTakesItsFirstByteThenItsTokensAtTheConfiguredSpeed() {
        var provider = Self.provider {
            $0.firstByte = .fixed(.milliseconds(300))
            $0.outputTokens = 100...100
            $0.tokensPerSecond = 50
        }
        #expect(provider.outcome(at: .seconds(0)) == .answer(firstByte: .milliseconds(300), duration: .milliseconds(2300), outputTokens: 100))
    }

    @Test func outputTokensSpreadOverTheirRange() {
        var provider = Self.provider { $0.outputTokens = 10...19 }
        var seen = Set<Int>()
        for i in 0..<1000 { if case .answer(_, _, let tokens) = provider.outcome(at: .milliseconds(Int64(i))) { seen.insert(tokens) } }
        #expect(seen == Set(10...19))
    }

    @Test func theSameSeedGivesTheSameOutcomes() {
        func run(_ seed: UInt64) -> [MockOutcome] {
            var provider = Self.provider({ $0.errorRates = [503: 0.1]; $0.rateLimit = RateLimitSpec(requestsPerMinute: 100) }, seed: seed)
            return (0..<500).map { provider.outcome(at: .milliseconds(Int64($0) * 100)) }
        }
        #expect(run(4) == run(4))
        #expect(run(4) != run(5))
    }
}
