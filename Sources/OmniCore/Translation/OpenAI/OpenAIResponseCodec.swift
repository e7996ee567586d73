/// OpenAI Chat Completions whole response ↔ IR (API reference: "The chat completion object").
public enum OpenAIResponseCodec {
    public static func decode(_ json: JSON) throws -> IRResponse {
        let top = try json.asObject()
        var response = IRResponse()
        response.origin = IROrigin(format: .openai, object: top)
        response.id = try top.string("id")
        response.model = try top.string("model")
        response.created = try top.int("created")
        let choices = try top.requiredArray("choices")
        response.choices = try at("choices") { try mapIndexed(choices) { try decodeChoice(try $0.asObject()) } }
        if let usage = try top.object("usage") { response.usage = try at("usage") { try decodeUsage(usage) } }
        return response
    }

    static func decodeChoice(_ c: JSONObject) throws -> IRChoice {
        let message = try c.object("message") ?? JSONObject()
        // The message is read as an assistant turn whatever its role says; a null role is
        // refused as a request's would be. (Read in place: a copy of the message with its
        // role replaced, and the turn's unused extras, were four allocations per answer.)
        if message.fields.contains(where: { $0.key == "role" && $0.value.isNull }) {
            throw TranslationError(path: [.key("message"), .key("role")], expected: "string", found: describe(JSON.null))
        }
        let (parts, shape) = try at("message") { try OpenAIRequestCodec.decodeAssistantContent(message) }
        var choice = IRChoice(parts: parts, extras: c.removing(["message", "finish_reason"]),
                              messageExtras: message.removing(["role", "content", "reasoning_content", "refusal", "tool_calls"]))
        choice.messageShape = shape
        switch try c.string("finish_reason") {
        case "stop"?: choice.finishReason = choice.hasToolCalls ? .toolCalls : .stop
        case "length"?: choice.finishReason = .length
        case "tool_calls"?, "function_call"?: choice.finishReason = .toolCalls
        case "content_filter"?: choice.finishReason = .contentFilter
        case let other?: choice.finishReason = .other(other)
        case nil: break
        }
        if choice.finishReason == .stop, choice.parts.contains(where: { if case .refusal = $0 { return true } else { return false } }) {
            choice.finishReason = .refusal
        }
        return choice
    }

    static func decodeUsage(_ u: JSONObject) throws -> IRUsage {
        var usage = IRUsage(input: try u.int("prompt_tokens") ?? 0, output: try u.int("completion_tokens") ?? 0)
        usage.total = try u.int("total_tokens")
        if let details = try u.object("prompt_tokens_details") { usage.cachedInput = try at("prompt_tokens_details") { try details.int("cached_tokens") } }
        if let details = try u.object("completion_tokens_details") {
            usage.reasoning = try at("completion_tokens_details") { try details.int("reasoning_tokens") }
        }
        return usage
    }

    public static func encode(_ response: IRResponse) throws -> JSON {
        let sameFormat = response.origin?.format == .openai
        let choices = JSON.array(response.choices.enumerated().map { encodeChoice($1, index: $0, sameFormat: sameFormat) })
        if let origin = response.origin, sameFormat {
            return origin.rewritten(["model": response.model.map(JSON.string), "choices": choices])
        }
        var top = JSONObject()
        top.append("id", .string(ResponseIDs.id(for: response, prefix: "chatcmpl-")))
        top.append("object", "chat.completion")
        top.append("created", .int(response.created ?? 0))
        top.append("model", response.model.map(JSON.string))
        top.append("choices", choices)
        if let usage = response.usage { top.append("usage", encodeUsage(usage)) }
        return .object(top)
    }

    static func encodeChoice(_ choice: IRChoice, index: Int, sameFormat: Bool) -> JSON {
        let message = IRMessage(role: .assistant, parts: choice.parts, shape: sameFormat ? choice.messageShape : .string,
                                origin: sameFormat ? .openai : nil)
        var m = OpenAIRequestCodec.encodeAssistant(message).objectValue ?? JSONObject()
        if !sameFormat, m["content"] == nil { m["content"] = .null }
        if sameFormat { m.fields.append(contentsOf: choice.messageExtras.fields) }
        var c: JSONObject = ["index": .int(index), "message": .object(m)]
        c.append("finish_reason", choice.finishReason.map { reason in
            if sameFormat, case .other(let raw) = reason { return .string(raw) }
            return .string(finishReason(reason))
        } ?? .null)
        if sameFormat { for field in choice.extras.fields where field.key != "index" { c.fields.append(field) } }
        return .object(c)
    }

    static func finishReason(_ reason: IRFinishReason) -> String {
        switch reason {
        case .stop, .stopSequence, .refusal, .pause: return "stop"
        case .length: return "length"
        case .toolCalls: return "tool_calls"
        case .contentFilter: return "content_filter"
        case .other(let raw): return raw == "function_call" ? raw : "stop"
        }
    }

    static func encodeUsage(_ usage: IRUsage) -> JSON {
        var u: JSONObject = ["prompt_tokens": .int(usage.input), "completion_tokens": .int(usage.output),
                             "total_tokens": .int(usage.computedTotal)]
        if let cached = usage.cachedInput { u.append("prompt_tokens_details", ["cached_tokens": .int(cached)]) }
        if let reasoning = usage.reasoning { u.append("completion_tokens_details", ["reasoning_tokens": .int(reasoning)]) }
        return .object(u)
    }
}

extension JSONObject {
    /// Extras plus `key` when the source had it with exactly `value` (a default the IR does not keep).
    func keeping(_ source: JSONObject, _ key: String, when value: JSON) -> JSONObject {
        guard source[key] == value else { return self }
        return with(key, value)
    }

    /// A copy with one more field.
    func with(_ key: String, _ value: JSON) -> JSONObject {
        var copy = self
        copy.append(key, value)
        return copy
    }
}
