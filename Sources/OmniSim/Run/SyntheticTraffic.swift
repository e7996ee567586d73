import OmniCore

/// The bytes a simulated client sends and a simulated provider answers, in each wire format:
/// written once as OpenAI JSON and translated by the core, as mock-upstream does.
package enum SyntheticTraffic {
    static let filler = ["route", "the", "request", "to", "a", "healthy", "account", "and", "report", "back"]

    /// A chat request of `words` words in `format` for `model`.
    package static func request(model: String, words: Int, stream: Bool, format: WireFormat) -> IncomingRequestParts {
        var text = ""
        for index in 0..<max(1, words) { text += index == 0 ? filler[0] : " " + filler[index % filler.count] }
        let openai = JSONWriter.encode(.object([
            "model": .string(model), "max_tokens": 1024, "stream": .bool(stream),
            "messages": .array([.object(["role": "user", "content": .string(text)])]),
        ]))
        guard format != .openai, let bytes = try? Translator.translate(openai, kind: .request, from: .openai, to: format, model: model) else {
            return IncomingRequestParts(body: openai, pathModel: nil, pathStream: nil)
        }
        // Gemini carries the model and streaming in the path.
        return format == .gemini ? IncomingRequestParts(body: bytes, pathModel: model, pathStream: stream)
                                 : IncomingRequestParts(body: bytes, pathModel: nil, pathStream: nil)
    }

    package struct IncomingRequestParts {
        package var body: [UInt8]
        package var pathModel: String?
        package var pathStream: Bool?
    }

    static func openAIAnswer(model: String, inputTokens: Int, outputTokens: Int) -> [UInt8] {
        JSONWriter.encode(.object([
            "id": "chatcmpl-sim", "object": "chat.completion", "created": 1_700_000_000, "model": .string(model),
            "choices": .array([.object(["index": 0, "message": .object(["role": "assistant", "content": .string(text(outputTokens))]),
                                        "finish_reason": "stop"])]),
            "usage": usage(inputTokens, outputTokens),
        ]))
    }

    /// A whole answer in the provider's format.
    static func answer(model: String, format: WireFormat, inputTokens: Int, outputTokens: Int) -> [UInt8] {
        let openai = openAIAnswer(model: model, inputTokens: inputTokens, outputTokens: outputTokens)
        return (try? Translator.translate(openai, kind: .response, from: .openai, to: format, model: model)) ?? openai
    }

    /// A streamed answer in the provider's format, as `parts` pieces of about equal size
    /// (the simulator delivers them spread over the generation time); `complete: false` stops
    /// before the finish and usage events (a cut or a hang).
    static func stream(model: String, format: WireFormat, inputTokens: Int, outputTokens: Int, parts: Int, complete: Bool = true) -> [[UInt8]] {
        var translator = StreamTranslator(from: .openai, to: format, model: model)
        let count = max(1, outputTokens)
        let per = max(1, (count + parts - 1) / max(parts, 1))
        var pieces: [[UInt8]] = []
        for start in stride(from: 0, to: count, by: per) {
            let piece = words(start..<min(count, start + per), leadingSpace: start > 0)
            let delta: JSON = start == 0 ? .object(["role": "assistant", "content": .string(piece)]) : .object(["content": .string(piece)])
            pieces.append(translator.feed(chunk(model, delta)))
        }
        guard complete else { return pieces }
        let usageChunk = JSONWriter.encode(.object(["id": "chatcmpl-sim", "object": "chat.completion.chunk", "created": 1_700_000_000,
                                                    "model": .string(model), "choices": .array([]), "usage": usage(inputTokens, outputTokens)]))
        var tail = translator.feed(chunk(model, .object([:]), finish: "stop"))
        var end: [UInt8] = []
        SSEWriter.append(event: nil, data: usageChunk, to: &end)
        SSEWriter.appendDone(to: &end)
        tail += translator.feed(end)
        tail += translator.finish()
        if pieces.isEmpty { pieces.append(tail) } else { pieces[pieces.count - 1] += tail }
        return pieces
    }

    /// An answer of `tokens` words (a word stands for a token).
    static func text(_ tokens: Int) -> String { words(0..<max(1, tokens), leadingSpace: false) }

    /// Words `range` of the answer text, built by appending: this runs for every simulated
    /// answer, and `map` + `joined` was most of a simulated request's time.
    static func words(_ range: Range<Int>, leadingSpace: Bool) -> String {
        var text = ""
        text.reserveCapacity(range.count * 8)
        for index in range {
            if index > range.lowerBound || leadingSpace { text += " " }
            text += filler[(index * 7) % filler.count]
        }
        return text
    }

    static func usage(_ input: Int, _ output: Int) -> JSON {
        .object(["prompt_tokens": .number(JSONNumber(input)), "completion_tokens": .number(JSONNumber(output)),
                 "total_tokens": .number(JSONNumber(input + output))])
    }

    static func chunk(_ model: String, _ delta: JSON, finish: String? = nil) -> [UInt8] {
        let body = JSONWriter.encode(.object([
            "id": "chatcmpl-sim", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": .string(model),
            "choices": .array([.object(["index": 0, "delta": delta, "finish_reason": finish.map(JSON.string) ?? .null])]),
        ]))
        var event: [UInt8] = []
        SSEWriter.append(event: nil, data: body, to: &event)
        return event
    }
}
