/// IR events → an OpenAI Responses stream: `response.created` first; per item
/// `output_item.added`, its parts and deltas, the `*.done` events and `output_item.done`;
/// `response.completed` (or `response.incomplete`) last with every item and the usage;
/// `response.failed` on error. `sequence_number` increases by one per event.
public struct ResponsesStreamEncoder: Sendable {
    private struct Item: Sendable {
        enum Kind: Sendable { case message, refusal, reasoning, call }
        var kind: Kind
        var id: String
        var outputIndex: Int
        var text = ""
        var callID = ""
        var name = ""
        var signature: IRSignature?
        var closed = false
    }

    private var start = IRStreamStart()
    private var sequence = 0
    private var items: [Item] = []
    private var itemOf: [Int: Int] = [:]  // block → items index
    private var finish: IRFinishReason?
    private var usage: IRUsage?
    private var started = false
    private var done = false

    public init() {}

    private var responseID: String { start.id ?? "resp_stream" }

    public mutating func receive(_ event: IRStreamEvent, into out: inout [UInt8]) {
        guard !done else { return }
        switch event {
        case .start(let s):
            start = s
            usage = s.usage
            begin(into: &out)
        case .textDelta(let block, let text):
            let i = item(block, .message, into: &out)
            items[i].text += text
            emit("response.output_text.delta", ["item_id": .string(items[i].id), "output_index": .int(items[i].outputIndex),
                                                "content_index": 0, "delta": .string(text)], into: &out)
        case .refusalDelta(let block, let text):
            let i = item(block, .refusal, into: &out)
            items[i].text += text
            emit("response.refusal.delta", ["item_id": .string(items[i].id), "output_index": .int(items[i].outputIndex),
                                            "content_index": 0, "delta": .string(text)], into: &out)
        case .thinkingDelta(let block, let text):
            let i = item(block, .reasoning, into: &out)
            items[i].text += text
            emit("response.reasoning_summary_text.delta", ["item_id": .string(items[i].id), "output_index": .int(items[i].outputIndex),
                                                           "summary_index": 0, "delta": .string(text)], into: &out)
        case .thinkingSignature(let block, let signature):
            let i = item(block, .reasoning, into: &out)
            items[i].signature = signature
        case .redactedThinking:
            break
        case .toolCallStart(let block, let id, let name, _):
            let i = item(block, .call, into: &out, callID: id, name: name)
            _ = i
        case .toolCallArgumentsDelta(let block, let fragment):
            guard let i = itemOf[block] else { return }
            items[i].text += fragment
            emit("response.function_call_arguments.delta", ["item_id": .string(items[i].id), "output_index": .int(items[i].outputIndex),
                                                            "delta": .string(fragment)], into: &out)
        case .blockStop(let block):
            if let i = itemOf[block] { close(i, into: &out) }
        case .finish(let reason, _):
            finish = reason
        case .usage(let u):
            usage = u
        case .end:
            begin(into: &out)
            for i in items.indices { close(i, into: &out) }
            let incomplete = finish == .length || finish == .contentFilter
            emit(incomplete ? "response.incomplete" : "response.completed", ["response": response(status: incomplete ? "incomplete" : "completed")],
                 into: &out)
            done = true
        case .error(let error):
            begin(into: &out)
            var r = response(status: "failed").objectValue ?? JSONObject()
            r["error"] = ["code": .string(error.type ?? (error.kind == .upstream ? "server_error" : "upstream_stream_error")),
                          "message": .string(error.message)]
            emit("response.failed", ["response": .object(r)], into: &out)
            done = true
        }
    }

    private mutating func begin(into out: inout [UInt8]) {
        guard !started else { return }
        started = true
        emit("response.created", ["response": response(status: "in_progress")], into: &out)
        emit("response.in_progress", ["response": response(status: "in_progress")], into: &out)
    }

