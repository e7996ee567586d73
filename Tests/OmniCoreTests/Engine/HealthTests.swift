import Testing
@testable import OmniCore

@Suite struct HealthTests {
    @Test func healthShowsOpenBreakersCooldownsAndLockoutsAndResetAllClearsThem() throws {
        var config = GatewayConfig.twoProviders()
        config.resilience.profiles[.apiKey]!.breaker.failureThreshold = 1
        var h = try FlowHarness(config: config)
        let start = h.now
        _ = h.run(body: Client.openAI(model: "a/m")) { request in
            request.account == "a-1" ? .whole(status: 429, headers: ["retry-after": "30"], body: Upstream.openAIError429)
                                     : .whole(status: 401, body: #"{"error":{"message":"bad key","code":"invalid_api_key"}}"#)
        }
        _ = h.run(body: Client.openAI(model: "b/m")) { _ in .whole(status: 503, body: Upstream.openAIError503) }
        let health = h.state.health(table: h.table, now: h.now)
        // The 429 came 10 ms after the send (the harness's latency) and asked for 30 s.
        #expect(health.providers[0].accounts[0].modelCooldowns["m"] == start + .milliseconds(10) + .seconds(30))
        #expect(health.providers[0].accounts[1].lockedOut)
        #expect(health.providers[1].breaker == .open)
        #expect(health.providers[1].reopensAt != nil)

        let notices = h.state.resetAll(table: h.table, now: h.now)
        #expect(notices.contains { if case .breaker("b", nil, let t) = $0 { return t.to == .closed } else { return false } })
        let after = h.state.health(table: h.table, now: h.now)
        #expect(after.providers.allSatisfy { $0.breaker == .closed && $0.accounts.allSatisfy { !$0.lockedOut && $0.modelCooldowns.isEmpty && $0.coolingDownUntil == nil } })
        let served = h.run(body: Client.openAI(model: "a/m")) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(served.sends.map(\.account) == ["a-1"])
    }
}
