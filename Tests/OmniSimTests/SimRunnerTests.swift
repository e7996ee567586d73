import OmniConfig
import OmniCore
@testable import OmniSim
import Testing

/// Scenarios played through the real engine on the virtual clock.
@Suite struct SimRunnerTests {
    static func table(_ yaml: String) throws -> RoutingTable {
        try GatewaySetup.load(yaml: yaml, source: "scenario.yaml", environment: [:]).table
    }

    static let twoProviders = """
        providers:
          - id: a
            format: openai
            baseURL: http://a.invalid/v1
            apiKeys: [ka]
            models: [m]
          - id: b
            format: anthropic
            baseURL: http://b.invalid
            auth: x-api-key
            apiKeys: [kb]
            models: [m]
        combos:
          - name: a-then-b
            strategy: priority
            models: [a/m, b/m]
        auth:
          requireApiKey: false
        resilience:
          timeouts:
            firstByte: 2s
        """

    static func fixedMock() -> MockSpec {
        var spec = MockSpec()
        spec.firstByte = .fixed(.milliseconds(100))
        spec.outputTokens = 50...50
        spec.tokensPerSecond = 100
        return spec
    }

    /// Hand-computed: 10 requests/s for 10 s, each 100 ms to the first byte and 50 tokens at
    /// 100 tokens/s: 100 requests of 600 ms, one attempt each, 5,000 output tokens.
    @Test func aTinyScenarioMatchesItsHandComputedReport() throws {
        var traffic = TrafficSpec(arrivals: .constant(perSecond: 10), models: [("a/m", 1)])
        traffic.promptWords = 30...30
        let scenario = SimScenario(name: "tiny", seed: 1, duration: .seconds(10), table: try Self.table(Self.twoProviders),
                                   mocks: ["a": Self.fixedMock()], traffic: traffic)
        var runner = SimRunner(scenario)
        let result = runner.run()
        #expect(result.requests == 100)
        #expect(result.succeeded == 100)
        #expect(result.unfinished == 0)
        #expect(result.attempts == 100)
        #expect(result.failovers == 0)
        #expect(result.providers["a"]?.outputTokens == 5000)
        let p50 = result.latency.quantile(0.5), p99 = result.latency.quantile(0.99)
        #expect(p50 >= 600_000_000 && p50 < 605_000_000, "p50 \(p50)")
        #expect(p99 == p50)
        #expect(result.firstByte.quantile(0.5) >= 600_000_000, "a whole answer's first byte to the client is its end")
    }

    @Test func anOutageFailsOverToTheComboNextStep() throws {
        var down = Self.fixedMock()
        down.faults = [FaultWindow(from: .seconds(0), until: .seconds(3600), fault: .status(503))]
        let scenario = SimScenario(name: "outage", seed: 2, duration: .seconds(20), table: try Self.table(Self.twoProviders),
                                   mocks: ["a": down, "b": Self.fixedMock()],
                                   traffic: TrafficSpec(arrivals: .poisson(perSecond: 5), models: [("a-then-b", 1)]))
        var runner = SimRunner(scenario)
        let result = runner.run()
        #expect(result.requests > 50)
        #expect(result.succeeded == result.requests, "\(result.failedByStatus)")
        #expect(result.unfinished == 0)
        // Once a's breaker opens the combo goes straight to b: fewer failovers than requests.
        #expect(result.failovers > 0)
        #expect(result.providers["b"]?.succeeded == result.requests)
    }

    @Test func aHangBeforeHeadersEndsAtTheFirstByteTimeoutAndFailsOver() throws {
        var hanging = Self.fixedMock()
        hanging.faults = [FaultWindow(from: .seconds(0), until: .seconds(3600), fault: .hangBeforeHeaders)]
        let scenario = SimScenario(name: "hang", seed: 3, duration: .seconds(5), table: try Self.table(Self.twoProviders),
                                   mocks: ["a": hanging, "b": Self.fixedMock()],
                                   traffic: TrafficSpec(arrivals: .constant(perSecond: 1), models: [("a-then-b", 1)]))
        var runner = SimRunner(scenario)
        let result = runner.run()
        #expect(result.requests == 5)
        #expect(result.succeeded == 5)
        #expect((result.failedAttemptsByReason["timeout"] ?? 0) > 0, "\(result.failedAttemptsByReason)")
        #expect(result.latency.quantile(1) >= 2_600_000_000, "the first attempt waited the 2 s timeout")
    }

    @Test func theSameSeedGivesTheSameReportAndAnotherSeedDoesNot() throws {
        func run(_ seed: UInt64) throws -> SimResult {
            var flaky = MockSpec()
            flaky.errorRates = [503: 0.1, 429: 0.05]
            var traffic = TrafficSpec(arrivals: .poisson(perSecond: 20), models: [("a-then-b", 3), ("b/m", 1)])
            traffic.formats = [(.openai, 2), (.anthropic, 1), (.gemini, 1)]
            traffic.streamShare = 0.5
            var runner = SimRunner(SimScenario(name: "determinism", seed: seed, duration: .seconds(30), table: try Self.table(Self.twoProviders),
                                               mocks: ["a": flaky], traffic: traffic))
            return runner.run()
        }
        let first = try run(9)
        #expect(first.requests > 400)
        #expect(first.unfinished == 0)
        #expect(first == (try run(9)))
        #expect(first != (try run(10)))
    }
}
