import OmniCore

/// Random IR requests and responses made only of what the four formats can all express
/// in some form: text, system prompt, images, function tools with simple schemas, tool
/// calls with unique ids and JSON-object arguments, their results, sampling numbers as
/// literal text, stop lists and tool choice. `PropertyNormalisation` then removes what a
/// given format cannot carry.
struct IRGenerator {
    var rng: SplitMix64
    private var callCounter = 0

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    // MARK: Leaves

    static let words = [
        "hello", "weather", "Paris", "naïve café", "東京", "Grüße", "مرحبا", "😀🚀", "𝄞", "quote \"q\"", "back\\slash",
        "tab\tand\nnewline", "ctl\u{1}\u{1F}", "/slash/", "{\"json\": [1]}", "  spaced  ", "0", "null", "",
    ]

    mutating func text() -> String {
        (0..<rng.int(1...4)).map { _ in rng.pick(Self.words) }.joined(separator: " ")
    }

    static let numberLiterals = ["0", "1", "0.7", "1.0", "0.25", "2", "-0.5", "1e-3", "2E2", "0.000", "-0", "100", "12345678901234567890"]

    mutating func number() -> JSONNumber { JSONNumber(literal: rng.pick(Self.numberLiterals)) }

    mutating func jsonValue(depth: Int = 0) -> JSON {
        switch rng.int(0...(depth < 2 ? 7 : 4)) {
        case 0: return .null
        case 1: return .bool(rng.chance(50))
        case 2: return .number(number())
        case 3, 4: return .string(text())
        case 5: return .array((0..<rng.int(0...3)).map { _ in jsonValue(depth: depth + 1) })
        default: return .object(jsonObject(depth: depth + 1))
        }
    }

    mutating func jsonObject(depth: Int = 0) -> JSONObject {
        var o = JSONObject()
        for i in 0..<rng.int(0...3) { o.append("\(rng.pick(["k", "city", "ключ", "n", "a b"]))\(i)", jsonValue(depth: depth)) }
        return o
    }

