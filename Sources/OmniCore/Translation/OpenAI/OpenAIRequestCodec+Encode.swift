extension OpenAIRequestCodec {
    public static func encode(_ request: IRRequest) throws -> JSON {
        let messages = JSON.array(encodeMessages(request))
        if let origin = request.origin, origin.format == .openai {
            // Same format: every field as the client sent it; model and conversation from the IR.
            return origin.rewritten(["model": request.model.map(JSON.string), "messages": messages])
        }
        var top = JSONObject(capacity: 20)
        top.append("model", request.model.map(JSON.string))
        top.append("messages", messages)
        if let maxTokens = request.maxTokens {
            // Reasoning models take only max_completion_tokens; openai-compatible providers know max_tokens.
            top.append(request.reasoning != nil ? "max_completion_tokens" : "max_tokens", .int(maxTokens))
        }
        top.append("temperature", request.temperature.map(JSON.number))
        top.append("top_p", request.topP.map(JSON.number))
        top.append("stop", request.stop.map { .array($0.map(JSON.string)) })
        top.append("seed", request.seed.map(JSON.number))
        top.append("presence_penalty", request.presencePenalty.map(JSON.number))
        top.append("frequency_penalty", request.frequencyPenalty.map(JSON.number))
        top.append("n", request.candidateCount.map(JSON.int))
        let tools = request.tools.compactMap(encodeTool)
        if !tools.isEmpty { top.append("tools", .array(tools)) }
        top.append("tool_choice", request.toolChoice.map(encodeToolChoice))
        top.append("parallel_tool_calls", request.parallelToolCalls.map(JSON.bool))
        if let reasoning = request.reasoning, let effort = ReasoningEffort.effort(of: reasoning) {
            top.append("reasoning_effort", .string(effort))
        }
        top.append("response_format", request.responseFormat.map(encodeResponseFormat))
        top.append("user", request.user.map(JSON.string))
        top.append("metadata", request.metadata.map(JSON.object))
        if let stream = request.stream {
            top.append("stream", .bool(stream))
            // Other formats always report usage in streams; ask OpenAI for it too.
            if stream { top.append("stream_options", ["include_usage": true]) }
        }
        return .object(top)
    }

    static func encodeMessages(_ request: IRRequest) -> [JSON] {
        var out: [JSON] = []
        out.reserveCapacity(request.system.count + request.messages.count)
        for entry in request.system { out.append(encodeSystem(entry)) }
        for message in Turns.merged(request.messages, for: .openai, roles: [.assistant]) {
            switch message.role {
            case .system, .developer: out.append(encodeSystem(message))
            case .user: encodeUser(message, into: &out)
            case .assistant: out.append(encodeAssistant(message))
            }
        }
        return out
    }

    static func encodeSystem(_ m: IRMessage) -> JSON {
        var o = JSONObject()
        o.append("role", .string(m.role == .developer ? "developer" : "system"))
        o.append("content", encodeContent(m, textOnly: true))
        appendExtras(m, to: &o)
        return .object(o)
    }

    static func appendExtras(_ m: IRMessage, to o: inout JSONObject) {
        if m.origin == .openai { o.fields.append(contentsOf: m.extras.fields) }
    }

    /// Content as a string or a list of parts; nil when a same-format source had none.
    static func encodeContent(_ m: IRMessage, textOnly: Bool) -> JSON? {
        if m.origin == .openai {
            switch m.shape {
            case .absent where m.parts.isEmpty: return nil
            case .null where m.parts.isEmpty: return .null
            default: break
            }
        }
        if Turns.writesString(m, in: .openai), case .text(let t) = m.parts[0] { return .string(t.text) }
        let parts = m.parts.compactMap { encodePart($0, sameFormat: m.origin == .openai) }
        if parts.isEmpty { return .string("") }
        // Cross-format: what is left after dropping what openai cannot carry decides the shape.
        if m.origin != .openai, parts.count == 1, let o = parts[0].objectValue, o.count == 2, o["type"] == "text", let text = o["text"] {
            return text
        }
        return .array(parts)
    }

    static func encodePart(_ part: IRPart, sameFormat: Bool) -> JSON? {
        switch part {
        case .text(let t):
            var o: JSONObject = ["type": "text", "text": .string(t.text)]
            if sameFormat { o.fields.append(contentsOf: t.extras.fields) }
            return .object(o)
        case .image(let media):
            var image: JSONObject = ["url": .string(Media.url(of: media.source))]
            image.append("detail", media.detail.map(JSON.string))
            var o: JSONObject = ["type": "image_url", "image_url": .object(image)]
            if sameFormat { o.fields.append(contentsOf: media.extras.fields) }
            return .object(o)
        case .file(let media):
            guard case .base64(let mediaType, let data) = media.source else { return nil }  // no URL form for files
            var o = JSONObject()
            if mediaType.hasPrefix("audio/") {
                o.append("type", "input_audio")
                o.append("input_audio", ["data": .string(data), "format": .string(String(mediaType.dropFirst(6)))])
            } else {
                var file = JSONObject()
                file.append("filename", media.filename.map(JSON.string))
                file.append("file_data", .string(Media.dataURL(mediaType: mediaType, data: data)))
                o.append("type", "file")
                o.append("file", .object(file))
            }
            if sameFormat { o.fields.append(contentsOf: media.extras.fields) }
            return .object(o)
        case .refusal(let text):
            return ["type": "refusal", "refusal": .string(text)]
        case .opaque(let format, let json):
            return format == .openai ? json : nil
        case .toolCall, .toolResult, .thinking:
            return nil
        }
    }

    /// A user turn: each tool result its own `tool` message, the other parts `user` messages, in order.
    static func encodeUser(_ m: IRMessage, into out: inout [JSON]) {
        var pending: [IRPart] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var run = m
            run.parts = pending
            if run.parts.count != m.parts.count { run.shape = .parts }
            var o: JSONObject = ["role": "user"]
            o.append("content", encodeContent(run, textOnly: false) ?? .string(""))
            appendExtras(m, to: &o)
            out.append(.object(o))
            pending = []
        }
        for part in m.parts {
            guard case .toolResult(let result) = part else {
                if case .thinking = part { continue }
                pending.append(part)
                continue
            }
            flush()
            var o: JSONObject = ["role": "tool", "tool_call_id": .string(result.callID)]
            let sameFormat = m.origin == .openai
            if Turns.writesString(result, sameFormat: sameFormat) {
                o.append("content", .string(result.text))
            } else if sameFormat {
                o.append("content", .array(result.content.compactMap { encodePart($0, sameFormat: sameFormat) }))
            } else {
                // A tool message holds text parts only: images in another format's result are dropped.
                let texts = result.content.filter { if case .text = $0 { return true } else { return false } }
                if texts.count == 1, case .text(let t) = texts[0] {
                    o.append("content", .string(t.text))
                } else {
                    o.append("content", .array(texts.compactMap { encodePart($0, sameFormat: false) }))
                }
            }
            if sameFormat { o.fields.append(contentsOf: result.extras.fields) }
            out.append(.object(o))
        }
        if m.parts.isEmpty {
            var o: JSONObject = ["role": "user"]
            o.append("content", encodeContent(m, textOnly: false) ?? .string(""))
            appendExtras(m, to: &o)
            out.append(.object(o))
        }
        flush()
    }

    static func encodeAssistant(_ m: IRMessage) -> JSON {
        let sameFormat = m.origin == .openai
        var o: JSONObject = ["role": "assistant"]
        var textParts = IRMessage(role: .assistant, parts: [], shape: m.shape, origin: m.origin)
        var thinking: [String] = []
        var calls: [JSON] = []
        var refusal: String?
        for part in m.parts {
            switch part {
            case .text, .image, .file, .opaque: textParts.parts.append(part)
            case .thinking(let t) where t.redactedData == nil && (sameFormat || !t.text.isEmpty): thinking.append(t.text)
            case .toolCall(let call):
                var c: JSONObject = ["id": .string(call.id), "type": "function"]
                c.append("function", ["name": .string(call.name), "arguments": .string(call.arguments.isEmpty ? "{}" : call.arguments)])
                if sameFormat { c.fields.append(contentsOf: call.extras.fields) }
                calls.append(.object(c))
            case .refusal(let text): refusal = text
            case .thinking, .toolResult: break
            }
        }
        if sameFormat {
            o.append("content", encodeContent(textParts, textOnly: true))
        } else {
            let texts = textParts.parts.compactMap { if case .text(let t) = $0 { return t.text } else { return nil } }
            o.append("content", texts.isEmpty ? .null : .string(texts.joined()))
        }
        if !thinking.isEmpty { o.append("reasoning_content", .string(thinking.joined(separator: "\n\n"))) }
        if let refusal { o.append("refusal", .string(refusal)) }
        if !calls.isEmpty { o.append("tool_calls", .array(calls)) }
        appendExtras(m, to: &o)
        return .object(o)
    }

    static func encodeTool(_ tool: IRTool) -> JSON? {
        switch tool {
        case .function(let f):
            var function: JSONObject = ["name": .string(f.name)]
            function.append("description", f.description.map(JSON.string))
            function.append("parameters", f.parameters)
            function.append("strict", f.strict.map(JSON.bool))
            return ["type": "function", "function": .object(function)]
        case .opaque(let format, let json):
            return format == .openai ? json : nil
        }
    }

    static func encodeToolChoice(_ choice: IRToolChoice) -> JSON {
        switch choice {
        case .auto: return "auto"
        case .disabled: return "none"
        case .required: return "required"
        case .named(let name): return ["type": "function", "function": ["name": .string(name)]]
        }
    }

    static func encodeResponseFormat(_ format: IRResponseFormat) -> JSON {
        switch format {
        case .text: return ["type": "text"]
        case .jsonObject: return ["type": "json_object"]
        case .jsonSchema(let s):
            var schema = JSONObject()
            schema.append("name", .string(s.name ?? "response"))
            schema.append("description", s.description.map(JSON.string))
            schema.append("schema", s.schema)
            schema.append("strict", s.strict.map(JSON.bool))
            return ["type": "json_schema", "json_schema": .object(schema)]
        }
    }
}
