import Foundation
import OmniCore
import Testing

/// Stream translation end to end: upstream SSE text in, client SSE events out.
@Suite("Stream translation")
struct StreamTranslatorTests {
    /// Translates `sse` (fed in 5-byte pieces) and returns the client's events and the outcome.
    func translate(_ sse: String, from source: WireFormat, to target: WireFormat) -> ([SSEEvent], StreamTranslator.Outcome?) {
        var translator = StreamTranslator(from: source, to: target)
        let bytes = Array(sse.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            out += translator.feed(Array(bytes[i..<min(i + 5, bytes.count)]))
            i += 5
        }
        out += translator.finish()
        var parser = SSEParser()
        var events: [SSEEvent] = []
        parser.feed(out) { events.append($0) }
        _ = parser.finish()
        return (events, translator.outcome)
    }

    func json(_ event: SSEEvent) -> JSON { (try? JSONParser.parse(event.data)) ?? .null }

    static let anthropicToolStream = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"cache_read_input_tokens":100,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Need the weather."}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"SIG1"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: ping
        data: {"type":"ping"}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\":"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"Zürich\\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":30}}

        event: message_stop
        data: {"type":"message_stop"}


        """

    @Test func anAnthropicToolCallBecomesOpenAIToolCallDeltasWithOneDoneLast() {
        let (events, outcome) = translate(Self.anthropicToolStream, from: .anthropic, to: .openai)
        #expect(outcome == .complete)
        #expect(events.last?.data == Array("[DONE]".utf8))
        #expect(events.filter { $0.data == Array("[DONE]".utf8) }.count == 1)
        let chunks = events.dropLast().map(json)
        #expect(chunks.first?["choices"]?.arrayValue?.first?["delta"]?["role"] == "assistant")
        let calls = chunks.compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["tool_calls"]?.arrayValue?.first }
        #expect(calls.first?["id"] == "toolu_1" && calls.first?["function"]?["name"] == "get_weather")
        #expect(calls.dropFirst().allSatisfy { $0["id"] == nil && $0["index"] == 0 })
        #expect(calls.compactMap { $0["function"]?["arguments"]?.stringValue }.joined() == #"{"city": "Zürich"}"#)
        // Thinking stays thinking: reasoning_content, never content.
        let texts = chunks.compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue }
        #expect(texts.allSatisfy { $0.isEmpty })
        #expect(chunks.contains { $0["choices"]?.arrayValue?.first?["delta"]?["reasoning_content"] == "Need the weather." })
        #expect(chunks.contains { $0["choices"]?.arrayValue?.first?["finish_reason"] == "tool_calls" })
        let usage = chunks.last?["usage"]
        #expect(usage?["prompt_tokens"] == 112 && usage?["completion_tokens"] == 30 && usage?["prompt_tokens_details"]?["cached_tokens"] == 100)
    }

    @Test func anOpenAIStreamCutBeforeDoneEndsTheAnthropicStreamWithAnError() {
        let cut = """
            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4.1","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4.1","choices":[{"index":0,"delta":{"content":"Hallo"},"finish_reason":null}]}


            """
        let (events, outcome) = translate(cut, from: .openai, to: .anthropic)
        guard case .failed(let error)? = outcome else { Issue.record("not failed: \(String(describing: outcome))"); return }
        #expect(error.kind == .truncated)
        #expect(events.last?.event == "error")
        #expect(!events.contains { $0.event == "message_stop" })
    }

    @Test func anUpstreamErrorEventBecomesTheClientsErrorAndNothingFollows() {
        let stream = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"usage":{"input_tokens":3,"output_tokens":1}}}

            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

            event: message_stop
            data: {"type":"message_stop"}


            """
        let (openai, _) = translate(stream, from: .anthropic, to: .openai)
        #expect(json(openai.last!)["error"]?["message"] == "Overloaded")
        #expect(!openai.contains { $0.data == Array("[DONE]".utf8) })
        let (gemini, _) = translate(stream, from: .anthropic, to: .gemini)
        #expect(json(gemini.last!)["error"]?["status"] == "UNAVAILABLE")
        let (responses, outcome) = translate(stream, from: .anthropic, to: .responses)
        #expect(responses.last?.event == "response.failed")
        #expect(outcome == .failed(IRStreamError(kind: .upstream, message: "Overloaded", status: 529, type: "overloaded_error")))
    }

    @Test func aGeminiFunctionCallBecomesAResponsesItemWithIncreasingSequenceNumbers() {
        let stream = "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Checking.\"}]}}],\"responseId\":\"r1\",\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n"
            + "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Kyoto\"}},\"thoughtSignature\":\"GSIG\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":5,\"totalTokenCount\":14}}\r\n\r\n"
        let (events, outcome) = translate(stream, from: .gemini, to: .responses)
        #expect(outcome == .complete)
        let payloads = events.map(json)
        #expect(payloads.map { $0["sequence_number"]?.numberValue?.intValue ?? -1 } == Array(0..<payloads.count))
        #expect(events.first?.event == "response.created" && events.last?.event == "response.completed")
        let output = payloads.last?["response"]?["output"]?.arrayValue ?? []
        #expect(output.map { $0["type"] } == ["message", "function_call"])
        #expect(output.last?["call_id"] == "call_r1_0" && output.last?["arguments"] == #"{"city":"Kyoto"}"#)
        #expect(payloads.last?["response"]?["usage"]?["total_tokens"] == 14)
    }

    @Test func aGeminiSignatureOnACallReachesAnAnthropicClientInAThinkingBlock() {
        let stream = "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"f\",\"args\":{}},\"thoughtSignature\":\"GSIG\"}]},\"finishReason\":\"STOP\"}]}\n\n"
        let (events, _) = translate(stream, from: .gemini, to: .anthropic)
        let payloads = events.map(json)
        #expect(payloads.contains { $0["delta"]?["signature"] == "omniroute.v1.gemini.GSIG" })
        #expect(payloads.last?["type"] == "message_stop")
    }

    @Test func theSameFormatRelaysEveryEventAsItCame() {
        let (events, outcome) = translate(Self.anthropicToolStream, from: .anthropic, to: .anthropic)
        var parser = SSEParser()
        var original: [SSEEvent] = []
        parser.feed(Array(Self.anthropicToolStream.utf8)) { original.append($0) }
        #expect(outcome == .complete)
        #expect(events == original)
    }

    @Test func aGeminiStreamWithoutAFinishReasonIsTruncated() {
        let stream = "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hi\"}]}}]}\n\n"
        let (events, outcome) = translate(stream, from: .gemini, to: .openai)
        guard case .failed(let error)? = outcome else { Issue.record("not failed"); return }
        #expect(error.kind == .truncated)
        #expect(json(events.last!)["error"] != nil)
    }
}