    /// The item for `block`, added (with its first part) on first use.
    private mutating func item(_ block: Int, _ kind: Item.Kind, into out: inout [UInt8], callID: String = "", name: String = "") -> Int {
        if let i = itemOf[block] { return i }
        begin(into: &out)
        let prefix: String
        switch kind {
        case .message, .refusal: prefix = "msg"
        case .reasoning: prefix = "rs"
        case .call: prefix = "fc"
        }
        let item = Item(kind: kind, id: "\(prefix)_\(responseID)_\(items.count)", outputIndex: items.count, callID: callID, name: name)
        items.append(item)
        let i = items.count - 1
        itemOf[block] = i
        emit("response.output_item.added", ["output_index": .int(i), "item": itemJSON(items[i], finished: false)], into: &out)
        switch kind {
        case .message, .refusal:
            emit("response.content_part.added", ["item_id": .string(item.id), "output_index": .int(i), "content_index": 0,
                                                 "part": partJSON(items[i])], into: &out)
        case .reasoning:
            emit("response.reasoning_summary_part.added", ["item_id": .string(item.id), "output_index": .int(i), "summary_index": 0,
                                                           "part": ["type": "summary_text", "text": ""]], into: &out)
        case .call:
            break
        }
        return i
    }

    private mutating func close(_ i: Int, into out: inout [UInt8]) {
        guard !items[i].closed else { return }
        items[i].closed = true
        let item = items[i]
        let base: JSONObject = ["item_id": .string(item.id), "output_index": .int(i)]
        switch item.kind {
        case .message:
            emit("response.output_text.done", base.with("content_index", 0).with("text", .string(item.text)), into: &out)
            emit("response.content_part.done", base.with("content_index", 0).with("part", partJSON(item)), into: &out)
        case .refusal:
            emit("response.refusal.done", base.with("content_index", 0).with("refusal", .string(item.text)), into: &out)
            emit("response.content_part.done", base.with("content_index", 0).with("part", partJSON(item)), into: &out)
        case .reasoning:
            emit("response.reasoning_summary_text.done", base.with("summary_index", 0).with("text", .string(item.text)), into: &out)
            emit("response.reasoning_summary_part.done",
                 base.with("summary_index", 0).with("part", ["type": "summary_text", "text": .string(item.text)]), into: &out)
        case .call:
            emit("response.function_call_arguments.done", base.with("arguments", .string(item.text.isEmpty ? "{}" : item.text)), into: &out)
        }
        emit("response.output_item.done", ["output_index": .int(i), "item": itemJSON(item, finished: true)], into: &out)
    }

    private func partJSON(_ item: Item) -> JSON {
        item.kind == .refusal ? ["type": "refusal", "refusal": .string(item.text)]
            : ["type": "output_text", "text": .string(item.text), "annotations": []]
    }

    private func itemJSON(_ item: Item, finished: Bool) -> JSON {
        let status: JSON = finished ? "completed" : "in_progress"
        switch item.kind {
        case .message, .refusal:
            return ["id": .string(item.id), "type": "message", "status": status, "role": "assistant",
                    "content": finished ? [partJSON(item)] : []]
        case .reasoning:
            var o: JSONObject = ["id": .string(item.id), "type": "reasoning",
                                 "summary": finished && !item.text.isEmpty ? [["type": "summary_text", "text": .string(item.text)]] : []]
            if finished, let signature = item.signature { o.append("encrypted_content", .string(Signatures.text(signature, for: .responses))) }
            return .object(o)
        case .call:
            return ["id": .string(item.id), "type": "function_call", "status": status, "call_id": .string(item.callID),
                    "name": .string(item.name), "arguments": .string(finished ? (item.text.isEmpty ? "{}" : item.text) : "")]
        }
    }

    private func response(status: String) -> JSON {
        var o: JSONObject = ["id": .string(responseID), "object": "response", "created_at": .int(start.created ?? 0),
                             "status": .string(status), "model": .string(start.model ?? "")]
        o.append("output", .array(status == "in_progress" ? [] : items.map { itemJSON($0, finished: true) }))
        if status == "incomplete" {
            o.append("incomplete_details", ["reason": .string(finish == .length ? "max_output_tokens" : "content_filter")])
        }
        if status != "in_progress", let usage {
            o.append("usage", ["input_tokens": .int(usage.input), "input_tokens_details": ["cached_tokens": .int(usage.cachedInput ?? 0)],
                               "output_tokens": .int(usage.output),
                               "output_tokens_details": ["reasoning_tokens": .int(usage.reasoning ?? 0)],
                               "total_tokens": .int(usage.computedTotal)])
        }
        return .object(o)
    }

    private mutating func emit(_ type: String, _ fields: JSONObject, into out: inout [UInt8]) {
        var o = JSONObject(capacity: fields.count + 2)
        o.append("type", .string(type))
        o.append("sequence_number", .int(sequence))
        o.fields.append(contentsOf: fields.fields)
        sequence += 1
        SSEWriter.append(event: type, data: JSONWriter.encode(.object(o)), to: &out)
    }
}
