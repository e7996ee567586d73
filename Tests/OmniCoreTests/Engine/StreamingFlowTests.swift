import Testing
@testable import OmniCore

@Suite struct StreamingFlowTests {
    @Test func aStreamIsRelayedInTheClientsFormatAndItsUsageIsCharged() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(.anthropic, body: Client.anthropic(model: "a/m", stream: true)) { _ in .stream(chunks: Upstream.openAIStream()) }
        #expect(out.streamHeaders?["content-type"] == "text/event-stream")
        #expect(out.streamEnded)
        #expect(out.streamText.contains("event: message_start"))
        #expect(out.streamText.contains("event: message_stop"))
        #expect(out.record?.usage?.input == 7)
        // 7 input × $1/M + 2 output × $2/M.
        #expect(abs((out.record?.cost ?? 0) - 11e-6) < 1e-12)
        #expect(out.record?.firstByteAt != nil)
    }

    @Test func aStreamCutAfterTheFirstByteEndsWithAnErrorEventNotACleanEnd() throws {
        var h = try FlowHarness(config: .twoProviders())
        let chunks = Array(Upstream.openAIStream().prefix(2))
        let out = h.run(.anthropic, body: Client.anthropic(model: "both", stream: true)) { _ in .stream(chunks: chunks) }
        #expect(out.sends.count == 1)
        #expect(out.streamText.contains("event: error"))
        #expect(!out.streamText.contains("message_stop"))
        #expect(out.streamEnded)
        #expect(out.record?.errorReason == "stream_cut")
    }

    @Test func aStreamThatFailsBeforeItsFirstByteFailsOver() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(body: Client.openAI(model: "both", stream: true)) { request in
            request.provider == "a" ? .stream(chunks: [], ends: true) : .stream(chunks: Upstream.anthropicStream())
        }
        #expect(out.sends.map(\.provider) == ["a", "b"])
        #expect(out.streamText.contains(#""content":"Hi""#))
        #expect(out.streamText.hasSuffix("data: [DONE]\n\n"))
        #expect(out.record?.errorReason == nil)
    }

    @Test func silenceMidStreamEndsWithAnErrorEventAfterTheIdleTimeout() throws {
        var config = GatewayConfig.twoProviders()
        config.resilience.timeouts.streamIdle = .seconds(3)
        var h = try FlowHarness(config: config)
        let out = h.run(body: Client.openAI(model: "both", stream: true)) { _ in .stream(chunks: Array(Upstream.openAIStream().prefix(2)), ends: false) }
        #expect(out.sends.count == 1)
        #expect(out.cancelled == [1])
        #expect(out.streamText.contains(#""error""#))
        #expect(out.record?.errorReason == "timeout")
    }

    @Test func aClientThatLeavesCancelsItsUpstream() throws {
        let h = try FlowHarness(config: .twoProviders())
        var state = h.state
        var flow = RequestFlow(table: h.table)
        let arrived = flow.handle(.arrived(IncomingRequest(format: .openai, body: Array(Client.openAI(model: "a/m", stream: true).utf8), gatewayKey: .test, at: h.now)), state: &state)
        #expect(arrived.contains { if case .send = $0 { return true } else { return false } })
        #expect(state.accounts[0].limiter.inFlight == 1)
        let gone = flow.handle(.clientGone(at: h.now + .seconds(1)), state: &state)
        #expect(gone.contains { if case .cancelUpstream(1) = $0 { return true } else { return false } })
        #expect(state.accounts[0].limiter.inFlight == 0)
        let record = gone.compactMap { if case .record(let r) = $0 { return r } else { return nil } }.first
        #expect(record?.status == 499)
        #expect(flow.isFinished)
    }

    @Test func aSameFormatStreamAsksTheUpstreamForUsageSoItCanBeCharged() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(body: Client.openAI(model: "a/m", stream: true)) { _ in .stream(chunks: Upstream.openAIStream()) }
        let sent = String(decoding: out.sends.first?.body ?? [], as: UTF8.self)
        #expect(sent.contains(#""stream_options":{"include_usage":true}"#))
        #expect(sent.contains(#""model":"m""#))
        #expect(out.record?.usage?.output == 2)
    }
}
