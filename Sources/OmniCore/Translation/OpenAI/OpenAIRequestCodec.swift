/// OpenAI Chat Completions request ↔ IR (API reference: "Create chat completion").
public enum OpenAIRequestCodec {
    public static func decode(_ json: JSON) throws -> IRRequest {
        let top = try json.asObject()
        var request = IRRequest()
        request.origin = IROrigin(format: .openai, object: top)
        request.model = try top.string("model")
        let messages = try top.requiredArray("messages")
        // The closure gives back the two lists rather than filling `request`: a request
        // captured by it was copied whole (every field retained) to be returned.
        (request.system, request.messages) = try at("messages") {
            var system: [IRMessage] = [], conversation: [IRMessage] = []
            conversation.reserveCapacity(messages.count)
            for (i, item) in messages.enumerated() {
                let message = try at(i) { try decodeMessage(try item.asObject()) }
                if conversation.isEmpty, message.role == .system || message.role == .developer {
                    system.append(message)
                } else {
                    conversation.append(message)
                }
            }
            return (system, conversation)
        }
        request.maxTokens = try top.int("max_completion_tokens") ?? top.int("max_tokens")
        request.temperature = try top.number("temperature")
        request.topP = try top.number("top_p")
        request.stop = try top.stringList("stop")
        request.seed = try top.number("seed")
        request.presencePenalty = try top.number("presence_penalty")
        request.frequencyPenalty = try top.number("frequency_penalty")
        request.candidateCount = try top.int("n")
        if let tools = try top.array("tools") {
            request.tools = try at("tools") { try mapIndexed(tools) { try decodeTool(try $0.asObject()) } }
        }
        request.toolChoice = try at("tool_choice") { try decodeToolChoice(top.value("tool_choice")) }
        request.parallelToolCalls = try top.bool("parallel_tool_calls")
        if let effort = try top.string("reasoning_effort") { request.reasoning = IRReasoningConfig(effort: effort) }
        if let format = try top.object("response_format") {
            request.responseFormat = try at("response_format") { try decodeResponseFormat(format) }
        }
        request.stream = try top.bool("stream")
        request.user = try top.string("user")
        request.metadata = try top.object("metadata")
        return request
    }

    static func decodeMessage(_ m: JSONObject) throws -> IRMessage {
        let role = try m.requiredString("role")
        switch role {
        case "system", "developer":
            let (parts, shape) = try at("content") { try decodeContent(m["content"]) }
            return IRMessage(role: role == "system" ? .system : .developer, parts: parts, shape: shape, origin: .openai,
                             extras: m.removing(["role", "content"]))
        case "user":
            let (parts, shape) = try at("content") { try decodeContent(m["content"]) }
            return IRMessage(role: .user, parts: parts, shape: shape, origin: .openai, extras: m.removing(["role", "content"]))
        case "assistant":
            let (parts, shape) = try decodeAssistantContent(m)
            return IRMessage(role: .assistant, parts: parts, shape: shape, origin: .openai,
                             extras: m.removing(["role", "content", "reasoning_content", "refusal", "tool_calls"]))
        case "tool":
            let callID = try m.requiredString("tool_call_id")
            let (content, shape) = try at("content") { try decodeContent(m["content"]) }
            let result = IRToolResult(callID: callID, content: content, contentWasString: shape == .string,
                                      extras: m.removing(["role", "content", "tool_call_id"]))
            return IRMessage(role: .user, parts: [.toolResult(result)], shape: .parts, origin: .openai)
        default:
            throw TranslationError(path: [.key("role")], expected: "system, developer, user, assistant or tool", found: describe(.string(role)))
        }
    }

    /// An assistant message's parts (reasoning, content, refusal, tool calls) and how its
    /// content was written; its other fields are the caller's.
    static func decodeAssistantContent(_ m: JSONObject) throws -> ([IRPart], ContentShape) {
        var parts: [IRPart] = []
        if let reasoning = try m.string("reasoning_content") { parts.append(.thinking(IRThinking(segments: [reasoning]))) }
        let (content, shape) = try at("content") { try decodeContent(m["content"]) }
        if parts.isEmpty { parts = content } else { parts.append(contentsOf: content) }
        if let refusal = try m.string("refusal") { parts.append(.refusal(refusal)) }
        if let calls = try m.array("tool_calls") {
            try at("tool_calls") { parts.append(contentsOf: try mapIndexed(calls) { .toolCall(try decodeToolCall(try $0.asObject())) }) }
        }
        return (parts, shape)
    }

