import OmniCore
@testable import OmniLive
@testable import OmniSim
import Testing

/// Live mode end to end: a scenario with a provider outage played for real (a real `serve`
/// and the scenario's providers on loopback, 10× faster than written) agrees with its
/// simulation; the real server's usage rows are the live side. Counts, shares and reasons must
/// agree within the stated tolerances; latencies only within a factor of two here, because
/// this test shares the machine with the whole suite in a debug build, where scheduling noise
/// times ten is most of a simulated latency (scripts/sim-test.sh holds latencies to the
/// stated tolerances, release build, nothing else running).
@Suite(.serialized) struct LiveModeTests {
    static let scenario = """
        name: live-outage
        seed: 11
        duration: 40s
        gateway:
          providers:
            - id: openai
              apiKeys: [sk-o1]
            - id: anthropic
              apiKeys: [sk-a1]
          combos:
            - name: chat
              models: [openai/gpt-5-mini, anthropic/claude-haiku-4-5-20251001]
          auth:
            apiKeys:
              - {key: sk-team, name: team}
        mocks:
          openai:
            firstByte: {uniform: [200ms, 600ms]}
            outputTokens: [20, 60]
            tokensPerSecond: 100
            faults:
              - {fault: status, status: 503, from: 10s, until: 20s}
          anthropic:
            firstByte: 300ms
            outputTokens: [20, 60]
            tokensPerSecond: 100
        traffic:
          rate: 5
          models: [chat]
          formats: {openai: 1, anthropic: 1, gemini: 1}
          stream: 0.5
          keys: {sk-team: 1}
        """

    @Test func aScenarioPlayedForRealAgreesWithItsSimulation() async throws {
        let file = try ScenarioFile.load(yaml: Self.scenario, source: "live.yaml", environment: [:])
        var runner = SimRunner(file.scenario)
        let simulated = runner.run()
        let outcome = try await LiveRun.run(file, speedUp: 10)
        #expect(outcome.sent == simulated.requests, "the same traffic generator plays the same requests")
        #expect(outcome.result.requests == outcome.sent, "every request has a usage row")
        #expect(outcome.wallSeconds < 10, "40 s played 10× faster: \(outcome.wallSeconds) s")
        // The outage happened live too: anthropic served part of the traffic.
        #expect((outcome.result.providers["anthropic"]?.succeeded ?? 0) > 0)
        #expect(outcome.result.keys["team"]?.requests == outcome.sent)
        let comparison = LiveComparison(simulated: simulated, live: outcome.result, speedUp: 10)
        #expect(comparison.rows.count >= 8)
        for row in comparison.rows where !row.agrees {
            let timing = row.unit == .seconds
            if timing, let simulated = row.simulated, let live = row.live, live <= 2 * simulated, simulated <= 2 * live { continue }
            Issue.record("\(row.metric): simulated \(row.simulated.map { String($0) } ?? "–"), live \(row.live.map { String($0) } ?? "–")")
        }
    }

    @Test func timeScalingShrinksEveryDurationTheGatewayActsOn() {
        var config = GatewayConfig()
        config.resilience.timeouts.firstByte = .seconds(30)
        config.resilience.rateLimits.requestsPerMinute = 60
        let scaled = TimeScale(factor: 10).gateway(config)
        #expect(scaled.resilience.timeouts.firstByte == .seconds(3))
        #expect(scaled.resilience.rateLimits.requestsPerMinute == 600)
        for kind in ProviderProfile.allCases {
            #expect(scaled.resilience.profile(kind).breaker.resetTimeout * Int64(10) == config.resilience.profile(kind).breaker.resetTimeout)
        }
    }

    @Test func retryAfterBecomesWallMilliseconds() {
        let head = FlowEvent.upstreamHead(attempt: 1, status: 429, headers: ["retry-after": "15", "content-type": "application/json"], at: .epoch)
        guard case .upstreamHead(_, _, let headers, _) = LiveUpstream.scaledRetryAfter(head, TimeScale(factor: 10)) else {
            Issue.record("not a head")
            return
        }
        #expect(headers["retry-after"] == nil)
        #expect(headers["retry-after-ms"] == "1500")
        #expect(headers["content-type"] == "application/json")
    }
}
