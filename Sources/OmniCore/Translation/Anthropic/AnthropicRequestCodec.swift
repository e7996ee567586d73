/// Anthropic Messages request ↔ IR (API reference: "Messages").
public enum AnthropicRequestCodec {
    /// `max_tokens` is required by Anthropic; a source without it gets this (docs/translation.md).
    public static let defaultMaxTokens = 4096

    public static func decode(_ json: JSON) throws -> IRRequest {
        let top = try json.asObject()
        var request = IRRequest()
        request.origin = IROrigin(format: .anthropic, object: top)
        request.model = try top.string("model")
        if let system = top.value("system") {
            request.system = [try at("system") { try decodeSystem(system) }]
        }
        let messages = try top.requiredArray("messages")
        request.messages = try at("messages") { try mapIndexed(messages) { try decodeMessage(try $0.asObject()) } }
        request.maxTokens = try top.int("max_tokens")
        request.temperature = try top.number("temperature")
        request.topP = try top.number("top_p")
        request.topK = try top.number("top_k")
        request.stop = try top.stringList("stop_sequences")
        if let tools = try top.array("tools") {
            request.tools = try at("tools") { try mapIndexed(tools) { try decodeTool(try $0.asObject()) } }
        }
        if let choice = try top.object("tool_choice") {
            try at("tool_choice") {
                switch try choice.requiredString("type") {
                case "auto": request.toolChoice = .auto
                case "any": request.toolChoice = .required
                case "none": request.toolChoice = .disabled
                case "tool": request.toolChoice = .named(try choice.requiredString("name"))
                default: break
                }
                if try choice.bool("disable_parallel_tool_use") == true { request.parallelToolCalls = false }
            }
        }
        if let thinking = try top.object("thinking") {
            request.reasoning = try at("thinking") {
                switch try thinking.requiredString("type") {
                case "enabled": return IRReasoningConfig(budgetTokens: try thinking.int("budget_tokens"), includeThoughts: true)
                case "disabled": return IRReasoningConfig(effort: "none")
                case "adaptive": return IRReasoningConfig(budgetTokens: -1, includeThoughts: true)
                default: return nil
                }
            }
        }
        if let output = try top.object("output_config"), let format = try at("output_config", { try output.object("format") }),
            try at("output_config", { try at("format") { try format.string("type") } }) == "json_schema"
        {
            request.responseFormat = .jsonSchema(IRJSONSchema(schema: format.value("schema")))
        }
        if let metadata = try top.object("metadata") { request.user = try at("metadata") { try metadata.string("user_id") } }
        request.stream = try top.bool("stream")
        return request
    }

    static func decodeSystem(_ value: JSON) throws -> IRMessage {
        switch value {
        case .string(let s):
            return IRMessage(role: .system, parts: [.text(IRText(s))], shape: .string, origin: .anthropic)
        case .array(let blocks):
            let parts: [IRPart] = try mapIndexed(blocks) { block in
                let b = try block.asObject()
                return .text(IRText(try b.requiredString("text"), extras: b.removing(["type", "text"])))
            }
            return IRMessage(role: .system, parts: parts, shape: .parts, origin: .anthropic)
        default:
            throw TranslationError(expected: "string or array of text blocks", found: describe(value))
        }
    }

    static func decodeMessage(_ m: JSONObject) throws -> IRMessage {
        let roleName = try m.requiredString("role")
        guard let role = roleName == "user" ? IRRole.user : roleName == "assistant" ? .assistant : nil else {
            throw TranslationError(path: [.key("role")], expected: "\"user\" or \"assistant\"", found: describe(.string(roleName)))
        }
        let extras = m.removing(["role", "content"])
        guard let content = m["content"] else {
            throw TranslationError(path: [.key("content")], expected: "string or array of content blocks", found: "nothing")
        }
        switch content {
        case .string(let s):
            return IRMessage(role: role, parts: [.text(IRText(s))], shape: .string, origin: .anthropic, extras: extras)
        case .array(let blocks):
            let parts = try at("content") { try decodeBlocks(blocks) }
            return IRMessage(role: role, parts: parts, shape: .parts, origin: .anthropic, extras: extras)
        default:
            throw TranslationError(path: [.key("content")], expected: "string or array of content blocks", found: describe(content))
        }
    }

