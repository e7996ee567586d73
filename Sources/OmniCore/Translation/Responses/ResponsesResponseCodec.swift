/// OpenAI Responses whole response ↔ IR (API reference: "The response object").
///
/// Same format: the `output` array is written back as the upstream sent it (item ids,
/// statuses, annotations and built-in tool items included); only `model` comes from the IR.
public enum ResponsesResponseCodec {
    public static func decode(_ json: JSON) throws -> IRResponse {
        let top = try json.asObject()
        var response = IRResponse()
        response.origin = IROrigin(format: .responses, object: top)
        response.id = try top.string("id")
        response.model = try top.string("model")
        response.created = try top.int("created_at")
        let output = try top.array("output") ?? []
        var parts: [IRPart] = []
        try at("output") {
            for (i, item) in output.enumerated() {
                try at(i) {
                    let o = try item.asObject()
                    switch try o.string("type") {
                    case "message"?:
                        for (j, c) in (try o.array("content") ?? []).enumerated() {
                            parts.append(try at("content") { try at(j) { try ResponsesRequestCodec.decodeContentPart(try c.asObject()) } })
                        }
                    case "function_call"?, "reasoning"?:
                        parts.append(contentsOf: try ResponsesRequestCodec.decodeItem(o).parts)
                    default:
                        parts.append(.opaque(.responses, item))
                    }
                }
            }
        }
        var choice = IRChoice(parts: parts)
        let details = try top.object("incomplete_details")
        let reason = try details.flatMap { d in try at("incomplete_details") { try d.string("reason") } }
        switch try top.string("status") {
        case "completed"?:
            let refused = parts.contains { if case .refusal = $0 { return true } else { return false } }
            choice.finishReason = choice.hasToolCalls ? .toolCalls : refused ? .refusal : .stop
        case "incomplete"?:
            switch reason {
            case "max_output_tokens"?: choice.finishReason = .length
            case "content_filter"?: choice.finishReason = .contentFilter
            default: choice.finishReason = .pause
            }
        case let status?: choice.finishReason = .other(status)
        case nil: break
        }
        response.choices = [choice]
        if let u = try top.object("usage") { response.usage = try at("usage") { try decodeUsage(u) } }
        return response
    }

    static func decodeUsage(_ u: JSONObject) throws -> IRUsage {
        IRUsage(input: try u.int("input_tokens") ?? 0, output: try u.int("output_tokens") ?? 0,
                cachedInput: try u.object("input_tokens_details").flatMap { try $0.int("cached_tokens") },
                reasoning: try u.object("output_tokens_details").flatMap { try $0.int("reasoning_tokens") },
                total: try u.int("total_tokens"))
    }

    public static func encode(_ response: IRResponse) throws -> JSON {
        if let origin = response.origin, origin.format == .responses {
            return origin.rewritten(["model": response.model.map(JSON.string)])
        }
        let choice = response.choices.first ?? IRChoice(parts: [])
        var top = JSONObject()
        let id = ResponseIDs.id(for: response, prefix: "resp_")
        top.append("id", .string(id))
        top.append("object", "response")
        top.append("created_at", .int(response.created ?? 0))
        var status = "completed"
        var incomplete: String?
        switch choice.finishReason {
        case .length?: status = "incomplete"; incomplete = "max_output_tokens"
        case .contentFilter?: status = "incomplete"; incomplete = "content_filter"
        case .pause?: status = "incomplete"
        case .other?: status = "failed"
        default: break
        }
        top.append("status", .string(status))
        top.append("model", response.model.map(JSON.string))
        top.append("output", .array(encodeOutput(choice.parts, responseID: id)))
        if let incomplete { top.append("incomplete_details", ["reason": .string(incomplete)]) }
        if let usage = response.usage {
            top.append("usage", [
                "input_tokens": .int(usage.input),
                "input_tokens_details": ["cached_tokens": .int(usage.cachedInput ?? 0)],
                "output_tokens": .int(usage.output),
                "output_tokens_details": ["reasoning_tokens": .int(usage.reasoning ?? 0)],
                "total_tokens": .int(usage.computedTotal),
            ])
        }
        return .object(top)
    }

    /// Output items in order; consecutive text and refusal parts share one message item.
    static func encodeOutput(_ parts: [IRPart], responseID: String) -> [JSON] {
        var items: [JSON] = []
        var content: [JSON] = []
        func flush() {
            guard !content.isEmpty else { return }
            items.append(["type": "message", "id": .string("msg_\(responseID)_\(items.count)"), "status": "completed",
                          "role": "assistant", "content": .array(content)])
            content = []
        }
        for part in parts {
            switch part {
            case .text(let t):
                content.append(["type": "output_text", "text": .string(t.text), "annotations": []])
            case .refusal(let text):
                content.append(["type": "refusal", "refusal": .string(text)])
            case .toolCall(let call):
                flush()
                items.append(["type": "function_call", "id": .string(call.itemID ?? "fc_\(responseID)_\(items.count)"),
                              "call_id": .string(call.id), "name": .string(call.name), "arguments": .string(call.arguments.isEmpty ? "{}" : call.arguments),
                              "status": "completed"])
            case .thinking(let t):
                guard t.redactedData == nil else { continue }
                flush()
                var o: JSONObject = ["type": "reasoning", "id": .string(t.itemID ?? "rs_\(responseID)_\(items.count)")]
                o.append("summary", .array(t.segments.filter { !$0.isEmpty }.map { ["type": "summary_text", "text": .string($0)] }))
                if let signature = t.signature { o.append("encrypted_content", .string(Signatures.text(signature, for: .responses))) }
                items.append(.object(o))
            case .opaque(let format, let json):
                if format == .responses { flush(); items.append(json) }
            case .image, .file, .toolResult:
                break
            }
        }
        flush()
        return items
    }
}
