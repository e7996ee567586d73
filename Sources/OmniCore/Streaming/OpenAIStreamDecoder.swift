/// OpenAI Chat Completions stream (`data: {chat.completion.chunk}` … `data: [DONE]`) → IR events.
public struct OpenAIStreamDecoder: Sendable {
    private var started = false
    private var blocks = BlockTracker()
    private var toolBlocks: [Int: Int] = [:]  // tool_calls[].index → block
    private var sawToolCall = false
    private var sawRefusal = false
    private var done = false

    public init() {}

    static let knownAfterStart = ["id", "object", "created", "model", "system_fingerprint", "service_tier", "obfuscation"]

    public mutating func receive(_ event: SSEEvent, into out: inout [IRStreamEvent]) {
        guard !done else { return }
        if event.data == Array("[DONE]".utf8) {
            blocks.stop(into: &out)
            out.append(.end)
            done = true
            return
        }
        let chunk: JSONObject
        // After the first chunk its id, model and the like are known: not kept again.
        switch parseEventJSON(event.data, .openai, skipping: started ? Self.knownAfterStart : []) {
        case .success(let o): chunk = o
        case .failure(let error): return fail(error, into: &out)
        }
        if let error = chunk["error"], !error.isNull {
            return fail(IRStreamError(kind: .upstream, message: error["message"]?.stringValue ?? error.compactText,
                                      status: error["code"]?.numberValue?.intValue ?? 500, type: error["type"]?.stringValue), into: &out)
        }
        if !started {
            started = true
            out.append(.start(IRStreamStart(id: chunk["id"]?.stringValue, model: chunk["model"]?.stringValue,
                                            created: chunk["created"]?.numberValue?.intValue)))
        }
        if let choice = chunk["choices"]?.arrayValue?.first(where: { ($0["index"]?.numberValue?.intValue ?? 0) == 0 }) {
            receive(choice: choice, into: &out)
        }
        if let usage = chunk["usage"]?.objectValue, let decoded = try? OpenAIResponseCodec.decodeUsage(usage) {
            out.append(.usage(decoded))
        }
    }

    private mutating func receive(choice: JSON, into out: inout [IRStreamEvent]) {
        if let delta = choice["delta"]?.objectValue {
            if let text = (delta["reasoning_content"] ?? delta["reasoning"])?.stringValue, !text.isEmpty {
                out.append(.thinkingDelta(block: blocks.block(for: .thinking, into: &out), text: text))
            }
            if let text = delta["content"]?.stringValue, !text.isEmpty {
                out.append(.textDelta(block: blocks.block(for: .text, into: &out), text: text))
            }
            if let text = delta["refusal"]?.stringValue, !text.isEmpty {
                sawRefusal = true
                out.append(.refusalDelta(block: blocks.block(for: .refusal, into: &out), text: text))
            }
            for call in delta["tool_calls"]?.arrayValue ?? [] {
                let index = call["index"]?.numberValue?.intValue ?? 0
                let fragment = call["function"]?["arguments"]?.stringValue ?? ""
                if let block = toolBlocks[index] {
                    if !fragment.isEmpty { out.append(.toolCallArgumentsDelta(block: block, fragment: fragment)) }
                    continue
                }
                sawToolCall = true
                let block = blocks.begin(.tool, into: &out)
                toolBlocks[index] = block
                out.append(.toolCallStart(block: block, id: call["id"]?.stringValue ?? "call_\(index)",
                                          name: call["function"]?["name"]?.stringValue ?? "", signature: nil))
                if !fragment.isEmpty { out.append(.toolCallArgumentsDelta(block: block, fragment: fragment)) }
            }
        }
        if let reason = choice["finish_reason"]?.stringValue {
            blocks.stop(into: &out)
            let mapped: IRFinishReason
            switch reason {
            case "stop": mapped = sawToolCall ? .toolCalls : sawRefusal ? .refusal : .stop
            case "length": mapped = .length
            case "tool_calls", "function_call": mapped = .toolCalls
            case "content_filter": mapped = .contentFilter
            default: mapped = .other(reason)
            }
            out.append(.finish(mapped, stopSequence: nil))
        }
    }

    private mutating func fail(_ error: IRStreamError, into out: inout [IRStreamEvent]) {
        out.append(.error(error))
        done = true
    }

    /// The upstream ended; `cut` when it stopped inside an event.
    public mutating func finish(cut: Bool, into out: inout [IRStreamEvent]) {
        guard !done else { return }
        fail(.truncated(.openai, cut ? "inside an event" : "before data: [DONE]"), into: &out)
    }
}