    mutating func image() -> IRMedia {
        let source: IRMedia.Source
        if rng.chance(50) {
            let data = String((0..<rng.int(4...24)).map { _ in rng.pick(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")) }) + "=="
            source = .base64(mediaType: rng.pick(["image/png", "image/jpeg", "image/webp", "image/gif"]), data: data)
        } else {
            let ext = rng.pick(["png", "jpg", "jpeg", "gif", "webp"])
            source = .url("https://example.com/img/\(rng.int(0...999)).\(ext)\(rng.chance(20) ? "?v=2" : "")", mediaType: nil)
        }
        return IRMedia(source: source, detail: rng.maybe(30) { $0.pick(["low", "high", "auto"]) })
    }

    mutating func pdf() -> IRMedia {
        let source: IRMedia.Source = rng.chance(60)
            ? .base64(mediaType: "application/pdf", data: "JVBERi0xLjcK" + String(rng.int(0...9999)))
            : .url("https://example.com/docs/report-\(rng.int(0...99)).pdf", mediaType: nil)
        return IRMedia(source: source, filename: rng.maybe(50) { g in "report-\(g.int(0...9)).pdf" })
    }

    // MARK: Requests

    static let toolNames = ["get_weather", "search_docs", "run_sql", "send_email", "lookup"]

    mutating func tool(named name: String) -> IRFunctionTool {
        var parameters: JSON?
        if rng.chance(80) {
            var properties = JSONObject()
            var required: [JSON] = []
            for i in 0..<rng.int(0...3) {
                let key = "p\(i)_\(rng.pick(["city", "limit", "flag", "ratio"]))"
                let type = rng.pick(["string", "integer", "number", "boolean"])
                var p: JSONObject = ["type": rng.chance(20) ? [.string(type), "null"] : .string(type)]
                if rng.chance(50) { p.append("description", .string(text())) }
                if type == "string", rng.chance(30) { p.append("enum", ["a", "b", "c"]) }
                properties.append(key, .object(p))
                if rng.chance(50) { required.append(.string(key)) }
            }
            var schema: JSONObject = ["type": "object", "properties": .object(properties)]
            if !required.isEmpty { schema.append("required", .array(required)) }
            parameters = .object(schema)
        }
        return IRFunctionTool(name: name, description: rng.maybe(70) { g in
            var gen = IRGenerator(seed: g.next()); return gen.text()
        }, parameters: parameters, strict: rng.maybe(40) { $0.chance(50) })
    }

    mutating func toolCall(names: [String]) -> IRToolCall {
        callCounter += 1
        let id = rng.pick(["call_", "toolu_01", "fc-"]) + "\(callCounter)x\(rng.int(0...99_999))"
        return IRToolCall(id: id, name: rng.pick(names), arguments: jsonObject().asJSON.compactText)
    }

    mutating func toolResult(for call: IRToolCall) -> IRToolResult {
        let parts = (0..<(rng.chance(80) ? 1 : 2)).map { _ in IRPart.text(IRText(text())) }
        return IRToolResult(callID: call.id, content: parts, isError: rng.chance(20))
    }

    mutating func request() -> IRRequest {
        var r = IRRequest()
        r.model = rng.maybe(90) { $0.pick(["gpt-4.1", "claude-sonnet-4-5", "o3"]) }
        r.system = (0..<rng.pick([0, 0, 1, 1, 1, 2])).map { _ in
            IRMessage(role: .system, parts: (0..<rng.int(1...2)).map { _ in .text(IRText(text())) })
        }
        let toolNames = Array(Self.toolNames.prefix(rng.int(0...4)))
        r.tools = toolNames.map { .function(tool(named: $0)) }
        let callable = toolNames.isEmpty ? ["get_weather"] : toolNames

        for _ in 0..<(rng.chance(5) ? 0 : rng.int(1...4)) {
            // A text first: a turn of only a URL file would be empty in openai (no file URLs there).
            var user: [IRPart] = [.text(IRText(text()))] + (0..<rng.int(0...2)).map { _ in
                switch rng.int(0...5) {
                case 0, 1: return .image(image())
                case 2: return .file(pdf())
                default: return .text(IRText(text()))
                }
            }
            if !r.messages.isEmpty, r.messages.last?.role == .user, rng.chance(50) {
                // Text after the results of the previous call, in the same turn.
                r.messages[r.messages.count - 1].parts.append(contentsOf: user.filter { if case .text = $0 { return true } else { return false } })
            } else {
                if rng.chance(10) { user = [.text(IRText(text()))] }
                r.messages.append(IRMessage(role: .user, parts: user))
            }
            if rng.chance(10) {
                // A system or developer message in the middle of the conversation.
                r.messages.append(IRMessage(role: rng.pick([.system, .developer]), parts: [.text(IRText(text()))]))
            }
            guard rng.chance(80) else { continue }
            var assistant: [IRPart] = (0..<rng.int(0...2)).map { _ in .text(IRText(text())) }
            let calls = (0..<rng.int(assistant.isEmpty ? 1...3 : 0...3)).map { _ in toolCall(names: callable) }
            assistant += calls.map(IRPart.toolCall)
            r.messages.append(IRMessage(role: .assistant, parts: assistant))
            if !calls.isEmpty {
                var results = calls.map { IRPart.toolResult(toolResult(for: $0)) }
                if rng.chance(25) { results.reverse() }  // results need not come in call order
                r.messages.append(IRMessage(role: .user, parts: results))
            }
        }

        r.maxTokens = rng.maybe(60) { $0.int(1...200_000) }
        r.temperature = rng.maybe { g in JSONNumber(literal: g.pick(Self.numberLiterals)) }
        r.topP = rng.maybe { g in JSONNumber(literal: g.pick(Self.numberLiterals)) }
        r.topK = rng.maybe(30) { g in JSONNumber(literal: g.pick(["1", "40", "100"])) }
        r.seed = rng.maybe(30) { g in JSONNumber(literal: g.pick(["0", "42", "12345678901234567890"])) }
        r.presencePenalty = rng.maybe(30) { g in JSONNumber(literal: g.pick(Self.numberLiterals)) }
        r.frequencyPenalty = rng.maybe(30) { g in JSONNumber(literal: g.pick(Self.numberLiterals)) }
        r.candidateCount = rng.maybe(20) { $0.int(1...4) }
        r.stop = rng.maybe(40) { g in
            var gen = IRGenerator(seed: g.next())
            return (0..<g.int(1...3)).map { _ in gen.text() }
        }
        if !toolNames.isEmpty || rng.chance(20) {
            r.toolChoice = rng.maybe(60) { g in
                switch g.int(0...3) {
                case 0: return .auto
                case 1: return .disabled
                case 2: return .required
                default: return .named(g.pick(callable))
                }
            }
            r.parallelToolCalls = rng.maybe(40) { $0.chance(50) }
        }
        r.reasoning = rng.maybe(30) { g in
            if g.chance(25) { return IRReasoningConfig(budgetTokens: g.pick([0, 500, 1024, 1500, 4000, 8192, 9000, 30000])) }
            return IRReasoningConfig(effort: g.pick(["none", "minimal", "low", "medium", "high", "xhigh"]), includeThoughts: g.maybe(50) { _ in true })
        }
        r.responseFormat = rng.maybe(25) { g in
            switch g.int(0...3) {
            case 0: return .text
            case 1: return .jsonObject
            default:
                var gen = IRGenerator(seed: g.next())
                return .jsonSchema(IRJSONSchema(
                    name: g.maybe(70) { _ in "answer" }, description: g.maybe(30) { _ in "The answer." },
                    schema: g.chance(90) ? gen.tool(named: "schema").parameters ?? ["type": "object"] : nil, strict: g.maybe(50) { $0.chance(50) }))
            }
        }
        r.user = rng.maybe(20) { g in "user-\(g.int(0...99))" }
        r.metadata = rng.maybe(20) { g in ["trace": .string("t\(g.int(0...9))")] }
        r.stream = rng.maybe(30) { $0.chance(50) }
        return r
    }

    // MARK: Responses

    mutating func signature(_ formats: [WireFormat]) -> IRSignature? {
        rng.maybe(50) { g in
            IRSignature(format: g.pick(formats), value: "Sig" + String((0..<g.int(4...20)).map { _ in g.pick(Array("abcXYZ019+/=")) }))
        }
    }

    mutating func choice() -> IRChoice {
        var parts: [IRPart] = []
        for _ in 0..<rng.int(0...5) {
            switch rng.int(0...10) {
            case 10:
                parts.append(.thinking(IRThinking(segments: [], redactedData: "EmwKAhgB" + String(rng.int(0...9999)))))
            case 0, 1:
                let segments = (0..<rng.int(1...2)).map { _ in "thought: " + text() }
                parts.append(.thinking(IRThinking(segments: segments, signature: signature([.anthropic, .gemini, .responses]))))
            case 2, 3, 4, 5:
                parts.append(.text(IRText(text(), signature: signature([.gemini]))))
            case 6:
                if !parts.contains(where: { if case .refusal = $0 { return true } else { return false } }) {
                    parts.append(.refusal("I can't help with " + text()))
                }
            default:
                var call = toolCall(names: Self.toolNames)
                call.signature = signature([.gemini])
                parts.append(.toolCall(call))
            }
        }
        let reasons: [IRFinishReason] = [
            .stop, .stopSequence, .length, .toolCalls, .contentFilter, .refusal, .pause,
            .other("MALFORMED_FUNCTION_CALL"), .other("weird_reason"), .other("model_context_window_exceeded"), .other("function_call"),
        ]
        var choice = IRChoice(parts: parts, finishReason: rng.maybe(90) { $0.pick(reasons) })
        if choice.finishReason == .stopSequence { choice.stopSequence = rng.maybe(70) { g in g.pick(["</answer>", "END", "\n\n"]) } }
        return choice
    }

    mutating func response() -> IRResponse {
        var r = IRResponse()
        r.id = rng.maybe(90) { g in "resp_\(g.int(0...999_999))" }
        r.model = rng.maybe(90) { $0.pick(["gpt-4.1", "claude-sonnet-4-5", "gemini-2.5-flash"]) }
        r.created = rng.maybe(50) { $0.int(1_700_000_000...1_800_000_000) }
        r.choices = (0..<rng.pick([1, 1, 1, 2, 3])).map { _ in choice() }
        r.usage = rng.maybe(80) { g in
            let cached = g.maybe(50) { $0.int(0...500) }
            let writes = g.maybe(30) { $0.int(0...500) }
            let input = (cached ?? 0) + (writes ?? 0) + g.int(0...5000)
            let reasoning = g.maybe(40) { $0.int(0...300) }
            let output = (reasoning ?? 0) + g.int(0...3000)
            let total = g.maybe(50) { g in g.chance(80) ? input + output : g.int(0...10_000) }
            return IRUsage(input: input, output: output, cachedInput: cached, cacheWrites: writes, reasoning: reasoning, total: total)
        }
        return r
    }
}

extension JSONObject {
    var asJSON: JSON { .object(self) }
}
