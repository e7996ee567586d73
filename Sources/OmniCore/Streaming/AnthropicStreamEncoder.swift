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
            let index = blockIndex(block, .text, into: &out)
            delta(index, #""delta":{"type":"text_delta","text":"#, text, into: &out)
        case .thinkingDelta(let block, let text):
            let index = blockIndex(block, .other(["type": "thinking", "thinking": "", "signature": ""]), into: &out)
            delta(index, #""delta":{"type":"thinking_delta","thinking":"#, text, into: &out)
        case .thinkingSignature(let block, let signature):
            let index = blockIndex(block, .other(["type": "thinking", "thinking": "", "signature": ""]), into: &out)
            emit("content_block_delta", ["index": .int(index), "delta": ["type": "signature_delta",
                                                                         "signature": .string(Signatures.text(signature, for: .anthropic))]],
                 into: &out)
        case .redactedThinking(let block, let data):
            _ = blockIndex(block, .other(["type": "redacted_thinking", "data": .string(data)]), into: &out)
        case .toolCallStart(let block, let id, let name, let signature):
            if let signature {
                // A gemini signature on the call rides in an empty thinking block before it.
                let carrier = -1 - block
                let index = blockIndex(carrier, .other(["type": "thinking", "thinking": "", "signature": ""]), into: &out)
                emit("content_block_delta", ["index": .int(index), "delta": ["type": "signature_delta",
                                                                             "signature": .string(Signatures.text(signature, for: .anthropic))]],
                     into: &out)
            }
            _ = blockIndex(block, .other(["type": "tool_use", "id": .string(id), "name": .string(name), "input": [:]]), into: &out)
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
            out.append(static: "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":")
            if let finish { JSONString.append(AnthropicResponseCodec.stopReason(finish.0), to: &out) } else { out.append(static: "null") }
            out.append(static: ",\"stop_sequence\":")
            if let sequence = finish?.1 { JSONString.append(sequence, to: &out) } else { out.append(static: "null") }
            out.append(static: "},\"usage\":")
            appendUsage(usage ?? IRUsage(input: 0, output: 0), to: &out)
            out.append(static: "}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
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

    // The events every stream has (its start, a text block's start and stop, its end) are
    // written from templates, as the text deltas are: building and writing a tree for each
    // was most of an encoded stream's time. They are byte for byte what `emit` writes
    // (AnthropicStreamTemplateTests).
    private mutating func begin(into out: inout [UInt8]) {
        guard !started else { return }
        started = true
        out.append(static: "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":")
        JSONString.append(start.id ?? "msg_stream", to: &out)
        out.append(static: ",\"type\":\"message\",\"role\":\"assistant\",\"model\":")
        JSONString.append(start.model ?? "", to: &out)
        out.append(static: ",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":")
        appendUsage(start.usage ?? IRUsage(input: 0, output: 0), to: &out)
        out.append(static: "}}\n\n")
    }

    /// What a block starts as: a text block from its template, any other from its object.
    enum BlockStart {
        case text
        case other(JSONObject)
    }

    /// The anthropic index of `block`, opening it (and closing the open one) on first use.
    private mutating func blockIndex(_ block: Int, _ contentBlock: @autoclosure () -> BlockStart, into out: inout [UInt8]) -> Int {
        if let index = indexOf[block] { return index }
        begin(into: &out)
        stopOpen(into: &out)
        let index = next
        next += 1
        indexOf[block] = index
        open = index
        switch contentBlock() {
        case .text:
            out.append(static: "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":")
            out.append(decimal: index)
            out.append(static: ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n")
        case .other(let object):
            emit("content_block_start", ["index": .int(index), "content_block": .object(object)], into: &out)
        }
        return index
    }

    private mutating func stopOpen(into out: inout [UInt8]) {
        guard let index = open else { return }
        out.append(static: "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":")
        out.append(decimal: index)
        out.append(static: "}\n\n")
        open = nil
    }

    /// `{"input_tokens":…,"output_tokens":…}` and the cache counts the usage has.
    private func appendUsage(_ usage: IRUsage, to out: inout [UInt8]) {
        let uncached = usage.input.saturatingSubtract(usage.cachedInput ?? 0).saturatingSubtract(usage.cacheWrites ?? 0)
        out.append(static: "{\"input_tokens\":")
        out.append(decimal: max(0, uncached))
        out.append(static: ",\"output_tokens\":")
        out.append(decimal: usage.output)
        if let writes = usage.cacheWrites {
            out.append(static: ",\"cache_creation_input_tokens\":")
            out.append(decimal: writes)
        }
        if let reads = usage.cachedInput {
            out.append(static: ",\"cache_read_input_tokens\":")
            out.append(decimal: reads)
        }
        out.append(UInt8(ascii: "}"))
    }

    private func emit(_ type: String, _ fields: JSONObject, into out: inout [UInt8]) {
        var o = JSONObject(capacity: fields.count + 1)
        o.append("type", .string(type))
        o.fields.append(contentsOf: fields.fields)
        SSEWriter.append(event: type, data: JSONWriter.encode(.object(o)), to: &out)
    }
}
