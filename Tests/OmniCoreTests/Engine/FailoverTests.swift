import Testing
@testable import OmniCore

@Suite struct FailoverTests {
    @Test func a429WithRetryAfterMovesToTheNextAccountUntilTheCooldownEnds() throws {
        var h = try FlowHarness(config: .twoProviders())
        let first = h.run(body: Client.openAI(model: "a/m")) { request in
            request.account == "a-1" ? .whole(status: 429, headers: ["retry-after": "30"], body: Upstream.openAIError429) : .whole(status: 200, body: Upstream.openAIChat())
        }
        #expect(first.sends.map(\.account) == ["a-1", "a-2"])
        #expect(first.response?.status == 200)
        #expect(first.record?.attempts.map(\.reason) == ["rate_limited", nil])

        h.advance(.seconds(10))
        let during = h.run(body: Client.openAI(model: "a/m")) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(during.sends.map(\.account) == ["a-2"])

        h.advance(.seconds(21))
        let after = h.run(body: Client.openAI(model: "a/m")) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(after.sends.map(\.account) == ["a-1"])
    }

    @Test func fiveServerErrorsOpenTheBreakerAndOneProbeAfterTheResetTimeoutClosesIt() throws {
        var config = GatewayConfig.twoProviders()
        config.providers[0].accounts = [AccountConfig(id: "a-1", apiKey: "sk-a1")]
        var h = try FlowHarness(config: config)
        for _ in 0..<5 {
            let out = h.run(body: Client.openAI(model: "a/m")) { _ in .whole(status: 503, body: Upstream.openAIError503) }
            #expect(out.sends.count == 1)
            #expect(out.response?.status == 502)
            h.advance(.seconds(1))
        }
        #expect(h.state.providers[0].breaker.state == .open)
        let refused = h.run(body: Client.openAI(model: "a/m")) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(refused.sends.isEmpty)
        #expect(refused.response?.status == 503)
        #expect(refused.response?.headers["retry-after"] != nil)

        h.advance(.seconds(30))
        let probe = h.run(body: Client.openAI(model: "a/m")) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(probe.sends.count == 1)
        #expect(probe.response?.status == 200)
        #expect(h.state.providers[0].breaker.state == .closed)
    }

    @Test func aServerErrorFailsOverToTheNextProviderInItsOwnFormat() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(body: Client.openAI(model: "both")) { request in
            request.provider == "a" ? .whole(status: 503, body: Upstream.openAIError503) : .whole(status: 200, body: Upstream.anthropicMessage("From B"))
        }
        #expect(out.sends.map(\.provider) == ["a", "b"])
        #expect(out.sends[1].url == "http://b.test/v1/messages")
        #expect(out.sends[1].headers["x-api-key"] == "sk-b1")
        #expect(out.response?.status == 200)
        #expect(out.bodyText.contains(#""object":"chat.completion""#))
        #expect(out.bodyText.contains("From B"))
        #expect(out.record?.provider == "b")
        #expect(out.record?.attempts.count == 2)
        #expect(out.notices.contains { if case .failover = $0 { return true } else { return false } })
    }

    @Test func aPlainBadRequestIsTheClientsFaultAndIsNotRetried() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(body: Client.openAI(model: "both")) { _ in .whole(status: 400, body: Upstream.openAIError400) }
        #expect(out.sends.count == 1)
        #expect(out.response?.status == 400)
        #expect(out.bodyText.contains("Invalid 'messages': empty"))
    }

    @Test func whenEveryAttemptFailsTheErrorListsEachOne() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(.anthropic, body: Client.anthropic(model: "both")) { request in
            request.provider == "a" ? .whole(status: 503, body: Upstream.openAIError503) : .fail(.connectRefused)
        }
        #expect(out.sends.map(\.provider) == ["a", "b"])
        #expect(out.response?.status == 502)
        let body = out.bodyText
        #expect(body.hasPrefix(#"{"type":"error","error":{"type":"api_error""#))
        #expect(body.contains("a/m via a-1: 503 upstream_server_error"))
        #expect(body.contains("b/m via b-1: connect_failed"))
    }

    @Test func aHangBeforeHeadersTimesOutAndFailsOver() throws {
        var config = GatewayConfig.twoProviders()
        config.resilience.timeouts.firstByte = .seconds(5)
        var h = try FlowHarness(config: config)
        let start = h.now
        let out = h.run(body: Client.openAI(model: "both")) { request in
            request.provider == "a" ? .hang : .whole(status: 200, body: Upstream.anthropicMessage())
        }
        #expect(out.cancelled == [1])
        #expect(out.response?.status == 200)
        #expect(out.record?.attempts.first?.reason == "timeout")
        #expect(h.now - start >= .seconds(5))
    }
}

/// The server reads a body before the flow takes the shared state; the flow must then do
/// exactly what it does when it reads the body itself, errors and their order included.
@Suite struct BodyReadFirstTests {
    @Test func aBodyReadFirstGivesTheSameOutcome() throws {
        let bodies: [(String, KeyHash?, RequestKind)] = [
            (Client.openAI(model: "a/m"), .test, .generate),
            (#"{"model": "a/m", "messages": [{"role": "user", "content": "hi"}"#, .test, .generate),  // cut JSON
            (#"{"model": "a/m", "messages": [{"role": 7, "content": "hi"}]}"#, .test, .generate),  // wrong type
            (#"{"model": "a/m", "messages": "#, nil, .generate),  // no key: 401 before the bad body
            (#"{"model": "a/m", "input": "hello"}"#, .test, .embeddings),
            (#"{"model": "a/m", "input": 5}"#, .test, .embeddings),
        ]
        for (body, key, kind) in bodies {
            var h1 = try FlowHarness(config: .twoProviders()), h2 = try FlowHarness(config: .twoProviders())
            let own = h1.run(kind: kind, body: body, key: key) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
            let first = h2.run(kind: kind, body: body, key: key, bodyReadFirst: true) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
            #expect(first.response?.status == own.response?.status, "\(body)")
            #expect(first.bodyText == own.bodyText, "\(body)")
            #expect(first.sends.map(\.body) == own.sends.map(\.body), "\(body)")
            #expect(first.record == own.record, "\(body)")
        }
    }
}
