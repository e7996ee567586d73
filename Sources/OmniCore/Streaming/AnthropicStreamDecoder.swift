/// Anthropic Messages stream (`message_start` … `message_stop`) → IR events. Usage is merged
/// from `message_start` and `message_delta` as the SDK does.
public struct AnthropicStreamDecoder: Sendable {
    private var blocks: [Int: (block: Int, kind: BlockTracker.Kind?)] = [:]  // anthropic index → block
    private var next = 0
    private var startUsage = JSONObject()
    private var done = false

    /// Same format on both sides (see `OpenAIStreamDecoder.relaying`): a content delta, most
    /// of a stream, is checked but not built; every other event is read as usual.
    private let relaying: Bool

    public init(relaying: Bool = false) { self.relaying = relaying }

    private static let contentDelta = Array(#""content_block_delta""#.utf8)

    /// A relayed `content_block_delta`: true when it was only to be checked (or was malformed,
    /// reported); false when the full path must read it.
    private mutating func checkedDelta(_ data: [UInt8], into out: inout [IRStreamEvent]) -> Bool {
        do {
            guard let members = try JSONTopLevel.members(data) else {
                fail(.malformed(.anthropic, "data is not a JSON object"), into: &out)
                return true
            }
            return members.contains { JSONTopLevel.key($0, in: data, is: "type") && data[$0.value].elementsEqual(Self.contentDelta) }
        } catch {
            fail(.malformed(.anthropic, "\(error)"), into: &out)
            return true
        }
    }

    public mutating func receive(_ event: SSEEvent, into out: inout [IRStreamEvent]) {
        guard !done else { return }
        if relaying, event.event == "content_block_delta", checkedDelta(event.data, into: &out) { return }
        let data: JSONObject
        switch parseEventJSON(event.data, .anthropic) {
        case .success(let o): data = o
        case .failure(let error): return fail(error, into: &out)
        }
        switch data["type"]?.stringValue ?? event.event ?? "" {
        case "message_start":
            let message = data["message"]?.objectValue ?? JSONObject()
            startUsage = message["usage"]?.objectValue ?? JSONObject()
            out.append(.start(IRStreamStart(id: message["id"]?.stringValue, model: message["model"]?.stringValue,
                                            usage: usage(merging: JSONObject()))))
        case "content_block_start":
            let index = data["index"]?.numberValue?.intValue ?? next
            let block = next
            next += 1
            let content = data["content_block"]?.objectValue ?? JSONObject()
            switch content["type"]?.stringValue {
            case "text"?:
                blocks[index] = (block, .text)
                if let text = content["text"]?.stringValue, !text.isEmpty { out.append(.textDelta(block: block, text: text)) }
            case "thinking"?:
                blocks[index] = (block, .thinking)
                if let text = content["thinking"]?.stringValue, !text.isEmpty { out.append(.thinkingDelta(block: block, text: text)) }
            case "redacted_thinking"?:
                blocks[index] = (block, .thinking)
                out.append(.redactedThinking(block: block, data: content["data"]?.stringValue ?? ""))
            case "tool_use"?:
                blocks[index] = (block, .tool)
                out.append(.toolCallStart(block: block, id: content["id"]?.stringValue ?? "toolu_\(index)",
                                          name: content["name"]?.stringValue ?? "", signature: nil))
                if let input = content["input"]?.objectValue, !input.isEmpty {
                    out.append(.toolCallArgumentsDelta(block: block, fragment: JSON.object(input).compactText))
                }
            default:
                blocks[index] = (block, nil)  // server tools and their results: Anthropic only
            }
        case "content_block_delta":
            guard let (block, kind) = blocks[data["index"]?.numberValue?.intValue ?? -1], kind != nil else { return }
            let delta = data["delta"]?.objectValue ?? JSONObject()
            switch delta["type"]?.stringValue {
            case "text_delta"?: out.append(.textDelta(block: block, text: delta["text"]?.stringValue ?? ""))
            case "thinking_delta"?: out.append(.thinkingDelta(block: block, text: delta["thinking"]?.stringValue ?? ""))
            case "signature_delta"?:
                if let sig = delta["signature"]?.stringValue, !sig.isEmpty {
                    out.append(.thinkingSignature(block: block, signature: Signatures.read(sig, in: .anthropic)))
                }
            case "input_json_delta"?:
                if let fragment = delta["partial_json"]?.stringValue, !fragment.isEmpty {
                    out.append(.toolCallArgumentsDelta(block: block, fragment: fragment))
                }
            default: break
            }
        case "content_block_stop":
            if let (block, kind) = blocks[data["index"]?.numberValue?.intValue ?? -1], kind != nil { out.append(.blockStop(block: block)) }
        case "message_delta":
            let delta = data["delta"]?.objectValue ?? JSONObject()
            if let reason = delta["stop_reason"]?.stringValue {
                out.append(.finish(AnthropicResponseCodec.finishReason(from: reason), stopSequence: delta["stop_sequence"]?.stringValue))
            }
            if let usage = data["usage"]?.objectValue { out.append(.usage(self.usage(merging: usage))) }
        case "message_stop":
            out.append(.end)
            done = true
        case "error":
            let error = data["error"]?.objectValue ?? JSONObject()
            let type = error["type"]?.stringValue
            let status: Int
            switch type {
            case "overloaded_error"?: status = 529
            case "rate_limit_error"?: status = 429
            case "invalid_request_error"?: status = 400
            default: status = 500
            }
            fail(IRStreamError(kind: .upstream, message: error["message"]?.stringValue ?? "upstream error", status: status, type: type),
                 into: &out)
        default:
            break  // ping and events of newer API versions
        }
    }

    /// Usage of `message_start` updated by a later `usage` object, in the IR's convention.
    private func usage(merging later: JSONObject) -> IRUsage {
        func count(_ key: String) -> Int? { (later[key] ?? startUsage[key])?.numberValue?.intValue }
        let cached = count("cache_read_input_tokens")
        let writes = count("cache_creation_input_tokens")
        return IRUsage(input: (count("input_tokens") ?? 0).saturatingAdd(cached ?? 0).saturatingAdd(writes ?? 0),
                       output: count("output_tokens") ?? 0, cachedInput: cached, cacheWrites: writes)
    }

    private mutating func fail(_ error: IRStreamError, into out: inout [IRStreamEvent]) {
        out.append(.error(error))
        done = true
    }

    public mutating func finish(cut: Bool, into out: inout [IRStreamEvent]) {
        guard !done else { return }
        fail(.truncated(.anthropic, cut ? "inside an event" : "before message_stop"), into: &out)
    }
}
