/// OpenAI Responses request ↔ IR (API reference: "Create a model response").
public enum ResponsesRequestCodec {
    public static func decode(_ json: JSON) throws -> IRRequest {
        let top = try json.asObject()
        var request = IRRequest()
        request.origin = IROrigin(format: .responses, object: top)
        request.model = try top.string("model")
        if let instructions = try top.string("instructions") {
            request.system.append(IRMessage(role: .system, parts: [.text(IRText(instructions))], shape: .string,
                                            origin: .responses, fromInstructions: true))
        }
        switch top.value("input") {
        case .string(let text)?:
            request.messages = [IRMessage(role: .user, parts: [.text(IRText(text))], shape: .string, origin: .responses)]
        case .array(let items)?:
            var leadingSystem = true
            try at("input") {
                for (i, item) in items.enumerated() {
                    let message = try at(i) { try decodeItem(try item.asObject()) }
                    if leadingSystem, message.role == .system || message.role == .developer {
                        request.system.append(message)
                    } else {
                        leadingSystem = false
                        request.messages.append(message)
                    }
                }
            }
        case nil: break
        case let other?: throw TranslationError(path: [.key("input")], expected: "string or array of items", found: describe(other))
        }
        request.maxTokens = try top.int("max_output_tokens")
        request.temperature = try top.number("temperature")
        request.topP = try top.number("top_p")
        if let tools = try top.array("tools") {
            request.tools = try at("tools") { try mapIndexed(tools) { try decodeTool(try $0.asObject()) } }
        }
        switch top.value("tool_choice") {
        case .string("auto")?: request.toolChoice = .auto
        case .string("none")?: request.toolChoice = .disabled
        case .string("required")?: request.toolChoice = .required
        case .object(let o)?:
            if try o.string("type") == "function" { request.toolChoice = .named(try at("tool_choice") { try o.requiredString("name") }) }
        case nil: break
        case let other?:
            throw TranslationError(path: [.key("tool_choice")], expected: "\"auto\", \"none\", \"required\" or an object", found: describe(other))
        }
        request.parallelToolCalls = try top.bool("parallel_tool_calls")
        if let reasoning = try top.object("reasoning") {
            try at("reasoning") {
                let summary = try reasoning.string("summary")
                let effort = try reasoning.string("effort")
                if effort != nil || summary != nil {
                    request.reasoning = IRReasoningConfig(effort: effort, includeThoughts: summary.map { _ in true }, summary: summary)
                }
            }
        }
        if let text = try top.object("text"), let format = try at("text", { try text.object("format") }) {
            request.responseFormat = try at("text") { try at("format") { try decodeFormat(format) } }
        }
        request.stream = try top.bool("stream")
        request.user = try top.string("user")
        request.metadata = try top.object("metadata")
        return request
    }

    static func decodeFormat(_ f: JSONObject) throws -> IRResponseFormat? {
        switch try f.requiredString("type") {
        case "text": return .text
        case "json_object": return .jsonObject
        case "json_schema":
            return .jsonSchema(IRJSONSchema(name: try f.string("name"), description: try f.string("description"),
                                            schema: f.value("schema"), strict: try f.bool("strict")))
        default: return nil
        }
    }

    static func decodeTool(_ t: JSONObject) throws -> IRTool {
        guard try t.string("type") == "function" else { return .opaque(.responses, .object(t)) }
        // Responses makes function tools strict unless told otherwise; Chat Completions does the opposite.
        let strict = try t.bool("strict") ?? true
        return .function(IRFunctionTool(
            name: try t.requiredString("name"), description: try t.string("description"), parameters: t.value("parameters"),
            strict: strict ? true : nil, extras: t.removing(["type", "name", "description", "parameters", "strict"])))
    }