@Suite("Stream and whole")
struct StreamAndWholeTests {
    @Test func anAnthropicStreamAggregatesIntoTheWholeResponseItStreamed() throws {
        var aggregator = StreamAggregator(from: .anthropic)
        aggregator.feed(Array(StreamTranslatorTests.anthropicToolStream.utf8))
        let response = try aggregator.finish().get()
        #expect(response.id == "msg_1")
        let parts = response.choices.first?.parts ?? []
        guard parts.count == 2, case .thinking(let thinking) = parts[0], case .toolCall(let call) = parts[1] else {
            Issue.record("parts: \(parts)")
            return
        }
        #expect(thinking.text == "Need the weather." && thinking.signature == IRSignature(format: .anthropic, value: "SIG1"))
        #expect(call.id == "toolu_1" && call.arguments == #"{"city": "Zürich"}"#)
        #expect(response.choices.first?.finishReason == .toolCalls)
        #expect(response.usage == IRUsage(input: 112, output: 30, cachedInput: 100, cacheWrites: nil))
        // And as a whole OpenAI response:
        let openai = try Translator.encodeResponse(response, to: .openai)
        #expect(openai["choices"]?.arrayValue?.first?["message"]?["tool_calls"]?.arrayValue?.first?["id"] == "toolu_1")
    }

