/// IR events → an Anthropic Messages stream: `message_start`, blocks as
/// `content_block_start` / `_delta` / `_stop` in index order, `message_delta` with the stop
/// reason and usage, `message_stop`; `event: error` on failure. Event names equal `data.type`.
public struct AnthropicStreamEncoder: Sendable {
    private var start = IRStreamStart()
    private var started = false
    private var indexOf: [Int: Int] = [:]  // block → anthropic index
    private var open: Int?  // anthropic index of the open block
    private var next = 0
    private var finish: (IRFinishReason, String?)?
    private var usage: IRUsage?
    private var done = false

    public init() {}

    public mutating func receive(_ event: IRStreamEvent, into out: inout [UInt8]) {
        guard !done else { return }
        switch event {
        case .start(let s):
            start = s
            usage = s.usage
            begin(into: &out)
        case .textDelta(let block, let text), .refusalDelta(let block, let text):
            let index = blockIndex(block, ["type": "text", "text": ""], into: &out)
            delta(index, #""delta":{"type":"text_delta","text":"#, text, into: &out)
        case .thinkingDelta(let block, let text):
            let index = blockIndex(block, ["type": "thinking", "thinking": "", "signature": ""], into: &out)
            delta(index, #""delta":{"type":"thinking_delta","thinking":"#, text, into: &out)
        case .thinkingSignature(let block, let signature):
            let index = blockIndex(block, ["type": "thinking", "thinking": "", "signature": ""], into: &out)
            emit("content_block_delta", ["index": .int(index), "delta": ["type": "signature_delta",
                                                                         "signature": .string(Signatures.text(signature, for: .anthropic))]],
                 into: &out)
        case .redactedThinking(let block, let data):
            _ = blockIndex(block, ["type": "redacted_thinking", "data": .string(data)], into: &out)
        case .toolCallStart(let block, let id, let name, let signature):
            if let signature {
                // A gemini signature on the call rides in an empty thinking block before it.
                let carrier = -1 - block
                let index = blockIndex(carrier, ["type": "thinking", "thinking": "", "signature": ""], into: &out)
                emit("content_block_delta", ["index": .int(index), "delta": ["type": "signature_delta",
                                                                             "signature": .string(Signatures.text(signature, for: .anthropic))]],
                     into: &out)
            }
            _ = blockIndex(block, ["type": "tool_use", "id": .string(id), "name": .string(name), "input": [:]], into: &out)
        case .toolCallArgumentsDelta(let block, let fragment):
            guard let index = indexOf[block] else { return }
            emit("content_block_delta", ["index": .int(index), "delta": ["type": "input_json_delta", "partial_json": .string(fragment)]],
                 into: &out)
        case .blockStop(let block):
            if let index = indexOf[block], index == open { stopOpen(into: &out) }
        case .finish(let reason, let sequence):
            finish = (reason, sequence)
        case .usage(let u):
            usage = u
        case .end:
            begin(into: &out)
            stopOpen(into: &out)
            var delta = JSONObject()
            delta.append("stop_reason", finish.map { .string(AnthropicResponseCodec.stopReason($0.0)) } ?? .null)
            delta.append("stop_sequence", finish?.1.map(JSON.string) ?? .null)
            emit("message_delta", ["delta": .object(delta), "usage": usageJSON(usage ?? IRUsage(input: 0, output: 0))], into: &out)
            emit("message_stop", [:], into: &out)
            done = true
        case .error(let error):
            emit("error", ["error": ["type": .string(StreamErrors.anthropicType(error)), "message": .string(error.message)]], into: &out)
            done = true
        }
    }

    /// A text or thinking delta, written from a template (the bulk of a stream's events).
    private func delta(_ index: Int, _ head: StaticString, _ text: String, into out: inout [UInt8]) {
        out.append(static: "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":")
        out.append(decimal: index)
        out.append(UInt8(ascii: ","))
        out.append(static: head)
        JSONString.append(text, to: &out)
        out.append(static: "}}\n\n")
    }

    private mutating func begin(into out: inout [UInt8]) {
        guard !started else { return }
        started = true
        let message: JSON = [
            "id": .string(start.id ?? "msg_stream"), "type": "message", "role": "assistant", "model": .string(start.model ?? ""),
            "content": [], "stop_reason": .null, "stop_sequence": .null,
            "usage": usageJSON(start.usage ?? IRUsage(input: 0, output: 0)),
        ]
        emit("message_start", ["message": message], into: &out)
    }

    /// The anthropic index of `block`, opening it (and closing the open one) on first use.
    private mutating func blockIndex(_ block: Int, _ contentBlock: JSONObject, into out: inout [UInt8]) -> Int {
        if let index = indexOf[block] { return index }
        begin(into: &out)
        stopOpen(into: &out)
        let index = next
        next += 1
        indexOf[block] = index
        open = index
        emit("content_block_start", ["index": .int(index), "content_block": .object(contentBlock)], into: &out)
        return index
    }

    private mutating func stopOpen(into out: inout [UInt8]) {
        guard let index = open else { return }
        emit("content_block_stop", ["index": .int(index)], into: &out)
        open = nil
    }

    private func usageJSON(_ usage: IRUsage) -> JSON {
        let uncached = usage.input.saturatingSubtract(usage.cachedInput ?? 0).saturatingSubtract(usage.cacheWrites ?? 0)
        var u: JSONObject = ["input_tokens": .int(max(0, uncached)), "output_tokens": .int(usage.output)]
        u.append("cache_creation_input_tokens", usage.cacheWrites.map(JSON.int))
        u.append("cache_read_input_tokens", usage.cachedInput.map(JSON.int))
        return .object(u)
    }

    private func emit(_ type: String, _ fields: JSONObject, into out: inout [UInt8]) {
        var o = JSONObject(capacity: fields.count + 1)
        o.append("type", .string(type))
        o.fields.append(contentsOf: fields.fields)
        SSEWriter.append(event: type, data: JSONWriter.encode(.object(o)), to: &out)
    }
}
