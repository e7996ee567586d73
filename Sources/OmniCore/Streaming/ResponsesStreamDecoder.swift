/// OpenAI Responses stream (`response.created` … `response.completed`) → IR events.
public struct ResponsesStreamDecoder: Sendable {
    private var items: [String: (block: Int, kind: BlockTracker.Kind)] = [:]  // item id → block
    private var next = 0
    private var sawToolCall = false
    private var done = false

    public init() {}

    public mutating func receive(_ event: SSEEvent, into out: inout [IRStreamEvent]) {
        guard !done else { return }
        let data: JSONObject
        switch parseEventJSON(event.data, .responses) {
        case .success(let o): data = o
        case .failure(let error): return fail(error, into: &out)
        }
        let type = data["type"]?.stringValue ?? event.event ?? ""
        switch type {
        case "response.created":
            let response = data["response"]?.objectValue ?? JSONObject()
            out.append(.start(IRStreamStart(id: response["id"]?.stringValue, model: response["model"]?.stringValue,
                                            created: response["created_at"]?.numberValue?.intValue)))
        case "response.output_item.added":
            let item = data["item"]?.objectValue ?? JSONObject()
            guard let id = item["id"]?.stringValue else { return }
            switch item["type"]?.stringValue {
            case "function_call"?:
                let block = open(id, .tool)
                sawToolCall = true
                out.append(.toolCallStart(block: block, id: item["call_id"]?.stringValue ?? id, name: item["name"]?.stringValue ?? "",
                                          signature: nil))
                if let arguments = item["arguments"]?.stringValue, !arguments.isEmpty {
                    out.append(.toolCallArgumentsDelta(block: block, fragment: arguments))
                }
            case "reasoning"?: _ = open(id, .thinking)
            case "message"?: _ = open(id, .text)
            default: break  // built-in tool calls (web search, …): Responses only
            }
        case "response.output_text.delta":
            if let (block, _) = item(data), let delta = data["delta"]?.stringValue { out.append(.textDelta(block: block, text: delta)) }
        case "response.refusal.delta":
            if let (block, _) = item(data), let delta = data["delta"]?.stringValue { out.append(.refusalDelta(block: block, text: delta)) }
        case "response.reasoning_summary_text.delta", "response.reasoning_text.delta":
            if let (block, _) = item(data), let delta = data["delta"]?.stringValue { out.append(.thinkingDelta(block: block, text: delta)) }
        case "response.function_call_arguments.delta":
            if let (block, _) = item(data), let delta = data["delta"]?.stringValue, !delta.isEmpty {
                out.append(.toolCallArgumentsDelta(block: block, fragment: delta))
            }
        case "response.output_item.done":
            let item = data["item"]?.objectValue ?? JSONObject()
            guard let id = item["id"]?.stringValue, let (block, kind) = items[id] else { return }
            if kind == .thinking, let encrypted = item["encrypted_content"]?.stringValue, !encrypted.isEmpty {
                out.append(.thinkingSignature(block: block, signature: Signatures.read(encrypted, in: .responses)))
            }
            out.append(.blockStop(block: block))
        case "response.completed", "response.incomplete":
            // The whole-response codec reads status, incomplete_details and usage the same way.
            if let response = data["response"], let whole = try? ResponsesResponseCodec.decode(response) {
                var reason = whole.choices.first?.finishReason ?? .stop
                if reason == .stop, sawToolCall { reason = .toolCalls }
                out.append(.finish(reason, stopSequence: nil))
                if let usage = whole.usage { out.append(.usage(usage)) }
            }
            out.append(.end)
            done = true
        case "response.failed":
            let error = data["response"]?["error"]
            fail(IRStreamError(kind: .upstream, message: error?["message"]?.stringValue ?? "the response failed",
                               type: error?["code"]?.stringValue), into: &out)
        case "error":
            fail(IRStreamError(kind: .upstream, message: data["message"]?.stringValue ?? "upstream error",
                               type: data["code"]?.stringValue), into: &out)
        default:
            break  // in_progress, content_part.*, *.done of text, …: nothing new
        }
    }

    private mutating func open(_ id: String, _ kind: BlockTracker.Kind) -> Int {
        let block = next
        next += 1
        items[id] = (block, kind)
        return block
    }

    private func item(_ data: JSONObject) -> (Int, BlockTracker.Kind)? {
        data["item_id"]?.stringValue.flatMap { items[$0] }
    }

    private mutating func fail(_ error: IRStreamError, into out: inout [IRStreamEvent]) {
        out.append(.error(error))
        done = true
    }

    public mutating func finish(cut: Bool, into out: inout [IRStreamEvent]) {
        guard !done else { return }
        fail(.truncated(.responses, cut ? "inside an event" : "before response.completed"), into: &out)
    }
}
