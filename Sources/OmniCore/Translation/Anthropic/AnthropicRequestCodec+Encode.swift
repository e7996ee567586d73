extension AnthropicRequestCodec {
    public static func encode(_ request: IRRequest) throws -> JSON {
        let (systemEntries, turns) = Turns.hoistingSystem(request)
        let system = encodeSystem(systemEntries)
        let messages = JSON.array(try at("messages") { try encodeMessages(turns) })
        if let origin = request.origin, origin.format == .anthropic {
            return origin.rewritten(["model": request.model.map(JSON.string), "system": system, "messages": messages])
        }
        var top = JSONObject(capacity: 16)
        top.append("model", request.model.map(JSON.string))
        top.append("system", system)
        top.append("messages", messages)
        let maxTokens = request.maxTokens ?? defaultMaxTokens(thinking: request.reasoning)
        top.append("max_tokens", .int(maxTokens))
        // Anthropic's temperature runs 0…1 where OpenAI's and Gemini's run 0…2: clamp, or it is a 400.
        top.append("temperature", request.temperature.map { t in (t.doubleValue ?? 0) > 1 ? .number(JSONNumber(literal: "1")) : .number(t) })
        top.append("top_p", request.topP.map(JSON.number))
        top.append("top_k", request.topK.map(JSON.number))
        top.append("stop_sequences", request.stop.map { .array($0.map(JSON.string)) })
        let tools = request.tools.compactMap(encodeTool)
        if !tools.isEmpty { top.append("tools", .array(tools)) }
        top.append("tool_choice", encodeToolChoice(request.toolChoice, parallel: request.parallelToolCalls))
        if let thinking = request.reasoning.flatMap({ encodeThinking($0, maxTokens: maxTokens) }),
            thinking["type"] == "disabled" || lastToolTurnStartsWithThinking(messages)
        {
            top.append("thinking", thinking)
        }
        if case .jsonSchema(let s)? = request.responseFormat, let schema = s.schema {
            top.append("output_config", ["format": ["type": "json_schema", "schema": schema]])
        }
        if let user = request.user { top.append("metadata", ["user_id": .string(user)]) }
        top.append("stream", request.stream.map(JSON.bool))
        return .object(top)
    }

    /// The `max_tokens` for a source that has none: 4096, plus the thinking budget when the
    /// source asked for reasoning (Anthropic counts thinking inside `max_tokens`, and the
    /// budget must stay below it; without this a "high" effort would be cut to 4095).
    static func defaultMaxTokens(thinking: IRReasoningConfig?) -> Int {
        guard let thinking, !thinking.isOff, var budget = ReasoningEffort.budget(of: thinking) else { return defaultMaxTokens }
        if budget < 0 { budget = ReasoningEffort.budget(for: "medium")! }
        return defaultMaxTokens.saturatingAdd(budget)
    }

    /// With thinking on, Anthropic rejects a tool loop whose last assistant turn does not start
    /// with a (signed) thinking block. History from another vendor has none we can send, so
    /// thinking is left off for that request rather than have it fail.
    static func lastToolTurnStartsWithThinking(_ messages: JSON) -> Bool {
        guard let last = messages.arrayValue?.last(where: { $0["role"] == "assistant" }),
            let blocks = last["content"]?.arrayValue,
            blocks.contains(where: { $0["type"] == "tool_use" })
        else { return true }
        let first = blocks.first?["type"]?.stringValue
        return first == "thinking" || first == "redacted_thinking"
    }

    static func encodeSystem(_ entries: [IRMessage]) -> JSON? {
        guard !entries.isEmpty else { return nil }
        if entries.count == 1, Turns.writesString(entries[0], in: .anthropic), case .text(let t) = entries[0].parts[0] {
            return .string(t.text)
        }
        var blocks: [JSON] = []
        for entry in entries {
            for case .text(let t) in entry.parts {
                var b: JSONObject = ["type": "text", "text": .string(t.text)]
                if entry.origin == .anthropic { b.fields.append(contentsOf: t.extras.fields) }
                blocks.append(.object(b))
            }
        }
        return .array(blocks)
    }

    static func encodeMessages(_ turns: [IRMessage]) throws -> [JSON] {
        var out: [JSON] = []
        for var message in Turns.merged(turns, for: .anthropic, roles: [.user, .assistant]) {
            var o: JSONObject = ["role": .string(message.role == .assistant ? "assistant" : "user")]
            let sameFormat = message.origin == .anthropic
            if !sameFormat {
                // Anthropic rejects empty text blocks; OpenAI clients send `"content": ""` beside tool calls.
                message.parts.removeAll { if case .text(let t) = $0 { return t.text.isEmpty } else { return false } }
                if message.parts.isEmpty { continue }
            }
            if Turns.writesString(message, in: .anthropic), case .text(let t) = message.parts[0] {
                o.append("content", .string(t.text))
            } else {
                // Tool results go first in a user turn (Anthropic requires it).
                var parts = message.parts
                if message.role == .user, !sameFormat {
                    parts = parts.filter(\.isToolResult) + parts.filter { !$0.isToolResult }
                }
                let blocks = try at(out.count) { try encodeBlocks(parts, sameFormat: sameFormat) }
                if blocks.isEmpty { continue }  // everything in it was dropped (e.g. foreign thinking)
                if !sameFormat, blocks.count == 1, let b = blocks[0].objectValue, b.count == 2, b["type"] == "text", let text = b["text"] {
                    o.append("content", text)  // one text block left after drops: the plain form
                } else {
                    o.append("content", .array(blocks))
                }
            }
            if sameFormat { o.fields.append(contentsOf: message.extras.fields) }
            out.append(.object(o))
        }
        return out
    }

    static func encodeBlocks(_ parts: [IRPart], sameFormat: Bool) throws -> [JSON] {
        var blocks: [JSON] = []
        blocks.reserveCapacity(parts.count)
        for part in parts { try appendBlock(part, sameFormat: sameFormat, to: &blocks) }
        return blocks
    }

    /// One part's blocks (none, one, or a signature carrier and the block), appended where
    /// the caller collects them (the response encoder did this through a one-part array).
    static func appendBlock(_ part: IRPart, sameFormat: Bool, to blocks: inout [JSON]) throws {
        switch part {
        case .text(let t):
            if sameFormat, let sig = t.signature, sig.format != .anthropic { blocks.append(AnthropicResponseCodec.carrier(sig)) }
            var b: JSONObject = ["type": "text", "text": .string(t.text)]
            if sameFormat { b.fields.append(contentsOf: t.extras.fields) }
            blocks.append(.object(b))
        case .refusal(let text):
            blocks.append(["type": "text", "text": .string(text)])
        case .image(let media), .file(let media):
            let isImage: Bool
            if case .image = part { isImage = true } else { isImage = false }
            let source: JSON
            switch media.source {
            case .base64(let mediaType, let data):
                if !isImage, mediaType.hasPrefix("audio/") { return }  // Anthropic has no audio input
                source = ["type": "base64", "media_type": .string(mediaType), "data": .string(data)]
            case .url(let url, _):
                source = ["type": "url", "url": .string(url)]
            }
            var b: JSONObject = ["type": .string(isImage ? "image" : "document"), "source": source]
            if sameFormat { b.fields.append(contentsOf: media.extras.fields) }
            blocks.append(.object(b))
        case .toolCall(let call):
            // An anthropic client's own carrier block for a gemini signature goes back as it came.
            if sameFormat, let sig = call.signature, sig.format != .anthropic { blocks.append(AnthropicResponseCodec.carrier(sig)) }
            let input = try arguments(of: call)
            var b: JSONObject = ["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": input]
            if sameFormat { b.fields.append(contentsOf: call.extras.fields) }
            blocks.append(.object(b))
        case .toolResult(let result):
            var b: JSONObject = ["type": "tool_result", "tool_use_id": .string(result.callID)]
            if sameFormat, result.content.isEmpty, !result.contentWasString {
                // the client sent no content at all
            } else if Turns.writesString(result, sameFormat: sameFormat) {
                if !(sameFormat && result.content.isEmpty) { b.append("content", .string(result.text)) }
            } else {
                b.append("content", .array(try encodeBlocks(result.content, sameFormat: sameFormat)))
            }
            if result.isError { b.append("is_error", true) }
            if sameFormat { b.fields.append(contentsOf: result.extras.fields) }
            blocks.append(.object(b))
        case .thinking(let t):
            // Only Anthropic can verify its signatures; other thinking cannot be sent.
            if let data = t.redactedData {
                var b: JSONObject = ["type": "redacted_thinking", "data": .string(data)]
                if sameFormat { b.fields.append(contentsOf: t.extras.fields) }
                blocks.append(.object(b))
            } else if let signature = t.signature, signature.format == .anthropic {
                var b: JSONObject = ["type": "thinking", "thinking": .string(t.text), "signature": .string(signature.value)]
                if sameFormat { b.fields.append(contentsOf: t.extras.fields) }
                blocks.append(.object(b))
            } else if sameFormat {
                var b: JSONObject = ["type": "thinking", "thinking": .string(t.text)]
                b.fields.append(contentsOf: t.extras.fields)
                blocks.append(.object(b))
            }
        case .opaque(let format, let json):
            if format == .anthropic { blocks.append(json) }
        }
    }

    /// A call's arguments as the object Anthropic and Gemini want; a bad text is an error
    /// tagged with the call's id, which the translator turns into the source's path.
    static func arguments(of call: IRToolCall) throws -> JSON {
        if let parsed = call.parsedArguments { return parsed }
        do { return try parseArguments(call.arguments) } catch var error as TranslationError {
            error.toolCallID = call.id
            throw error
        }
    }

    /// Tool-call arguments text as an object.
    static func parseArguments(_ text: String) throws -> JSON {
        if text.isEmpty { return .object(JSONObject()) }
        let value: JSON
        do { value = try JSONParser.parse(text) } catch {
            throw TranslationError(expected: "a JSON object in the arguments text", found: "invalid JSON (\(error.message) at column \(error.column))")
        }
        guard case .object = value else {
            throw TranslationError(expected: "a JSON object in the arguments text", found: describe(value))
        }
        return value
    }

    static func encodeTool(_ tool: IRTool) -> JSON? {
        switch tool {
        case .function(let f):
            var o: JSONObject = ["name": .string(f.name)]
            o.append("description", f.description.map(JSON.string))
            o.append("input_schema", f.parameters ?? ["type": "object", "properties": [:]])
            return .object(o)
        case .opaque(let format, let json):
            return format == .anthropic ? json : nil
        }
    }

    static func encodeToolChoice(_ choice: IRToolChoice?, parallel: Bool?) -> JSON? {
        guard choice != nil || parallel == false else { return nil }
        var o = JSONObject()
        switch choice ?? .auto {
        case .auto: o.append("type", "auto")
        case .disabled: o.append("type", "none")
        case .required: o.append("type", "any")
        case .named(let name): o.append("type", "tool"); o.append("name", .string(name))
        }
        if parallel == false { o.append("disable_parallel_tool_use", true) }
        return .object(o)
    }

    static func encodeThinking(_ reasoning: IRReasoningConfig, maxTokens: Int) -> JSON? {
        if reasoning.isOff { return ["type": "disabled"] }
        guard var budget = ReasoningEffort.budget(of: reasoning) else { return nil }
        if budget < 0 { budget = ReasoningEffort.budget(for: "medium")! }
        // The budget must stay below max_tokens and at least 1024 (API reference).
        if budget >= maxTokens { budget = maxTokens.saturatingSubtract(1) }
        if budget < 1024 { return nil }
        return ["type": "enabled", "budget_tokens": .int(budget)]
    }
}
