import Foundation

/// Baseline (a): what the translation costs with Foundation Codable and typed structs.
///
/// - `translate`: JSONDecoder → `OpenAIChatRequest` → map → `AnthropicMessagesRequest` →
///   JSONEncoder. The honest Foundation equivalent of our openai → anthropic translate
///   (tool-call arguments are parsed into JSON objects with JSONDecoder, as they must be).
/// - `roundTrip`: JSONDecoder → `OpenAIChatRequest` → JSONEncoder, no mapping.
///
/// One decoder and one encoder are reused across calls, as a server would.
struct FoundationBaseline {
    let decoder = JSONDecoder()
    let encoder = JSONEncoder()

    func decodeOpenAI(_ bytes: [UInt8]) throws -> OpenAIChatRequest {
        try decoder.decode(OpenAIChatRequest.self, from: Data(bytes))
    }

    func encodeAnthropic(_ request: AnthropicMessagesRequest) throws -> [UInt8] {
        [UInt8](try encoder.encode(request))
    }

    func translate(_ bytes: [UInt8], model: String?) throws -> [UInt8] {
        try encodeAnthropic(try map(decodeOpenAI(bytes), model: model))
    }

    func roundTrip(_ bytes: [UInt8]) throws -> [UInt8] {
        [UInt8](try encoder.encode(decodeOpenAI(bytes)))
    }

    // MARK: - openai → anthropic mapping (docs/translation.md, the subset the model covers)

    func map(_ request: OpenAIChatRequest, model: String?) throws -> AnthropicMessagesRequest {
        var system: [String] = []
        var messages: [AnthropicMessage] = []
        for message in request.messages {
            switch message.role {
            case "system", "developer":
                // Leading or not, anthropic has only the top-level system prompt (hoisted).
                system.append(message.content?.text ?? "")
            case "user":
                append(&messages, role: "user", content: userContent(message.content))
            case "assistant":
                append(&messages, role: "assistant", content: try assistantContent(message))
            case "tool":
                let result = AnthropicBlock.toolResult(
                    toolUseID: message.toolCallID ?? "", content: message.content?.text ?? "", isError: nil)
                append(&messages, role: "user", content: .blocks([result]))
            default:
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown role \(message.role)"))
            }
        }
        return AnthropicMessagesRequest(
            model: model ?? request.model,
            system: system.isEmpty ? nil : system.joined(separator: "\n\n"),
            messages: messages,
            maxTokens: request.maxCompletionTokens ?? request.maxTokens ?? 4096,
            temperature: request.temperature,
            topP: request.topP,
            stopSequences: request.stop?.list,
            tools: request.tools?.map {
                AnthropicTool(name: $0.function.name, description: $0.function.description,
                              inputSchema: $0.function.parameters ?? .emptyObjectSchema)
            },
            toolChoice: toolChoice(request.toolChoice, parallel: request.parallelToolCalls),
            metadata: request.user.map { AnthropicMetadata(userID: $0) },
            stream: request.stream
        )
    }

    /// Consecutive turns of the same role merge into one (tool results first, as the API requires).
    private func append(_ messages: inout [AnthropicMessage], role: String, content: AnthropicContent) {
        if let last = messages.last, last.role == role {
            messages[messages.count - 1].content = .blocks(last.content.blocks + content.blocks)
        } else {
            messages.append(AnthropicMessage(role: role, content: content))
        }
    }

    private func userContent(_ content: OpenAIContent?) -> AnthropicContent {
        switch content {
        case nil: return .blocks([])
        case .text(let s): return .text(s)
        case .parts(let parts):
            // One text part is written as a plain string, as our encoder does.
            if parts.count == 1, parts[0].type == "text", let text = parts[0].text { return .text(text) }
            return .blocks(parts.compactMap { part -> AnthropicBlock? in
                if part.type == "text", let text = part.text { return .text(text) }
                if part.type == "image_url", let url = part.imageURL?.url { return .image(imageSource(url)) }
                return nil
            })
        }
    }

    private func imageSource(_ url: String) -> AnthropicImageSource {
        // data:<mime>;base64,<data>
        if url.hasPrefix("data:"), let semicolon = url.firstIndex(of: ";"), let comma = url.firstIndex(of: ",") {
            let mime = String(url[url.index(url.startIndex, offsetBy: 5)..<semicolon])
            return AnthropicImageSource(type: "base64", mediaType: mime, data: String(url[url.index(after: comma)...]))
        }
        return AnthropicImageSource(type: "url", url: url)
    }

    private func assistantContent(_ message: OpenAIMessage) throws -> AnthropicContent {
        let text = message.content?.text ?? ""
        guard let calls = message.toolCalls, !calls.isEmpty else { return .text(text) }
        var blocks: [AnthropicBlock] = text.isEmpty ? [] : [.text(text)]
        for call in calls {
            let input = try decoder.decode(JSONValue.self, from: Data(call.function.arguments.utf8))
            blocks.append(.toolUse(id: call.id, name: call.function.name, input: input))
        }
        return .blocks(blocks)
    }

    private func toolChoice(_ choice: OpenAIToolChoice?, parallel: Bool?) -> AnthropicToolChoice? {
        let disable: Bool? = parallel == false ? true : nil
        switch choice {
        case nil: return disable == nil ? nil : AnthropicToolChoice(type: "auto", disableParallelToolUse: true)
        case .mode("none"): return AnthropicToolChoice(type: "none")
        case .mode("required"): return AnthropicToolChoice(type: "any", disableParallelToolUse: disable)
        case .mode: return AnthropicToolChoice(type: "auto", disableParallelToolUse: disable)
        case .function(let name): return AnthropicToolChoice(type: "tool", name: name, disableParallelToolUse: disable)
        }
    }
}
