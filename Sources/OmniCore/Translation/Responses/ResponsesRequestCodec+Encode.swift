extension ResponsesRequestCodec {
    public static func encode(_ request: IRRequest) throws -> JSON {
        var instructions: [String] = []
        var items: [JSON] = []
        for entry in request.system {
            if entry.origin == .responses, !entry.fromInstructions {
                items.append(encodeMessage(entry, parts: entry.parts))
            } else {
                instructions.append(entry.text)
            }
        }
        for message in request.messages { encode(message, into: &items) }
        let instructionsValue: JSON? = instructions.isEmpty ? nil : .string(instructions.joined(separator: "\n\n"))
        if let origin = request.origin, origin.format == .responses {
            var input = JSON.array(items)
            if case .string? = origin.object["input"], items.count == 1, let content = items[0]["content"], case .string = content {
                input = content  // the client sent the input as a plain string
            }
            return origin.rewritten(["model": request.model.map(JSON.string), "instructions": instructionsValue, "input": input])
        }
        var top = JSONObject(capacity: 16)
        top.append("model", request.model.map(JSON.string))
        top.append("instructions", instructionsValue)
        top.append("input", .array(items))
        top.append("max_output_tokens", request.maxTokens.map(JSON.int))
        top.append("temperature", request.temperature.map(JSON.number))
        top.append("top_p", request.topP.map(JSON.number))
        let tools = request.tools.compactMap(encodeTool)
        if !tools.isEmpty { top.append("tools", .array(tools)) }
        if let choice = request.toolChoice {
            switch choice {
            case .auto: top.append("tool_choice", "auto")
            case .disabled: top.append("tool_choice", "none")
            case .required: top.append("tool_choice", "required")
            case .named(let name): top.append("tool_choice", ["type": "function", "name": .string(name)])
            }
        }
        top.append("parallel_tool_calls", request.parallelToolCalls.map(JSON.bool))
        if let reasoning = request.reasoning {
            var r = JSONObject()
            r.append("effort", ReasoningEffort.effort(of: reasoning).map(JSON.string))
            let summary = reasoning.summary ?? (reasoning.includeThoughts == true && !reasoning.isOff ? "auto" : nil)
            r.append("summary", summary.map(JSON.string))
            if !r.isEmpty { top.append("reasoning", .object(r)) }
        }
        if let format = request.responseFormat { top.append("text", ["format": encodeFormat(format)]) }
        top.append("user", request.user.map(JSON.string))
        top.append("metadata", request.metadata.map(JSON.object))
        top.append("stream", request.stream.map(JSON.bool))
        return .object(top)
    }

    static func encodeFormat(_ format: IRResponseFormat) -> JSON {
        switch format {
        case .text: return ["type": "text"]
        case .jsonObject: return ["type": "json_object"]
        case .jsonSchema(let s):
            var o: JSONObject = ["type": "json_schema", "name": .string(s.name ?? "response")]
            o.append("description", s.description.map(JSON.string))
            o.append("schema", s.schema)
            o.append("strict", s.strict.map(JSON.bool))
            return .object(o)
        }
    }

    static func encodeTool(_ tool: IRTool) -> JSON? {
        switch tool {
        case .function(let f):
            var o: JSONObject = ["type": "function", "name": .string(f.name)]
            o.append("description", f.description.map(JSON.string))
            o.append("parameters", f.parameters)
            // Omitted, Responses would make the tool strict; a Chat Completions tool is not.
            o.append("strict", .bool(f.strict ?? false))
            return .object(o)
        case .opaque(let format, let json):
            return format == .responses ? json : nil
        }
    }

    /// One IR turn → input items: messages for content runs, `function_call`,
    /// `function_call_output` and `reasoning` items for the rest, in order.
    static func encode(_ message: IRMessage, into items: inout [JSON]) {
        let sameFormat = message.origin == .responses
        var run: [IRPart] = []
        func flush() {
            if !run.isEmpty { items.append(encodeMessage(message, parts: run)) }
            run = []
        }
        for part in message.parts {
            switch part {
            case .toolCall(let call):
                flush()
                var o: JSONObject = ["type": "function_call"]
                if sameFormat, let id = call.itemID { o.append("id", .string(id)) }
                o.append("call_id", .string(call.id))
                o.append("name", .string(call.name))
                o.append("arguments", .string(call.arguments.isEmpty ? "{}" : call.arguments))
                if sameFormat { o.fields.append(contentsOf: call.extras.fields) }
                items.append(.object(o))
            case .toolResult(let result):
                flush()
                var o: JSONObject = ["type": "function_call_output", "call_id": .string(result.callID)]
                if Turns.writesString(result, sameFormat: sameFormat) {
                    o.append("output", .string(result.text))
                } else {
                    o.append("output", .array(result.content.compactMap { encodeContentPart($0, role: .user, sameFormat: sameFormat) }))
                }
                if sameFormat { o.fields.append(contentsOf: result.extras.fields) }
                items.append(.object(o))
            case .thinking(let t):
                // Responses needs its own item id and encrypted content; other reasoning cannot be sent.
                guard t.redactedData == nil, let id = t.itemID else { continue }
                flush()
                var o: JSONObject = ["type": "reasoning", "id": .string(id)]
                o.append("summary", .array(t.segments.map { ["type": "summary_text", "text": .string($0)] }))
                if let signature = t.signature, signature.format == .responses {
                    o.append("encrypted_content", .string(signature.value))
                }
                if sameFormat { o.fields.append(contentsOf: t.extras.fields) }
                items.append(.object(o))
            case .opaque(let format, let json):
                if format == .responses {
                    if case .object(let o) = json, o["type"] != nil, o["type"]?.stringValue?.hasPrefix("input_") != true,
                        o["type"]?.stringValue != "output_text"
                    {
                        flush()
                        items.append(json)  // a whole item (web_search_call, …)
                    } else {
                        run.append(part)
                    }
                }
            default:
                run.append(part)
            }
        }
        flush()
    }

    static func encodeMessage(_ message: IRMessage, parts: [IRPart]) -> JSON {
        let sameFormat = message.origin == .responses
        var o: JSONObject = sameFormat ? [:] : ["type": "message"]
        o.append("role", .string(message.role.rawValue))
        var run = message
        run.parts = parts
        if Turns.writesString(run, in: .responses), case .text(let t) = parts[0] {
            o.append("content", .string(t.text))
        } else {
            let content = parts.compactMap { encodeContentPart($0, role: message.role, sameFormat: sameFormat) }
            if !sameFormat, content.count == 1, let c = content[0].objectValue, c.count == 2, let text = c["text"] {
                o.append("content", text)
            } else {
                o.append("content", .array(content))
            }
        }
        if sameFormat { o.fields.insert(contentsOf: message.extras.fields, at: 0) }
        return .object(o)
    }

    static func encodeContentPart(_ part: IRPart, role: IRRole, sameFormat: Bool) -> JSON? {
        var o = JSONObject()
        switch part {
        case .text(let t):
            o.append("type", .string(role == .assistant ? "output_text" : "input_text"))
            o.append("text", .string(t.text))
            if sameFormat { o.fields.append(contentsOf: t.extras.fields) }
        case .refusal(let text):
            o.append("type", "refusal")
            o.append("refusal", .string(text))
        case .image(let media):
            o.append("type", "input_image")
            o.append("image_url", .string(Media.url(of: media.source)))
            o.append("detail", media.detail.map(JSON.string))
            if sameFormat { o.fields.append(contentsOf: media.extras.fields) }
        case .file(let media):
            o.append("type", "input_file")
            o.append("filename", media.filename.map(JSON.string))
            switch media.source {
            case .base64(let mediaType, let data): o.append("file_data", .string(Media.dataURL(mediaType: mediaType, data: data)))
            case .url(let url, _): o.append("file_url", .string(url))
            }
            if sameFormat { o.fields.append(contentsOf: media.extras.fields) }
        case .opaque(let format, let json):
            return format == .responses ? json : nil
        case .toolCall, .toolResult, .thinking:
            return nil
        }
        return .object(o)
    }
}
