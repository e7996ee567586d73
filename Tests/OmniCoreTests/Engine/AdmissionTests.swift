import Testing
@testable import OmniCore

@Suite struct AdmissionTests {
    @Test func aMissingKeyIsA401InTheClientsFormat() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(.gemini, body: #"{"contents":[{"role":"user","parts":[{"text":"Hi"}]}]}"#, key: nil, pathModel: "a/m") { _ in .hang }
        #expect(out.sends.isEmpty)
        #expect(out.response?.status == 401)
        #expect(out.bodyText.contains(#""status":"UNAUTHENTICATED""#))
    }

    @Test func aWrongKeyIsA401() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(body: Client.openAI(model: "a/m"), key: .wrong) { _ in .hang }
        #expect(out.response?.status == 401)
        #expect(out.bodyText.contains(#""type":"authentication_error""#))
    }

    @Test func anUnknownModelIsA404ThatSuggestsTheClosestNames() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(.anthropic, body: Client.anthropic(model: "a/mm")) { _ in .hang }
        #expect(out.response?.status == 404)
        #expect(out.bodyText.contains(#""type":"not_found_error""#))
        #expect(out.bodyText.contains("did you mean 'a/m'"))
    }

    @Test func invalidJSONIsA400WithItsPosition() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(body: "{\"model\": \"a/m\",\n \"messages\": [}") { _ in .hang }
        #expect(out.response?.status == 400)
        #expect(out.bodyText.contains("line 2"))
    }

    @Test func aWrongTypeIsA400ThatNamesThePath() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(body: #"{"model":"a/m","messages":[{"role":"user","content":5}]}"#) { _ in .hang }
        #expect(out.response?.status == 400)
        #expect(out.bodyText.contains(#""param":"messages[0].content""#))
    }

    @Test func aKeyOverItsRequestsPerMinuteGetsA429WithRetryAfter() throws {
        var config = GatewayConfig.twoProviders()
        config.auth.apiKeys[0].requestsPerMinute = 2
        var h = try FlowHarness(config: config)
        for _ in 0..<2 { #expect(h.run(body: Client.openAI(model: "a/m")) { _ in .whole(status: 200, body: Upstream.openAIChat()) }.response?.status == 200) }
        let third = h.run(body: Client.openAI(model: "a/m")) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(third.response?.status == 429)
        #expect(third.response?.headers["retry-after"] == "30")
    }

    @Test func anExhaustedBudgetRefusesUntilTheWindowResets() throws {
        var config = GatewayConfig.twoProviders()
        config.auth.apiKeys[0].budget = BudgetConfig(daily: 0.00003)
        var h = try FlowHarness(config: config)
        // 10 input × $1/M + 5 output × $2/M = $0.00002 a request.
        let first = h.run(body: Client.openAI(model: "a/m")) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(!first.notices.contains { if case .budget = $0 { return true } else { return false } })
        let second = h.run(body: Client.openAI(model: "a/m")) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(second.response?.status == 200)
        #expect(second.notices.contains { if case .budget = $0 { return true } else { return false } })
        let refused = h.run(.anthropic, body: Client.anthropic(model: "a/m")) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(refused.sends.isEmpty)
        #expect(refused.response?.status == 402)
        #expect(refused.bodyText.contains(#""type":"billing_error""#))
        h.advance(.days(1))
        let nextDay = h.run(body: Client.openAI(model: "a/m")) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(nextDay.response?.status == 200)
    }

    @Test func aTemperatureZeroRequestIsAnsweredFromTheCacheTheSecondTime() throws {
        var h = try FlowHarness(config: .twoProviders())
        let body = Client.openAI(model: "a/m", temperature: "0")
        let first = h.run(body: body) { _ in .whole(status: 200, body: Upstream.openAIChat("cached")) }
        let second = h.run(body: body) { _ in .whole(status: 500, body: "{}") }
        #expect(second.sends.isEmpty)
        #expect(second.bodyText == first.bodyText)
        #expect(second.record?.cacheHit == true)
        let bypass = h.run(body: body, headers: ["X-OmniRoute-No-Cache": "true"]) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(bypass.sends.count == 1)
    }

    @Test func theSameIdempotencyKeyWithinTheWindowGetsTheFirstAnswer() throws {
        var h = try FlowHarness(config: .twoProviders())
        let headers: HeaderFields = ["Idempotency-Key": "abc"]
        let first = h.run(body: Client.openAI(model: "a/m"), headers: headers) { _ in .whole(status: 200, body: Upstream.openAIChat("one")) }
        h.advance(.seconds(2))
        let again = h.run(body: Client.openAI(model: "a/m"), headers: headers) { _ in .whole(status: 200, body: Upstream.openAIChat("two")) }
        #expect(again.sends.isEmpty)
        #expect(again.bodyText == first.bodyText)
        h.advance(.seconds(6))
        let later = h.run(body: Client.openAI(model: "a/m"), headers: headers) { _ in .whole(status: 200, body: Upstream.openAIChat("three")) }
        #expect(later.sends.count == 1)
    }

    @Test func aDedicatedProviderRouteAddsThePrefixAndRejectsAnotherProvidersModel() throws {
        let h = try FlowHarness(config: .twoProviders())
        var state = h.state
        var flow = RequestFlow(table: h.table)
        let ok = flow.handle(.arrived(IncomingRequest(format: .openai, body: Array(Client.openAI(model: "m").utf8), provider: "b", gatewayKey: .test, at: h.now)), state: &state)
        #expect(ok.contains { if case .send(let r) = $0 { return r.provider == "b" } else { return false } })
        var other = RequestFlow(table: h.table)
        let mismatch = other.handle(.arrived(IncomingRequest(format: .openai, body: Array(Client.openAI(model: "a/m").utf8), provider: "b", gatewayKey: .test, at: h.now)), state: &state)
        #expect(mismatch.contains { if case .respond(let r) = $0 { return r.status == 400 } else { return false } })
    }

    @Test func aDuplicateOfARequestStillInFlightWaitsForItsAnswer() throws {
        let h = try FlowHarness(config: .twoProviders())
        var state = h.state
        let body = Array(Client.openAI(model: "a/m").utf8)
        let headers: HeaderFields = ["X-Request-Id": "req-1"]
        var first = RequestFlow(table: h.table), second = RequestFlow(table: h.table)
        _ = first.handle(.arrived(IncomingRequest(format: .openai, body: body, gatewayKey: .test, headers: headers, at: h.now)), state: &state)
        let waiting = second.handle(.arrived(IncomingRequest(format: .openai, body: body, gatewayKey: .test, headers: headers, at: h.now + .milliseconds(5))), state: &state)
        #expect(!waiting.contains { if case .send = $0 { return true } else { return false } })
        #expect(waiting.contains { if case .startTimer(.idempotencyPoll, _) = $0 { return true } else { return false } })

        let t = h.now + .milliseconds(30)
        _ = first.handle(.upstreamHead(attempt: 1, status: 200, headers: ["content-type": "application/json"], at: t), state: &state)
        _ = first.handle(.upstreamChunk(attempt: 1, bytes: Array(Upstream.openAIChat("first").utf8), at: t), state: &state)
        let answered = first.handle(.upstreamEnd(attempt: 1, at: t), state: &state)
        let original = answered.compactMap { if case .respond(let r) = $0 { return r } else { return nil } }.first

        let replayed = second.handle(.timerFired(.idempotencyPoll, at: h.now + .milliseconds(55)), state: &state)
        let replay = replayed.compactMap { if case .respond(let r) = $0 { return r } else { return nil } }.first
        #expect(replay?.body == original?.body)
        #expect(replay?.headers["x-omniroute-idempotent-replay"] == "true")
        #expect(second.isFinished)
    }

    @Test func aDuplicateGoesAheadWhenTheFirstFailsWithoutAnAnswer() throws {
        let h = try FlowHarness(config: .twoProviders())
        var state = h.state
        let body = Array(Client.openAI(model: "a/m").utf8)
        let headers: HeaderFields = ["Idempotency-Key": "k"]
        var first = RequestFlow(table: h.table), second = RequestFlow(table: h.table)
        _ = first.handle(.arrived(IncomingRequest(format: .openai, body: body, gatewayKey: .test, headers: headers, at: h.now)), state: &state)
        _ = second.handle(.arrived(IncomingRequest(format: .openai, body: body, gatewayKey: .test, headers: headers, at: h.now)), state: &state)
        _ = first.handle(.clientGone(at: h.now + .milliseconds(10)), state: &state)
        let goes = second.handle(.timerFired(.idempotencyPoll, at: h.now + .milliseconds(50)), state: &state)
        #expect(goes.contains { if case .send = $0 { return true } else { return false } })
    }
}
