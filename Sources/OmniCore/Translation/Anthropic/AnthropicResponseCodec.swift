/// Anthropic Messages whole response ↔ IR (API reference: "Messages", response body).
public enum AnthropicResponseCodec {
    public static func decode(_ json: JSON) throws -> IRResponse {
        let top = try json.asObject()
        var response = IRResponse()
        response.origin = IROrigin(format: .anthropic, object: top)
        response.id = try top.string("id")
        response.model = try top.string("model")
        let blocks = try top.requiredArray("content")
        var choice = IRChoice(parts: try at("content") { try AnthropicRequestCodec.decodeBlocks(blocks) })
        choice.stopSequence = try top.string("stop_sequence")
        choice.finishReason = try top.string("stop_reason").map(finishReason(from:))
        response.choices = [choice]
        if let usage = try top.object("usage") { response.usage = try at("usage") { try decodeUsage(usage) } }
        return response
    }

    /// Anthropic counts cache reads and writes apart from `input_tokens`; the IR's input is all three.
    static func decodeUsage(_ usage: JSONObject) throws -> IRUsage {
        let cached = try usage.int("cache_read_input_tokens")
        let writes = try usage.int("cache_creation_input_tokens")
        return IRUsage(input: (try usage.int("input_tokens") ?? 0).saturatingAdd(cached ?? 0).saturatingAdd(writes ?? 0),
                       output: try usage.int("output_tokens") ?? 0, cachedInput: cached, cacheWrites: writes)
    }

    static func finishReason(from raw: String) -> IRFinishReason {
        switch raw {
        case "end_turn": return .stop
        case "max_tokens": return .length
        case "stop_sequence": return .stopSequence
        case "tool_use": return .toolCalls
        case "refusal": return .contentFilter
        case "pause_turn": return .pause
        default: return .other(raw)
        }
    }

    static func stopReason(_ reason: IRFinishReason) -> String {
        switch reason {
        case .stop: return "end_turn"
        case .stopSequence: return "stop_sequence"
        case .length: return "max_tokens"
        case .toolCalls: return "tool_use"
        case .contentFilter, .refusal: return "refusal"
        case .pause: return "pause_turn"
        case .other(let raw): return ["model_context_window_exceeded"].contains(raw) ? raw : "end_turn"
        }
    }

    public static func encode(_ response: IRResponse) throws -> JSON {
        let sameFormat = response.origin?.format == .anthropic
        let choice = response.choices.first ?? IRChoice(parts: [])
        let content = JSON.array(try at("content") { try encodeBlocks(choice.parts, sameFormat: sameFormat) })
        if let origin = response.origin, sameFormat {
            return origin.rewritten(["model": response.model.map(JSON.string), "content": content])
        }
        var top = JSONObject(capacity: 8)
        top.append("id", .string(ResponseIDs.id(for: response, prefix: "msg_")))
        top.append("type", "message")
        top.append("role", "assistant")
        top.append("model", response.model.map(JSON.string))
        top.append("content", content)
        top.append("stop_reason", choice.finishReason.map { .string(stopReason($0)) } ?? .null)
        top.append("stop_sequence", choice.stopSequence.map(JSON.string) ?? .null)
        if let usage = response.usage {
            let uncached = usage.input.saturatingSubtract(usage.cachedInput ?? 0).saturatingSubtract(usage.cacheWrites ?? 0)
            var u: JSONObject = ["input_tokens": .int(max(0, uncached)),
                                 "output_tokens": .int(usage.output)]
            u.append("cache_creation_input_tokens", usage.cacheWrites.map(JSON.int))
            u.append("cache_read_input_tokens", usage.cachedInput.map(JSON.int))
            top.append("usage", .object(u))
        }
        return .object(top)
    }

    /// Response content for an Anthropic client: foreign thinking signatures are wrapped,
    /// and a gemini signature on a call or text rides in an empty thinking block before it.
    static func encodeBlocks(_ parts: [IRPart], sameFormat: Bool) throws -> [JSON] {
        var blocks: [JSON] = []
        blocks.reserveCapacity(parts.count)
        for part in parts {
            switch part {
            case .thinking(let t) where !sameFormat:
                if let data = t.redactedData {
                    blocks.append(["type": "redacted_thinking", "data": .string(data)])
                } else {
                    let signature = t.signature.map { Signatures.text($0, for: .anthropic) } ?? ""
                    blocks.append(["type": "thinking", "thinking": .string(t.text), "signature": .string(signature)])
                }
            case .toolCall(let call):
                if !sameFormat, let sig = call.signature { blocks.append(carrier(sig)) }
                try AnthropicRequestCodec.appendBlock(part, sameFormat: sameFormat, to: &blocks)
            case .text(let text):
                if !sameFormat, let sig = text.signature { blocks.append(carrier(sig)) }
                try AnthropicRequestCodec.appendBlock(part, sameFormat: sameFormat, to: &blocks)
            default:
                try AnthropicRequestCodec.appendBlock(part, sameFormat: sameFormat, to: &blocks)
            }
        }
        return blocks
    }

    static func carrier(_ signature: IRSignature) -> JSON {
        ["type": "thinking", "thinking": "", "signature": .string(Signatures.text(signature, for: .anthropic))]
    }
}
