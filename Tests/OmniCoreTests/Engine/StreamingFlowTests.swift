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
            request.provider == "a" ? .stream(chunks: [], ends: true) : .stream(chunks: [
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}\n\n",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":1}}\n\n",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
            ])
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
        let arrived = flow.handle(.arrived(IncomingRequest(format: .openai, body: Array(Client.openAI(model: "a/m", stream: true).utf8), gatewayKey: "sk-test", at: h.now)), state: &state)
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