    static func decodeItem(_ item: JSONObject) throws -> IRMessage {
        let type = try item.string("type") ?? "message"
        switch type {
        case "message":
            let roleName = try item.requiredString("role")
            guard let role = IRRole(rawValue: roleName) else {
                throw TranslationError(path: [.key("role")], expected: "user, assistant, system or developer", found: describe(.string(roleName)))
            }
            let extras = item.removing(["role", "content"])
            switch item.value("content") {
            case .string(let s)?:
                return IRMessage(role: role, parts: [.text(IRText(s))], shape: .string, origin: .responses, extras: extras)
            case .array(let parts)?:
                let decoded = try at("content") { try mapIndexed(parts) { try decodeContentPart(try $0.asObject()) } }
                return IRMessage(role: role, parts: decoded, shape: .parts, origin: .responses, extras: extras)
            case let other:
                throw TranslationError(path: [.key("content")], expected: "string or array", found: describe(other))
            }
        case "function_call":
            let call = IRToolCall(id: try item.requiredString("call_id"), name: try item.requiredString("name"),
                                  arguments: try item.string("arguments") ?? "{}", itemID: try item.string("id"),
                                  extras: item.removing(["type", "id", "call_id", "name", "arguments"]))
            return IRMessage(role: .assistant, parts: [.toolCall(call)], origin: .responses)
        case "function_call_output":
            let callID = try item.requiredString("call_id")
            var content: [IRPart] = []
            var wasString = true
            switch item.value("output") {
            case .string(let s)?: content = [.text(IRText(s))]
            case .array(let parts)?:
                content = try at("output") { try mapIndexed(parts) { try decodeContentPart(try $0.asObject()) } }
                wasString = false
            case let other:
                throw TranslationError(path: [.key("output")], expected: "string or array", found: describe(other))
            }
            let result = IRToolResult(callID: callID, content: content, contentWasString: wasString,
                                      extras: item.removing(["type", "call_id", "output"]))
            return IRMessage(role: .user, parts: [.toolResult(result)], origin: .responses)
        case "reasoning":
            return IRMessage(role: .assistant, parts: [.thinking(try decodeReasoning(item))], origin: .responses)
        default:
            return IRMessage(role: .assistant, parts: [.opaque(.responses, .object(item))], origin: .responses)
        }
    }

    static func decodeReasoning(_ item: JSONObject) throws -> IRThinking {
        let summary = try item.array("summary") ?? []
        let segments = try at("summary") {
            try mapIndexed(summary) { try $0.asObject().requiredString("text") }
        }
        let signature = try item.string("encrypted_content").map { Signatures.read($0, in: .responses) }
        return IRThinking(segments: segments, signature: signature, itemID: try item.string("id"),
                          extras: item.removing(["type", "id", "summary", "encrypted_content"]))
    }

    static func decodeContentPart(_ p: JSONObject) throws -> IRPart {
        let known = ["type", "text", "image_url", "detail", "file_data", "file_url", "filename", "refusal"]
        switch try p.requiredString("type") {
        case "input_text", "output_text", "text":
            return .text(IRText(try p.requiredString("text"), extras: p.removing(known)))
        case "refusal":
            return .refusal(try p.requiredString("refusal"))
        case "input_image":
            guard let url = try p.string("image_url") else { return .opaque(.responses, .object(p)) }  // file_id
            return .image(IRMedia(source: Media.source(fromURL: url), detail: try p.string("detail"), extras: p.removing(known)))
        case "input_file":
            let filename = try p.string("filename")
            if let data = try p.string("file_data") {
                let source = Media.parseDataURL(data).map { IRMedia.Source.base64(mediaType: $0.mediaType, data: $0.data) }
                    ?? .base64(mediaType: "application/pdf", data: data)
                return .file(IRMedia(source: source, filename: filename, extras: p.removing(known)))
            }
            if let url = try p.string("file_url") {
                return .file(IRMedia(source: .url(url, mediaType: nil), filename: filename, extras: p.removing(known)))
            }
            return .opaque(.responses, .object(p))
        default:
            return .opaque(.responses, .object(p))
        }
    }
}
