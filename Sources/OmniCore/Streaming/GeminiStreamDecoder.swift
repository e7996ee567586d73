/// Gemini `streamGenerateContent?alt=sse` (one GenerateContentResponse per event, no end
/// marker) → IR events. The stream is complete when a `finishReason` has come and the
/// upstream then ends; ending without one is a truncation.
public struct GeminiStreamDecoder: Sendable {
    private var started = false
    private var blocks = BlockTracker()
    private var responseID: String?
    private var calls = 0
    private var finished = false
    private var pendingUsage: IRUsage?
    private var done = false

    public init() {}

    public mutating func receive(_ event: SSEEvent, into out: inout [IRStreamEvent]) {
        guard !done else { return }
        let chunk: JSONObject
        switch parseEventJSON(event.data, .gemini) {
        case .success(let o): chunk = o
        case .failure(let error): return fail(error, into: &out)
        }
        if let error = chunk["error"], !error.isNull {
            return fail(IRStreamError(kind: .upstream, message: error["message"]?.stringValue ?? error.compactText,
                                      status: error["code"]?.numberValue?.intValue ?? 500, type: error["status"]?.stringValue), into: &out)
        }
        if !started {
            started = true
            responseID = (chunk["responseId"] ?? chunk["response_id"])?.stringValue
            out.append(.start(IRStreamStart(id: responseID, model: (chunk["modelVersion"] ?? chunk["model_version"])?.stringValue)))
        }
        if let candidate = chunk["candidates"]?.arrayValue?.first {
            for part in candidate["content"]?["parts"]?.arrayValue ?? [] { receive(part: part, into: &out) }
            if let reason = (candidate["finishReason"] ?? candidate["finish_reason"])?.stringValue {
                blocks.stop(into: &out)
                finished = true
                switch reason {
                case "STOP": out.append(.finish(calls > 0 ? .toolCalls : .stop, stopSequence: nil))
                case "MAX_TOKENS": out.append(.finish(.length, stopSequence: nil))
                default:
                    out.append(.finish(GeminiResponseCodec.contentFilterReasons.contains(reason) ? .contentFilter : .other(reason),
                                       stopSequence: nil))
                }
            }
        } else if chunk["promptFeedback"]?["blockReason"] != nil {
            blocks.stop(into: &out)
            finished = true
            out.append(.finish(.contentFilter, stopSequence: nil))
        }
        if let metadata = (chunk["usageMetadata"] ?? chunk["usage_metadata"])?.objectValue,
            let usage = try? GeminiResponseCodec.decode(.object(["usageMetadata": .object(metadata)])).usage
        {
            pendingUsage = usage
        }
    }

    private mutating func receive(part: JSON, into out: inout [IRStreamEvent]) {
        let signature = (part["thoughtSignature"] ?? part["thought_signature"])?.stringValue.map { Signatures.read($0, in: .gemini) }
        if let call = (part["functionCall"] ?? part["function_call"])?.objectValue {
            // Gemini sends a call whole: start, all arguments, stop.
            let block = blocks.begin(.tool, into: &out)
            let id = call["id"]?.stringValue ?? "call_\(responseID.map { "\($0)_" } ?? "")\(calls)"
            calls += 1
            out.append(.toolCallStart(block: block, id: id, name: call["name"]?.stringValue ?? "", signature: signature))
            out.append(.toolCallArgumentsDelta(block: block, fragment: (call["args"] ?? .object(JSONObject())).compactText))
            blocks.stop(into: &out)
            return
        }
        guard let text = part["text"]?.stringValue else { return }
        if part["thought"]?.boolValue == true {
            let block = blocks.block(for: .thinking, into: &out)
            if !text.isEmpty { out.append(.thinkingDelta(block: block, text: text)) }
            if let signature { out.append(.thinkingSignature(block: block, signature: signature)) }
        } else if !text.isEmpty {
            out.append(.textDelta(block: blocks.block(for: .text, into: &out), text: text))
        }
    }

    private mutating func fail(_ error: IRStreamError, into out: inout [IRStreamEvent]) {
        out.append(.error(error))
        done = true
    }

    public mutating func finish(cut: Bool, into out: inout [IRStreamEvent]) {
        guard !done else { return }
        if cut || !finished { return fail(.truncated(.gemini, cut ? "inside an event" : "before a finishReason"), into: &out) }
        if let pendingUsage { out.append(.usage(pendingUsage)) }
        out.append(.end)
        done = true
    }
}