    /// `content`: a string, a list of parts, or null.
    static func decodeContent(_ value: JSON?) throws -> ([IRPart], ContentShape) {
        guard let value else { return ([], .absent) }
        switch value {
        case .null: return ([], .null)
        case .string(let s): return ([.text(IRText(s))], .string)
        case .array(let items): return (try mapIndexed(items) { try decodePart(try $0.asObject()) }, .parts)
        default: throw TranslationError(expected: "string, array or null", found: describe(value))
        }
    }

    static func decodePart(_ p: JSONObject) throws -> IRPart {
        switch try p.requiredString("type") {
        case "text":
            return .text(IRText(try p.requiredString("text"), extras: p.removing(["type", "text"])))
        case "refusal":
            return .refusal(try p.requiredString("refusal"))
        case "image_url":
            guard let image = try p.object("image_url") else {
                throw TranslationError(path: [.key("image_url")], expected: "object", found: describe(p["image_url"]))
            }
            let url = try at("image_url") { try image.requiredString("url") }
            return .image(IRMedia(source: Media.source(fromURL: url), detail: try at("image_url") { try image.string("detail") },
                                  extras: p.removing(["type", "image_url"])))
        case "file":
            guard let file = try p.object("file") else {
                throw TranslationError(path: [.key("file")], expected: "object", found: describe(p["file"]))
            }
            if let data = try at("file", { try file.string("file_data") }), let (mediaType, base64) = Media.parseDataURL(data) {
                return .file(IRMedia(source: .base64(mediaType: mediaType, data: base64),
                                     filename: try at("file") { try file.string("filename") }, extras: p.removing(["type", "file"])))
            }
            return .opaque(.openai, .object(p))  // a file_id only OpenAI can resolve
        case "input_audio":
            guard let audio = try p.object("input_audio") else {
                throw TranslationError(path: [.key("input_audio")], expected: "object", found: describe(p["input_audio"]))
            }
            let format = try at("input_audio") { try audio.requiredString("format") }
            let data = try at("input_audio") { try audio.requiredString("data") }
            return .file(IRMedia(source: .base64(mediaType: "audio/\(format)", data: data), extras: p.removing(["type", "input_audio"])))
        default:
            return .opaque(.openai, .object(p))
        }
    }

    static func decodeToolCall(_ c: JSONObject) throws -> IRToolCall {
        let id = try c.requiredString("id")
        guard let function = try c.object("function") else {
            throw TranslationError(path: [.key("function")], expected: "object", found: describe(c["function"]))
        }
        let name = try at("function") { try function.requiredString("name") }
        let arguments = try at("function") { try function.string("arguments") } ?? "{}"
        return IRToolCall(id: id, name: name, arguments: arguments, extras: c.removing(["id", "type", "function"]))
    }

    static func decodeTool(_ t: JSONObject) throws -> IRTool {
        guard try t.string("type") == "function", let function = try t.object("function") else { return .opaque(.openai, .object(t)) }
        return try at("function") {
            .function(IRFunctionTool(
                name: try function.requiredString("name"), description: try function.string("description"),
                parameters: function.value("parameters"), strict: try function.bool("strict"),
                extras: function.removing(["name", "description", "parameters", "strict"])))
        }
    }

    static func decodeToolChoice(_ value: JSON?) throws -> IRToolChoice? {
        guard let value else { return nil }
        switch value {
        case .string("auto"): return .auto
        case .string("none"): return .disabled
        case .string("required"): return .required
        case .object(let o):
            if let function = try o.object("function"), let name = try at("function", { try function.string("name") }) {
                return .named(name)
            }
            return nil  // allowed_tools and custom tools: same format only (kept in the origin)
        default:
            throw TranslationError(expected: "\"auto\", \"none\", \"required\" or a function object", found: describe(value))
        }
    }

    static func decodeResponseFormat(_ f: JSONObject) throws -> IRResponseFormat? {
        switch try f.requiredString("type") {
        case "text": return .text
        case "json_object": return .jsonObject
        case "json_schema":
            let s = try f.object("json_schema") ?? JSONObject()
            return try at("json_schema") {
                .jsonSchema(IRJSONSchema(name: try s.string("name"), description: try s.string("description"),
                                         schema: s.value("schema"), strict: try s.bool("strict")))
            }
        default: return nil
        }
    }
}
