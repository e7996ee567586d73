/// One piece of a turn's content.
public enum IRPart: Sendable, Equatable {
    case text(IRText)
    case image(IRMedia)
    case file(IRMedia)
    case toolCall(IRToolCall)
    case toolResult(IRToolResult)
    case thinking(IRThinking)
    case refusal(String)
    /// A part only its own format understands (anthropic `server_tool_use`, gemini
    /// `executableCode`, responses `web_search_call`, …): kept for that format, dropped for others.
    case opaque(WireFormat, JSON)
}

public struct IRText: Sendable, Equatable {
    public var text: String
    /// Fields of the source part the IR does not model (`cache_control`, `annotations`, …).
    public var extras: JSONObject
    /// Gemini `thoughtSignature` carried on a text part.
    public var signature: IRSignature?
    public init(_ text: String, extras: JSONObject = JSONObject(), signature: IRSignature? = nil) {
        self.text = text
        self.extras = extras
        self.signature = signature
    }
}

public struct IRMedia: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case base64(mediaType: String, data: String)
        case url(String, mediaType: String?)
    }
    public var source: Source
    public var detail: String?
    public var filename: String?
    public var extras: JSONObject
    public init(source: Source, detail: String? = nil, filename: String? = nil, extras: JSONObject = JSONObject()) {
        self.source = source
        self.detail = detail
        self.filename = filename
        self.extras = extras
    }
}

public struct IRToolCall: Sendable {
    public var id: String
    public var name: String
    /// Arguments as JSON text (openai/responses carry text; anthropic/gemini an object).
    public var arguments: String
    /// Gemini `thoughtSignature` on a `functionCall` part.
    public var signature: IRSignature?
    /// Responses item id (`fc_…`).
    public var itemID: String?
    public var extras: JSONObject
    /// The arguments already parsed (an object), when a decoder had them as one or checked the text.
    public var parsedArguments: JSON?
    public init(
        id: String, name: String, arguments: String, signature: IRSignature? = nil, itemID: String? = nil,
        extras: JSONObject = JSONObject(), parsedArguments: JSON? = nil
    ) {
        self.parsedArguments = parsedArguments
        self.id = id
        self.name = name
        self.arguments = arguments
        self.signature = signature
        self.itemID = itemID
        self.extras = extras
    }
}

public struct IRToolResult: Sendable, Equatable {
    public var callID: String
    /// The called function's name, when known (gemini needs it; others link by id).
    public var name: String?
    public var content: [IRPart]
    public var contentWasString: Bool
    public var isError: Bool
    public var extras: JSONObject
    public init(
        callID: String, name: String? = nil, content: [IRPart], contentWasString: Bool = true, isError: Bool = false,
        extras: JSONObject = JSONObject()
    ) {
        self.callID = callID
        self.name = name
        self.content = content
        self.contentWasString = contentWasString
        self.isError = isError
        self.extras = extras
    }

    public var text: String {
        content.compactMap { if case .text(let t) = $0 { return t.text } else { return nil } }.joined()
    }
}

/// A signature (or encrypted reasoning) only the format that made it can verify.
public struct IRSignature: Sendable, Equatable {
    public var format: WireFormat
    public var value: String
    public init(format: WireFormat, value: String) {
        self.format = format
        self.value = value
    }
}

public struct IRThinking: Sendable, Equatable {
    /// Thinking text, in segments (responses summary parts); anthropic and gemini have one.
    public var segments: [String]
    public var signature: IRSignature?
    /// Anthropic `redacted_thinking.data`.
    public var redactedData: String?
    /// Responses reasoning item id (`rs_…`).
    public var itemID: String?
    public var extras: JSONObject
    public init(
        segments: [String], signature: IRSignature? = nil, redactedData: String? = nil, itemID: String? = nil,
        extras: JSONObject = JSONObject()
    ) {
        self.segments = segments
        self.signature = signature
        self.redactedData = redactedData
        self.itemID = itemID
        self.extras = extras
    }
    public var text: String { segments.joined(separator: "\n\n") }
}

public enum IRTool: Sendable, Equatable {
    case function(IRFunctionTool)
    /// A built-in tool (web search, code execution, …) only its own format understands.
    case opaque(WireFormat, JSON)
}

public struct IRFunctionTool: Sendable, Equatable {
    public var name: String
    public var description: String?
    /// JSON Schema of the arguments.
    public var parameters: JSON?
    public var strict: Bool?
    public var extras: JSONObject
    /// Gemini: index of the `tools[]` entry the declaration came from (same format only).
    public var geminiGroup: Int?
    public init(
        name: String, description: String? = nil, parameters: JSON? = nil, strict: Bool? = nil,
        extras: JSONObject = JSONObject(), geminiGroup: Int? = nil
    ) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.strict = strict
        self.extras = extras
        self.geminiGroup = geminiGroup
    }
}

extension IRToolCall: Equatable {
    /// `parsedArguments` is a cache of `arguments` and takes no part in equality.
    public static func == (a: IRToolCall, b: IRToolCall) -> Bool {
        a.id == b.id && a.name == b.name && a.arguments == b.arguments && a.signature == b.signature
            && a.itemID == b.itemID && a.extras == b.extras
    }
}
