/// Gemini generateContent response ↔ IR (API reference: "GenerateContentResponse").
public enum GeminiResponseCodec {
    static let contentFilterReasons: Set<String> = [
        "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
    ]

    public static func decode(_ json: JSON) throws -> IRResponse {
        let top = try json.asObject()
        var response = IRResponse()
        response.origin = IROrigin(format: .gemini, object: top)
        response.id = try top.either("responseId", "response_id", as: \.stringValue, "string")?.1
        response.model = try top.either("modelVersion", "model_version", as: \.stringValue, "string")?.1
        let candidates = try top.array("candidates") ?? []
        response.choices = try at("candidates") {
            try candidates.enumerated().map { i, item in
                try at(i) { try decodeCandidate(try item.asObject(), index: i, responseID: response.id) }
            }
        }
        if let (key, u) = try top.either("usageMetadata", "usage_metadata", as: \.objectValue, "object") {
            response.usage = try at(key) {
                let thoughts = try u.either("thoughtsTokenCount", "thoughts_token_count", as: \.numberValue, "number")?.1.intValue
                let candidatesCount = try u.either("candidatesTokenCount", "candidates_token_count", as: \.numberValue, "number")?.1.intValue
                return IRUsage(
                    input: try u.either("promptTokenCount", "prompt_token_count", as: \.numberValue, "number")?.1.intValue ?? 0,
                    output: (candidatesCount ?? 0).saturatingAdd(thoughts ?? 0),
                    cachedInput: try u.either("cachedContentTokenCount", "cached_content_token_count", as: \.numberValue, "number")?.1.intValue,
                    reasoning: thoughts,
                    total: try u.either("totalTokenCount", "total_token_count", as: \.numberValue, "number")?.1.intValue)
            }
        }
        return response
    }

    static func decodeCandidate(_ c: JSONObject, index: Int, responseID: String?) throws -> IRChoice {
        var parts: [IRPart] = []
        var messageExtras = JSONObject()
        var shape = ContentShape.absent
        if let content = try c.object("content") {
            shape = content["parts"] == nil ? .null : .parts
            parts = try at("content") {
                try at("parts") { try GeminiRequestCodec.decodeParts(content.array("parts") ?? [], turn: index, linker: nil) }
            }
            messageExtras = content.removing(["parts"])
            // Ids the client sees must not repeat across responses: derive them from the response id.
            if let responseID {
                var n = 0
                parts = parts.map { part in
                    guard case .toolCall(var call) = part, call.itemID == nil else { return part }
                    call.id = "call_\(responseID)_\(index)_\(n)"
                    n += 1
                    return .toolCall(call)
                }
            }
        }
        var choice = IRChoice(parts: parts, extras: c.removing(["content", "finishReason", "finish_reason"]), messageExtras: messageExtras)
        choice.messageShape = shape
        if let reason = try c.either("finishReason", "finish_reason", as: \.stringValue, "string")?.1 {
            switch reason {
            case "STOP": choice.finishReason = choice.hasToolCalls ? .toolCalls : .stop
            case "MAX_TOKENS": choice.finishReason = .length
            default: choice.finishReason = contentFilterReasons.contains(reason) ? .contentFilter : .other(reason)
            }
        }
        return choice
    }

    public static func encode(_ response: IRResponse) throws -> JSON {
        let sameFormat = response.origin?.format == .gemini
        let candidates = JSON.array(try at("candidates") {
            try response.choices.enumerated().map { i, choice in try at(i) { try encodeCandidate(choice, sameFormat: sameFormat) } }
        })
        if let origin = response.origin, sameFormat {
            var top = origin.object
            if top["candidates"] != nil || !response.choices.isEmpty { top["candidates"] = candidates }
            return .object(top)
        }
        var top: JSONObject = ["candidates": candidates]
        if let usage = response.usage {
            var u: JSONObject = ["promptTokenCount": .int(usage.input),
                                 "candidatesTokenCount": .int(usage.output.saturatingSubtract(usage.reasoning ?? 0)),
                                 "totalTokenCount": .int(usage.computedTotal)]
            if let cached = usage.cachedInput, cached > 0 { u.append("cachedContentTokenCount", .int(cached)) }
            if let reasoning = usage.reasoning, reasoning > 0 { u.append("thoughtsTokenCount", .int(reasoning)) }
            top.append("usageMetadata", .object(u))
        }
        top.append("modelVersion", response.model.map(JSON.string))
        top.append("responseId", response.id.map(JSON.string))
        return .object(top)
    }

    static func encodeCandidate(_ choice: IRChoice, sameFormat: Bool) throws -> JSON {
        var parts: [JSON] = []
        var names: [String: String] = [:]
        for part in choice.parts {
            var part = part
            part = wrappingSignatures(part)  // a gemini client gets every signature back, foreign ones wrapped
            if let json = try GeminiRequestCodec.encodePart(part, sameFormat: sameFormat, names: &names) { parts.append(json) }
        }
        var c = JSONObject()
        if sameFormat {
            if choice.messageShape != .absent {
                var content = choice.messageExtras
                if choice.messageShape == .parts { content.append("parts", .array(parts)) }
                c.append("content", .object(content))
            }
        } else {
            c.append("content", ["role": "model", "parts": .array(parts)])
        }
        if let reason = choice.finishReason {
            let text: String
            switch reason {
            case .stop, .stopSequence, .toolCalls, .pause: text = "STOP"
            case .length: text = "MAX_TOKENS"
            case .contentFilter, .refusal: text = "SAFETY"
            case .other(let raw): text = raw.allSatisfy({ $0.isUppercase || $0 == "_" }) ? raw : "OTHER"
            }
            c.append("finishReason", .string(text))
        }
        if sameFormat { c.fields.append(contentsOf: choice.extras.fields) }
        return .object(c)
    }

    /// For a gemini client, any signature rides as `thoughtSignature`, wrapped when foreign.
    static func wrappingSignatures(_ part: IRPart) -> IRPart {
        func wrap(_ s: IRSignature?) -> IRSignature? {
            s.map { IRSignature(format: .gemini, value: Signatures.text($0, for: .gemini)) }
        }
        switch part {
        case .thinking(var t): t.signature = wrap(t.signature); return .thinking(t)
        case .toolCall(var c): c.signature = wrap(c.signature); return .toolCall(c)
        case .text(var t): t.signature = wrap(t.signature); return .text(t)
        default: return part
        }
    }
}
