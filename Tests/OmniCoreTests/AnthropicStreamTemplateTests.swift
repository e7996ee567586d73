import Testing
@testable import OmniCore

/// The Anthropic stream encoder writes a stream's fixed events (message_start, a text block's
/// start and stop, message_delta, message_stop) and its text deltas from templates. They must
/// be the bytes the JSON tree of each event would be written as: the oracle here builds those
/// trees (as the encoder did before the templates) for generated streams whose ids, models,
/// texts and stop sequences hold every byte JSON escapes, non-ASCII text and numbers of all sizes.
@Suite struct AnthropicStreamTemplateTests {
    static let awkward = ["", "plain", "quote \" and \\ backslash", "line\nbreak\rreturn\ttab", "\u{08}\u{0C}\u{01}\u{1F}\u{7F}",
                          "ünïcødé ✓ 🚀", "exactly8", "a longer text that runs over several eight-byte words \" then ends"]

    @Test func templatesWriteWhatTheTreesWould() {
        var random = SplitMix64(seed: 0xA17)
        for _ in 0..<400 {
            let start = IRStreamStart(id: random.maybe(80) { $0.pick(Self.awkward) }, model: random.maybe(80) { $0.pick(Self.awkward) },
                                      usage: random.maybe { Self.usage(&$0) })
            var events: [IRStreamEvent] = [.start(start)]
            let blocks = random.int(0...3)
            for block in 0..<blocks {
                for _ in 0..<random.int(1...3) { events.append(.textDelta(block: block, text: random.pick(Self.awkward))) }
                if random.chance(50) { events.append(.blockStop(block: block)) }
            }
            if random.chance(80) {
                let reason = random.pick([IRFinishReason.stop, .length, .toolCalls, .stopSequence, .refusal, .other("model_context_window_exceeded")])
                events.append(.finish(reason, stopSequence: random.maybe(30) { $0.pick(Self.awkward) }))
            }
            if random.chance(70) { events.append(.usage(Self.usage(&random))) }
            events.append(.end)

            var encoder = AnthropicStreamEncoder()
            var written: [UInt8] = []
            for event in events { encoder.receive(event, into: &written) }
            #expect(String(decoding: written, as: UTF8.self) == String(decoding: Self.oracle(events), as: UTF8.self))
        }
    }

    static func usage(_ random: inout SplitMix64) -> IRUsage {
        let input = random.int(0...2_000_000)
        return IRUsage(input: input, output: random.int(0...99_999), cachedInput: random.maybe(30) { $0.int(0...input) },
                       cacheWrites: random.maybe(30) { $0.int(0...1000) })
    }

    /// The stream as trees of JSON written by `JSONWriter`, for text blocks only.
    static func oracle(_ events: [IRStreamEvent]) -> [UInt8] {
        var out: [UInt8] = []
        var start = IRStreamStart(), usage: IRUsage?, finish: (IRFinishReason, String?)?
        var started = false, open: Int?, indexOf: [Int: Int] = [:], next = 0
        func emit(_ type: String, _ fields: JSONObject) {
            var object = JSONObject()
            object.append("type", .string(type))
            object.fields.append(contentsOf: fields.fields)
            SSEWriter.append(event: type, data: JSONWriter.encode(.object(object)), to: &out)
        }
        func usageJSON(_ usage: IRUsage) -> JSON {
            let uncached = usage.input - (usage.cachedInput ?? 0) - (usage.cacheWrites ?? 0)
            var u: JSONObject = ["input_tokens": .int(max(0, uncached)), "output_tokens": .int(usage.output)]
            u.append("cache_creation_input_tokens", usage.cacheWrites.map(JSON.int))
            u.append("cache_read_input_tokens", usage.cachedInput.map(JSON.int))
            return .object(u)
        }
        func begin() {
            guard !started else { return }
            started = true
            emit("message_start", ["message": [
                "id": .string(start.id ?? "msg_stream"), "type": "message", "role": "assistant", "model": .string(start.model ?? ""),
                "content": [], "stop_reason": .null, "stop_sequence": .null, "usage": usageJSON(start.usage ?? IRUsage(input: 0, output: 0)),
            ]])
        }
        func stopOpen() {
            guard let index = open else { return }
            emit("content_block_stop", ["index": .int(index)])
            open = nil
        }
        for event in events {
            switch event {
            case .start(let s): start = s; usage = s.usage; begin()
            case .textDelta(let block, let text):
                if indexOf[block] == nil {
                    begin(); stopOpen()
                    indexOf[block] = next; open = next; next += 1
                    emit("content_block_start", ["index": .int(indexOf[block]!), "content_block": ["type": "text", "text": ""]])
                }
                emit("content_block_delta", ["index": .int(indexOf[block]!), "delta": ["type": "text_delta", "text": .string(text)]])
            case .blockStop(let block): if let index = indexOf[block], index == open { stopOpen() }
            case .finish(let reason, let sequence): finish = (reason, sequence)
            case .usage(let u): usage = u
            case .end:
                begin(); stopOpen()
                var delta = JSONObject()
                delta.append("stop_reason", finish.map { .string(AnthropicResponseCodec.stopReason($0.0)) } ?? .null)
                delta.append("stop_sequence", finish?.1.map(JSON.string) ?? .null)
                emit("message_delta", ["delta": .object(delta), "usage": usageJSON(usage ?? IRUsage(input: 0, output: 0))])
                emit("message_stop", [:])
            default: Issue.record("the oracle knows only text streams")
            }
        }
        return out
    }

    @Test func decimalsAreSpelledAsStringDoes() {
        for value in [0, 7, 9, 10, 99, 100, 12_345, -1, -10, -987_654, Int.max, Int.min] {
            var out: [UInt8] = []
            out.append(decimal: value)
            #expect(String(decoding: out, as: UTF8.self) == String(value))
        }
    }

    @Test func stringsAreEscapedAsTheWriterEscapesThem() {
        var all = Self.awkward
        all.append(String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self))
        for text in all {
            var out: [UInt8] = []
            JSONString.append(text, to: &out)
            #expect(out == JSONWriter.encode(.string(text)), "\(text.debugDescription)")
        }
    }
}
