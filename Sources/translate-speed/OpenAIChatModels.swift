import Foundation

// Typed Codable model of an OpenAI Chat Completions request (the subset a gateway
// request realistically uses), for the Foundation baseline.

struct OpenAIChatRequest: Codable, Sendable {
    var model: String
    var messages: [OpenAIMessage]
    var maxTokens: Int?
    var maxCompletionTokens: Int?
    var temperature: Double?
    var topP: Double?
    var stop: OpenAIStop?
    var seed: Int?
    var stream: Bool?
    var tools: [OpenAITool]?
    var toolChoice: OpenAIToolChoice?
    var parallelToolCalls: Bool?
    var reasoningEffort: String?
    var user: String?
    var metadata: [String: String]?

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, stop, seed, stream, tools, user, metadata
        case maxTokens = "max_tokens", maxCompletionTokens = "max_completion_tokens", topP = "top_p"
        case toolChoice = "tool_choice", parallelToolCalls = "parallel_tool_calls", reasoningEffort = "reasoning_effort"
    }
}

struct OpenAIMessage: Codable, Sendable {
    /// system, developer, user, assistant or tool.
    var role: String
    var content: OpenAIContent?
    var name: String?
    var reasoningContent: String?
    var toolCalls: [OpenAIToolCall]?
    var toolCallID: String?

    enum CodingKeys: String, CodingKey {
        case role, content, name
        case reasoningContent = "reasoning_content", toolCalls = "tool_calls", toolCallID = "tool_call_id"
    }
}

/// `content`: a string or a list of parts.
enum OpenAIContent: Codable, Sendable {
    case text(String)
    case parts([OpenAIContentPart])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { self = .text(s) } else { self = .parts(try c.decode([OpenAIContentPart].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .text(let s): try c.encode(s)
        case .parts(let p): try c.encode(p)
        }
    }

    /// All text joined (text parts only).
    var text: String {
        switch self {
        case .text(let s): return s
        case .parts(let parts): return parts.compactMap(\.text).joined(separator: "\n\n")
        }
    }
}

struct OpenAIContentPart: Codable, Sendable {
    /// text or image_url.
    var type: String
    var text: String?
    var imageURL: OpenAIImageURL?

    enum CodingKeys: String, CodingKey {
        case type, text
        case imageURL = "image_url"
    }
}

struct OpenAIImageURL: Codable, Sendable {
    var url: String
    var detail: String?
}

struct OpenAIToolCall: Codable, Sendable {
    var id: String
    var type: String
    var function: OpenAIFunctionCall
}

struct OpenAIFunctionCall: Codable, Sendable {
    var name: String
    /// JSON text, as OpenAI sends it.
    var arguments: String
}

struct OpenAITool: Codable, Sendable {
    var type: String
    var function: OpenAIFunction
}

struct OpenAIFunction: Codable, Sendable {
    var name: String
    var description: String?
    var parameters: JSONValue?
    var strict: Bool?
}

/// `tool_choice`: "auto" | "none" | "required" | {"type":"function","function":{"name"}}.
enum OpenAIToolChoice: Codable, Sendable {
    case mode(String)
    case function(name: String)

    private struct Named: Codable { var type: String; var function: Name }
    private struct Name: Codable { var name: String }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { self = .mode(s) } else { self = .function(name: try c.decode(Named.self).function.name) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .mode(let s): try c.encode(s)
        case .function(let name): try c.encode(Named(type: "function", function: Name(name: name)))
        }
    }
}

/// `stop`: a string or a list of strings.
enum OpenAIStop: Codable, Sendable {
    case one(String)
    case many([String])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { self = .one(s) } else { self = .many(try c.decode([String].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .one(let s): try c.encode(s)
        case .many(let l): try c.encode(l)
        }
    }

    var list: [String] {
        switch self {
        case .one(let s): return [s]
        case .many(let l): return l
        }
    }
}
