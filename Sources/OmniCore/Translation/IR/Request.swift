/// The canonical request every format decodes into and encodes out of.
///
/// Fields are optional where a format may leave them out; an encoder writes a field
/// only when it has a value (minimal output). `origin` keeps the source's top-level
/// object so that encoding back into the *same* format loses nothing (every field the
/// IR does not model passes through); cross-format encoders ignore it.
public struct IRRequest: Sendable, Equatable {
    public var model: String?
    /// The system prompt: each entry one source system message / `system` field / `instructions`.
    public var system: [IRMessage] = []
    public var messages: [IRMessage] = []
    public var tools: [IRTool] = []
    public var toolChoice: IRToolChoice?
    public var parallelToolCalls: Bool?
    public var maxTokens: Int?
    public var temperature: JSONNumber?
    public var topP: JSONNumber?
    public var topK: JSONNumber?
    public var stop: [String]?
    public var seed: JSONNumber?
    public var presencePenalty: JSONNumber?
    public var frequencyPenalty: JSONNumber?
    public var candidateCount: Int?
    public var reasoning: IRReasoningConfig?
    public var responseFormat: IRResponseFormat?
    public var stream: Bool?
    public var user: String?
    public var metadata: JSONObject?
    public var origin: IROrigin?

    public init() {}
}

/// Where a decoded value came from: its format and the source object as it was, so the
/// same format can write back what the IR does not model.
public struct IROrigin: Sendable, Equatable {
    public var format: WireFormat
    public var object: JSONObject
    public init(format: WireFormat, object: JSONObject) {
        self.format = format
        self.object = object
    }

    /// The source object with some fields written anew (nil removes one): what a
    /// same-format encoder returns, everything else as the source had it.
    func rewritten(_ replacements: KeyValuePairs<String, JSON?>) -> JSON {
        var top = object
        for (key, value) in replacements { top[key] = value }
        return .object(top)
    }
}

public enum IRRole: String, Sendable, Equatable {
    case user, assistant, system, developer
}

/// One turn. Tool results are parts of a `user` turn.
public struct IRMessage: Sendable, Equatable {
    public var role: IRRole
    public var parts: [IRPart]
    /// How the source wrote the content (same-format shape hint).
    public var shape: ContentShape
    /// The format this turn was decoded from: encoders merge consecutive same-role turns
    /// unless both came from the target format itself.
    public var origin: WireFormat?
    /// Fields of the source message the IR does not model (same format only).
    public var extras: JSONObject
    /// Responses: this system entry came from `instructions` (not an input message).
    public var fromInstructions: Bool

    public init(
        role: IRRole, parts: [IRPart], shape: ContentShape = .parts, origin: WireFormat? = nil,
        extras: JSONObject = JSONObject(), fromInstructions: Bool = false
    ) {
        self.role = role
        self.parts = parts
        self.shape = shape
        self.origin = origin
        self.extras = extras
        self.fromInstructions = fromInstructions
    }

    /// All text parts joined.
    public var text: String {
        parts.compactMap { if case .text(let t) = $0 { return t.text } else { return nil } }.joined(separator: "\n\n")
    }

    /// True when the content is exactly one text part without extras: writable as a plain string.
    public var isSingleText: Bool {
        parts.count == 1 && { if case .text(let t) = parts[0], t.extras.isEmpty { return true } else { return false } }()
    }
}

/// How a source wrote a turn's content: a plain string, a list of parts, `null`, or not at all.
public enum ContentShape: Sendable, Equatable {
    case string, parts, null, absent
}

public enum IRToolChoice: Sendable, Equatable {
    /// `disabled`: the model must not call a tool (openai "none"; named so to avoid `Optional.none`).
    case auto, disabled, required
    case named(String)
}

public struct IRReasoningConfig: Sendable, Equatable {
    /// `none`, `minimal`, `low`, `medium`, `high`, `xhigh`; nil when only a budget is known.
    public var effort: String?
    /// Thinking budget in tokens (anthropic `budget_tokens`, gemini `thinkingBudget`); -1 is gemini's "dynamic".
    public var budgetTokens: Int?
    /// The client wants to see reasoning (anthropic thinking, gemini `includeThoughts`, responses `summary`).
    public var includeThoughts: Bool?
    /// Responses `reasoning.summary` value (`auto`, `concise`, `detailed`).
    public var summary: String?

    public init(effort: String? = nil, budgetTokens: Int? = nil, includeThoughts: Bool? = nil, summary: String? = nil) {
        self.effort = effort
        self.budgetTokens = budgetTokens
        self.includeThoughts = includeThoughts
        self.summary = summary
    }

    public var isOff: Bool { effort == "none" || budgetTokens == 0 }
}

public enum IRResponseFormat: Sendable, Equatable {
    case text
    case jsonObject
    case jsonSchema(IRJSONSchema)
}

public struct IRJSONSchema: Sendable, Equatable {
    public var name: String?
    public var description: String?
    public var schema: JSON?
    public var strict: Bool?
    public init(name: String? = nil, description: String? = nil, schema: JSON? = nil, strict: Bool? = nil) {
        self.name = name
        self.description = description
        self.schema = schema
        self.strict = strict
    }
}
