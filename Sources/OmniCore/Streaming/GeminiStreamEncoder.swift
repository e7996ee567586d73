/// IR events → a Gemini `streamGenerateContent?alt=sse` stream: one GenerateContentResponse
/// per event, `functionCall` parts whole (arguments are gathered until the call's block
/// ends), thought parts with `thoughtSignature`, `finishReason` and `usageMetadata` last.
public struct GeminiStreamEncoder: Sendable {
    private var start = IRStreamStart()
    private var calls: [Int: (id: String, name: String, signature: IRSignature?, arguments: String)] = [:]
    private var finish: IRFinishReason?
    private var usage: IRUsage?
    private var done = false

    public init() {}

    public mutating func receive(_ event: IRStreamEvent, into out: inout [UInt8]) {
        guard !done else { return }
        switch event {
        case .start(let s):
            start = s
            usage = s.usage
        case .textDelta(_, let text), .refusalDelta(_, let text):
            emit(parts: [["text": .string(text)]], into: &out)
        case .thinkingDelta(_, let text):
            emit(parts: [["text": .string(text), "thought": true]], into: &out)
        case .thinkingSignature(_, let signature):
            emit(parts: [["text": "", "thought": true, "thoughtSignature": .string(Signatures.text(signature, for: .gemini))]], into: &out)
        case .redactedThinking:
            break  // Gemini has no redacted thinking
        case .toolCallStart(let block, let id, let name, let signature):
            calls[block] = (id, name, signature, "")
        case .toolCallArgumentsDelta(let block, let fragment):
            calls[block]?.arguments += fragment
        case .blockStop(let block):
            flushCall(block, into: &out)
        case .finish(let reason, _):
            finish = reason
        case .usage(let u):
            usage = u
        case .end:
            for block in calls.keys.sorted() { flushCall(block, into: &out) }
            var candidate: JSONObject = ["content": ["role": "model", "parts": [["text": ""]]]]
            candidate.append("finishReason", .string(finishReason(finish ?? .stop)))
            var o: JSONObject = ["candidates": [.object(candidate)]]
            if let usage {
                var u: JSONObject = ["promptTokenCount": .int(usage.input),
                                     "candidatesTokenCount": .int(usage.output.saturatingSubtract(usage.reasoning ?? 0)),
                                     "totalTokenCount": .int(usage.computedTotal)]
                if let cached = usage.cachedInput, cached > 0 { u.append("cachedContentTokenCount", .int(cached)) }
                if let reasoning = usage.reasoning, reasoning > 0 { u.append("thoughtsTokenCount", .int(reasoning)) }
                o.append("usageMetadata", .object(u))
            }
            appendMeta(&o)
            SSEWriter.append(event: nil, data: JSONWriter.encode(.object(o)), to: &out)
            done = true
        case .error(let error):
            let body: JSON = ["error": ["code": .int(error.status), "message": .string(error.message),
                                        "status": .string(StreamErrors.geminiStatus(error))]]
            SSEWriter.append(event: nil, data: JSONWriter.encode(body), to: &out)
            done = true
        }
    }

    /// Gemini sends a call whole: its arguments must parse as an object by now.
    private mutating func flushCall(_ block: Int, into out: inout [UInt8]) {
        guard let call = calls.removeValue(forKey: block) else { return }
        let args = (try? JSONParser.parse(call.arguments.isEmpty ? "{}" : call.arguments)) ?? .object(JSONObject())
        var part: JSONObject = ["functionCall": ["name": .string(call.name), "args": args]]
        if let signature = call.signature { part.append("thoughtSignature", .string(Signatures.text(signature, for: .gemini))) }
        emit(parts: [.object(part)], into: &out)
    }

    private func emit(parts: [JSON], into out: inout [UInt8]) {
        var o: JSONObject = ["candidates": [["content": ["role": "model", "parts": .array(parts)]]]]
        appendMeta(&o)
        SSEWriter.append(event: nil, data: JSONWriter.encode(.object(o)), to: &out)
    }

    private func appendMeta(_ o: inout JSONObject) {
        o.append("modelVersion", start.model.map(JSON.string))
        o.append("responseId", start.id.map(JSON.string))
    }

    private func finishReason(_ reason: IRFinishReason) -> String {
        switch reason {
        case .stop, .stopSequence, .toolCalls, .pause: return "STOP"
        case .length: return "MAX_TOKENS"
        case .contentFilter, .refusal: return "SAFETY"
        case .other(let raw): return raw.allSatisfy({ $0.isUppercase || $0 == "_" }) ? raw : "OTHER"
        }
    }
}
