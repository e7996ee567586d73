import OmniCore

/// Responses after a round trip through one format (see `Normalise.request`).
extension Normalise {
    // MARK: Responses

    static func response(_ r: IRResponse, for format: WireFormat) -> IRResponse {
        var r = r
        r.origin = nil
        // Without an id, openai/anthropic/responses get one derived from the content (their SDKs
        // require it): an id made that way is not compared, only that there is one.
        if format != .gemini, r.id == nil || isDerived(r.id!) { r.id = "derived" }
        if format == .anthropic || format == .responses {
            r.choices = [r.choices.first ?? IRChoice(parts: [])]  // the first choice only
        }
        r.choices = r.choices.map { choice(plain($0), for: format) }
        switch format {
        case .openai:
            r.created = r.created ?? 0
        case .anthropic, .gemini:
            r.created = nil
        case .responses:
            r.created = r.created ?? 0
        }
        if var u = r.usage {
            u.cacheWrites = format == .anthropic ? u.cacheWrites : nil
            switch format {
            case .openai:
                u.total = u.computedTotal
            case .anthropic:
                u.reasoning = nil
                u.total = nil
            case .gemini:
                u.total = u.computedTotal
                if u.cachedInput == 0 { u.cachedInput = nil }  // zero counts are left out
                if u.reasoning == 0 { u.reasoning = nil }
            case .responses:
                u.total = u.computedTotal
                u.cachedInput = u.cachedInput ?? 0  // always written (0 when unknown)
                u.reasoning = u.reasoning ?? 0
            }
            r.usage = u
        }
        if format == .gemini {
            var names: [String: String] = [:]
            let canonical: (String) -> String = { id in
                if let n = names[id] { return n }
                let n = "id#\(names.count)"
                names[id] = n
                return n
            }
            r.choices = r.choices.map { c in
                var c = c
                c.parts = c.parts.map { canonicalIDs($0, canonical) }
                return c
            }
        }
        return r
    }

    static func plain(_ c: IRChoice) -> IRChoice {
        var c = c
        c.extras = JSONObject()
        c.messageExtras = JSONObject()
        c.messageShape = .parts
        c.parts = c.parts.map(plain)
        return c
    }

    static func choice(_ c: IRChoice, for format: WireFormat) -> IRChoice {
        var c = c
        if format != .anthropic { c.stopSequence = nil }
        switch format {
        case .openai:
            // One message: reasoning_content, content (texts joined), refusal, tool_calls.
            let thinking = c.parts.compactMap { if case .thinking(let t) = $0, t.redactedData == nil { return t.text } else { return nil } }
            let texts = c.parts.compactMap { if case .text(let t) = $0 { return t.text } else { return nil } }
            let refusal = c.parts.compactMap { if case .refusal(let s) = $0 { return s } else { return nil } }.last
            let calls = c.parts.compactMap { p -> IRPart? in
                guard case .toolCall(var call) = p else { return nil }
                call.signature = nil
                return .toolCall(call)
            }
            var parts: [IRPart] = []  // redacted thinking is dropped
            if !thinking.isEmpty { parts.append(.thinking(IRThinking(segments: [thinking.joined(separator: "\n\n")]))) }
            if !texts.isEmpty { parts.append(.text(IRText(texts.joined()))) }
            if let refusal { parts.append(.refusal(refusal)) }
            c.parts = parts + calls
        case .anthropic:
            c.parts = c.parts.map { part in
                switch part {
                case .refusal(let s): return .text(IRText(s))  // a text block
                case .thinking(var t) where t.redactedData == nil: t.segments = [t.text]; return .thinking(t)
                default: return part
                }
            }
        case .gemini:
            c.parts = c.parts.filter { if case .thinking(let t) = $0 { return t.redactedData == nil } else { return true } }
            c.parts = c.parts.map { part in
                switch part {
                case .refusal(let s): return .text(IRText(s))
                case .thinking(var t): t.segments = [t.text]; return .thinking(t)
                default: return part
                }
            }
        case .responses:
            c.parts = c.parts.filter { if case .thinking(let t) = $0 { return t.redactedData == nil } else { return true } }
            c.parts = c.parts.map { part in
                switch part {
                case .text(var t): t.signature = nil; return .text(t)
                case .toolCall(var call): call.signature = nil; call.parsedArguments = nil; return .toolCall(call)
                case .thinking(var t): t.segments = t.segments.filter { !$0.isEmpty }; return .thinking(t)
                default: return part
                }
            }
        }
        if format == .openai {
            c.parts = c.parts.map { part in
                guard case .text(var t) = part else { return part }
                t.signature = nil
                return .text(t)
            }
        }
        c.finishReason = c.finishReason.flatMap { finishReason($0, in: format, parts: c.parts) }
            ?? (format == .responses ? finishReason(.stop, in: format, parts: c.parts) : nil)
        return c
    }

    /// The finish reason after encode → decode (docs/translation.md, "Finish reasons").
    static func finishReason(_ reason: IRFinishReason, in format: WireFormat, parts: [IRPart]) -> IRFinishReason? {
        let calls = parts.contains { if case .toolCall = $0 { return true } else { return false } }
        let refused = parts.contains { if case .refusal = $0 { return true } else { return false } }
        switch format {
        case .openai:
            switch reason {
            case .length: return .length
            case .toolCalls, .other("function_call"): return .toolCalls
            case .contentFilter: return .contentFilter
            default: return calls ? .toolCalls : refused ? .refusal : .stop  // "stop"
            }
        case .anthropic:
            switch reason {
            case .refusal: return .contentFilter  // "refusal" reads back as a content filter
            case .other("model_context_window_exceeded"): return reason
            case .other: return .stop  // "end_turn"
            default: return reason
            }
        case .gemini:
            switch reason {
            case .stop, .stopSequence, .toolCalls, .pause: return calls ? .toolCalls : .stop  // "STOP"
            case .length: return .length
            case .contentFilter, .refusal: return .contentFilter  // "SAFETY"
            case .other(let raw):
                let written = raw.allSatisfy({ $0.isUppercase || $0 == "_" }) ? raw : "OTHER"
                return written == "STOP" ? (calls ? .toolCalls : .stop) : written == "MAX_TOKENS" ? .length : .other(written)
            }
        case .responses:
            switch reason {
            case .length: return .length
            case .contentFilter: return .contentFilter
            case .pause: return .pause  // incomplete without a reason
            case .other: return .other("failed")
            default: return calls ? .toolCalls : refused ? .refusal : .stop  // "completed"
            }
        }
    }

    /// `chatcmpl-`, `msg_` or `resp_` and 16 hex digits: an id the encoder derived.
    static func isDerived(_ id: String) -> Bool {
        for prefix in ["chatcmpl-", "msg_", "resp_"] where id.hasPrefix(prefix) {
            let rest = id.dropFirst(prefix.count)
            return rest.count == 16 && rest.allSatisfy(\.isHexDigit)
        }
        return false
    }
}
