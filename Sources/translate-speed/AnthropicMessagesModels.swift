import Foundation

// Typed Codable model of an Anthropic Messages request, for the Foundation baseline.

struct AnthropicMessagesRequest: Codable, Sendable {
    var model: String
    var system: String?
    var messages: [AnthropicMessage]
    var maxTokens: Int
    var temperature: Double?
    var topP: Double?
    var stopSequences: [String]?
    var tools: [AnthropicTool]?
    var toolChoice: AnthropicToolChoice?
    var metadata: AnthropicMetadata?
    var stream: Bool?

    enum CodingKeys: String, CodingKey {
        case model, system, messages, temperature, tools, metadata, stream
        case maxTokens = "max_tokens", topP = "top_p", stopSequences = "stop_sequences", toolChoice = "tool_choice"
    }
}

struct AnthropicMessage: Codable, Sendable {
    /// user or assistant.
    var role: String
    var content: AnthropicContent
}

/// `content`: a string or a list of blocks.
enum AnthropicContent: Codable, Sendable {
    case text(String)
    case blocks([AnthropicBlock])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { self = .text(s) } else { self = .blocks(try c.decode([AnthropicBlock].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .text(let s): try c.encode(s)
        case .blocks(let b): try c.encode(b)
        }
    }

    var blocks: [AnthropicBlock] {
        switch self {
        case .text(let s): return [.text(s)]
        case .blocks(let b): return b
        }
    }
}

struct AnthropicImageSource: Codable, Sendable {
    /// base64 or url.
    var type: String
    var mediaType: String?
    var data: String?
    var url: String?

    enum CodingKeys: String, CodingKey {
        case type, data, url
        case mediaType = "media_type"
    }
}

/// A content block, discriminated by `type`.
enum AnthropicBlock: Codable, Sendable {
    case text(String)
    case image(AnthropicImageSource)
    case toolUse(id: String, name: String, input: JSONValue)
    case toolResult(toolUseID: String, content: String, isError: Bool?)

    enum CodingKeys: String, CodingKey {
        case type, text, source, id, name, input, content
        case toolUseID = "tool_use_id", isError = "is_error"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "text": self = .text(try c.decode(String.self, forKey: .text))
        case "image": self = .image(try c.decode(AnthropicImageSource.self, forKey: .source))
        case "tool_use":
            self = .toolUse(id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
                            input: try c.decode(JSONValue.self, forKey: .input))
        case "tool_result":
            self = .toolResult(toolUseID: try c.decode(String.self, forKey: .toolUseID),
                               content: try c.decodeIfPresent(String.self, forKey: .content) ?? "",
                               isError: try c.decodeIfPresent(Bool.self, forKey: .isError))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown block type \(type)")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text):
            try c.encode("text", forKey: .type)
            try c.encode(text, forKey: .text)
        case .image(let source):
            try c.encode("image", forKey: .type)
            try c.encode(source, forKey: .source)
        case .toolUse(let id, let name, let input):
            try c.encode("tool_use", forKey: .type)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(input, forKey: .input)
        case .toolResult(let toolUseID, let content, let isError):
            try c.encode("tool_result", forKey: .type)
            try c.encode(toolUseID, forKey: .toolUseID)
            try c.encode(content, forKey: .content)
            try c.encodeIfPresent(isError, forKey: .isError)
        }
    }
}

struct AnthropicTool: Codable, Sendable {
    var name: String
    var description: String?
    var inputSchema: JSONValue

    enum CodingKeys: String, CodingKey {
        case name, description
        case inputSchema = "input_schema"
    }
}

struct AnthropicToolChoice: Codable, Sendable {
    /// auto, any, tool or none.
    var type: String
    var name: String?
    var disableParallelToolUse: Bool?

    enum CodingKeys: String, CodingKey {
        case type, name
        case disableParallelToolUse = "disable_parallel_tool_use"
    }
}

struct AnthropicMetadata: Codable, Sendable {
    var userID: String?

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
    }
}