    @Test func aCutStreamDoesNotAggregate() {
        var aggregator = StreamAggregator(from: .openai)
        aggregator.feed(Array(#"data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"#.utf8))
        guard case .failure(let error) = aggregator.finish() else { Issue.record("aggregated a cut stream"); return }
        #expect(error.kind == .truncated)
    }

    @Test func aWholeResponsePlaysAsAStreamThatAggregatesBack() throws {
        let whole = #"{"id":"msg_9","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Grüße 👩🏽‍💻"},{"type":"tool_use","id":"toolu_9","name":"f","input":{"a":1}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":7}}"#
        for target in WireFormat.allCases {
            let stream = try StreamPlayback.stream(Array(whole.utf8), from: .anthropic, to: target)
            var aggregator = StreamAggregator(from: target)
            aggregator.feed(stream)
            let back = try aggregator.finish().get()
            let texts = back.choices.first?.parts.compactMap { if case .text(let t) = $0 { return t.text } else { return nil } }
            #expect(texts == ["Grüße 👩🏽‍💻"], "\(target)")
            let calls = back.choices.first?.parts.compactMap { if case .toolCall(let c) = $0 { return c.name } else { return nil } }
            #expect(calls == ["f"], "\(target)")
            #expect(back.choices.first?.finishReason == .toolCalls, "\(target)")
        }
    }
}

@Suite("OpenAI text chunks read by their frame")
struct OpenAIFastPathTests {
    @Test func chunksThatOnlyDifferInTheirTextKeepEveryCharacterAndOtherChunksStillCount() throws {
        func chunk(_ delta: String, finish: String = "null", extra: String = "") -> String {
            #"data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4.1","choices":[{"index":0,"delta":\#(delta),"logprobs":null,"finish_reason":\#(finish)}]\#(extra)}"# + "\n\n"
        }
        let pieces = ["Grüße ", #"\"zitiert\" "#, #"line\nbreak "#, #"\u00e9t\u00e9 "#, "👩🏽‍💻", #"back\\slash"#]
        var stream = chunk(#"{"role":"assistant","content":""}"#)
        for piece in pieces { stream += chunk(#"{"content":"\#(piece)"}"#) }
        stream += chunk(#"{"content":" mid"}"#, extra: #","obfuscation":"x1""#)  // another shape: the full path
        stream += chunk(#"{"content":" end"}"#)
        stream += chunk("{}", finish: #""stop""#)
        stream += "data: [DONE]\n\n"
        var aggregator = StreamAggregator(from: .openai)
        aggregator.feed(Array(stream.utf8))
        let response = try aggregator.finish().get()
        let text = response.choices.first?.parts.compactMap { if case .text(let t) = $0 { return t.text } else { return nil } }.joined()
        #expect(text == "Grüße \"zitiert\" line\nbreak été 👩🏽‍💻back\\slash mid end")
        #expect(response.choices.first?.finishReason == .stop)
    }
}

/// A same-format OpenAI or Anthropic stream is relayed with most events only checked (not
/// built): the outcome and usage must still be what the full decoder finds.
@Suite("Stream translation: relaying the same format")
struct OpenAIRelayTests {
    static func run(_ bytes: [UInt8], from source: WireFormat, to target: WireFormat) -> (out: [UInt8], outcome: StreamTranslator.Outcome?, usage: IRUsage?) {
        var translator = StreamTranslator(from: source, to: target)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            out += translator.feed(Array(bytes[i..<min(i + 7, bytes.count)]))
            i += 7
        }
        out += translator.finish()
        return (out, translator.outcome, translator.usage)
    }

    @Test(arguments: [WireFormat.openai, .anthropic])
    func everyStreamFixtureEndsAndCountsAsTheFullDecoderSays(_ format: WireFormat) throws {
        let dir = FixtureFiles.root.appendingPathComponent("Fixtures/streams")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        var seen = 0
        for name in names {
            guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).appendingPathComponent("\(format.rawValue).sse").path)
            else { continue }
            seen += 1
            let bytes = [UInt8](data)
            let relayed = Self.run(bytes, from: format, to: format)
            let decoded = Self.run(bytes, from: format, to: format == .openai ? .anthropic : .openai)
            #expect(relayed.outcome == decoded.outcome, "\(name)")
            #expect(relayed.usage == decoded.usage, "\(name)")
            if relayed.outcome == .complete {
                // Every event as it came.
                var original: [SSEEvent] = [], passed: [SSEEvent] = []
                var a = SSEParser(), b = SSEParser()
                a.feed(bytes) { original.append($0) }
                _ = a.finish(flushing: { original.append($0) })
                b.feed(relayed.out) { passed.append($0) }
                #expect(passed.map(\.data) == original.map(\.data), "\(name)")
            }
        }
        #expect(seen >= 8)
    }

    @Test func aBrokenChunkIsCaughtWithoutBuildingTheOthers() {
        let stream = Array(("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n"
                            + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"h\\q\"}}]}\n\n").utf8)
        let result = Self.run(stream, from: .openai, to: .openai)
        guard case .failed(let error)? = result.outcome else { Issue.record("not failed"); return }
        #expect(error.kind == .malformed)
        #expect(String(decoding: result.out, as: UTF8.self).contains("invalid escape"))
    }

    @Test func aBrokenAnthropicDeltaIsCaughtToo() {
        let stream = Array(("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
                            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}\n\n").utf8)
        let result = Self.run(stream, from: .anthropic, to: .anthropic)
        guard case .failed(let error)? = result.outcome else { Issue.record("not failed"); return }
        #expect(error.kind == .malformed)
        #expect(result.usage?.input == 3)
    }

    /// A relay reads a usage chunk's usage member alone: it must count what the full decoder
    /// counts, whatever else the chunk holds and however odd the usage is.
    @Test(arguments: [
        #"{"id":"c","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}}"#,
        #"{"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":7,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":3},"completion_tokens_details":{"reasoning_tokens":1}}}"#,
        #"{"id":"c","choices":[],"usage":"seven"}"#,
        #"{"id":"c","choices":[],"usage":{"prompt_tokens":"7"}}"#,
        #"{"id":"c","choices":[],"usage":{}}"#,
        #"{"id":"c","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1},"usage":{"prompt_tokens":5,"completion_tokens":6}}"#,
        #"{"id":"c","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":4}}"#,
        #"{"id":"c","choices":[],"usage":null}"#,
    ])
    func aUsageChunkCountsAsTheFullDecoderCounts(_ chunk: String) {
        let stream = Array(("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n"
                            + "data: \(chunk)\n\ndata: [DONE]\n\n").utf8)
        let relayed = Self.run(stream, from: .openai, to: .openai)
        let decoded = Self.run(stream, from: .openai, to: .anthropic)
        #expect(relayed.outcome == decoded.outcome)
        #expect(relayed.usage == decoded.usage)
    }

    @Test func anErrorChunkAndAUsageChunkAreReadInFull() {
        let usage = Array(("data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":9}}\n\n"
                           + "data: [DONE]\n\n").utf8)
        let counted = Self.run(usage, from: .openai, to: .openai)
        #expect(counted.outcome == .complete && counted.usage?.input == 7 && counted.usage?.output == 2)
        let failing = Array("data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":503}}\n\n".utf8)
        let failed = Self.run(failing, from: .openai, to: .openai)
        #expect(failed.outcome == .failed(IRStreamError(kind: .upstream, message: "overloaded", status: 503, type: "server_error")))
    }
}