    /// Content blocks → parts. An empty thinking block carrying a wrapped gemini signature
    /// is the carrier we made for a `thoughtSignature` on the next part; put it back there.
    static func decodeBlocks(_ blocks: [JSON]) throws -> [IRPart] {
        var parts: [IRPart] = []
        parts.reserveCapacity(blocks.count)
        var carried: IRSignature?
        for (i, item) in blocks.enumerated() {
            var part = try at(i) { try decodeBlock(try item.asObject()) }
            if case .thinking(let t) = part, t.text.isEmpty, t.redactedData == nil, let sig = t.signature, sig.format == .gemini {
                carried = sig
                continue
            }
            if let signature = carried {
                switch part {
                case .toolCall(var call): call.signature = signature; part = .toolCall(call)
                case .text(var text): text.signature = signature; part = .text(text)
                default: parts.append(.thinking(IRThinking(segments: [""], signature: signature)))
                }
                carried = nil
            }
            parts.append(part)
        }
        if let signature = carried { parts.append(.thinking(IRThinking(segments: [""], signature: signature))) }
        return parts
    }

    static func decodeBlock(_ b: JSONObject) throws -> IRPart {
        switch try b.requiredString("type") {
        case "text":
            return .text(IRText(try b.requiredString("text"), extras: b.removing(["type", "text"])))
        case "image", "document":
            guard let source = try b.object("source") else {
                throw TranslationError(path: [.key("source")], expected: "object", found: describe(b["source"]))
            }
            let media: IRMedia.Source
            switch try at("source", { try source.requiredString("type") }) {
            case "base64":
                media = .base64(mediaType: try at("source") { try source.requiredString("media_type") },
                                data: try at("source") { try source.requiredString("data") })
            case "url":
                media = .url(try at("source") { try source.requiredString("url") }, mediaType: nil)
            default:
                return .opaque(.anthropic, .object(b))  // text documents, file ids: Anthropic only
            }
            let item = IRMedia(source: media, extras: b.removing(["type", "source"]))
            return b["type"]?.stringValue == "image" ? .image(item) : .file(item)
        case "tool_use":
            let input = b.value("input") ?? .object(JSONObject())
            return .toolCall(IRToolCall(id: try b.requiredString("id"), name: try b.requiredString("name"),
                                        arguments: input.compactText, extras: b.removing(["type", "id", "name", "input"]), parsedArguments: input))
        case "tool_result":
            let callID = try b.requiredString("tool_use_id")
            var content: [IRPart] = []
            var wasString = true
            switch b.value("content") {
            case .string(let s)?: content = [.text(IRText(s))]
            case .array(let blocks)?: content = try at("content") { try decodeBlocks(blocks) }; wasString = false
            case nil: wasString = false
            case let other?: throw TranslationError(path: [.key("content")], expected: "string or array", found: describe(other))
            }
            return .toolResult(IRToolResult(callID: callID, content: content, contentWasString: wasString,
                                            isError: try b.bool("is_error") ?? false,
                                            extras: b.removing(["type", "tool_use_id", "content", "is_error"])
                                                .keeping(b, "is_error", when: .bool(false))))
        case "thinking":
            let signature = try b.string("signature").flatMap { $0.isEmpty ? nil : Signatures.read($0, in: .anthropic) }
            return .thinking(IRThinking(segments: [try b.requiredString("thinking")], signature: signature,
                                        extras: b.removing(["type", "thinking", "signature"])))
        case "redacted_thinking":
            return .thinking(IRThinking(segments: [], redactedData: try b.requiredString("data"), extras: b.removing(["type", "data"])))
        default:
            return .opaque(.anthropic, .object(b))
        }
    }

    static func decodeTool(_ t: JSONObject) throws -> IRTool {
        if let type = try t.string("type"), type != "custom" { return .opaque(.anthropic, .object(t)) }
        return .function(IRFunctionTool(
            name: try t.requiredString("name"), description: try t.string("description"), parameters: t.value("input_schema"),
            extras: t.removing(["name", "description", "input_schema"])))
    }
}
