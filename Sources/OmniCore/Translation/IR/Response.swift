/// The canonical whole (non-streaming) response.
public struct IRResponse: Sendable, Equatable {
    public var id: String?
    public var model: String?
    /// Unix seconds; nil when the source has no time (anthropic, gemini).
    public var created: Int?
    public var choices: [IRChoice] = []
    public var usage: IRUsage?
    public var origin: IROrigin?
    public init() {}
}

public struct IRChoice: Sendable, Equatable {
    /// Text, tool calls, thinking and refusals, in order.
    public var parts: [IRPart]
    public var finishReason: IRFinishReason?
    /// Anthropic `stop_sequence`: the sequence that stopped generation.
    public var stopSequence: String?
    /// Fields of the source choice/candidate the IR does not model (same format only).
    public var extras: JSONObject
    /// Fields of the source's message object (openai `message`, gemini `content`) the IR does not model.
    public var messageExtras: JSONObject
    /// Same-format hint: the source had no message object (`.absent`) or one without parts (`.null`).
    public var messageShape: ContentShape = .parts
    public init(
        parts: [IRPart], finishReason: IRFinishReason? = nil, stopSequence: String? = nil, extras: JSONObject = JSONObject(),
        messageExtras: JSONObject = JSONObject()
    ) {
        self.parts = parts
        self.finishReason = finishReason
        self.stopSequence = stopSequence
        self.extras = extras
        self.messageExtras = messageExtras
    }
    public var hasToolCalls: Bool { parts.contains { if case .toolCall = $0 { return true } else { return false } } }
}

/// Why generation stopped (docs/translation.md, "Finish reasons").
public enum IRFinishReason: Sendable, Equatable {
    case stop, stopSequence, length, toolCalls, contentFilter, refusal, pause
    /// A reason with no common meaning, as the source wrote it.
    case other(String)
}

/// Token counts in one convention: input includes cache reads and writes, output includes reasoning.
public struct IRUsage: Sendable, Equatable {
    public var input: Int
    public var output: Int
    public var cachedInput: Int?
    public var cacheWrites: Int?
    public var reasoning: Int?
    public var total: Int?
    public init(input: Int, output: Int, cachedInput: Int? = nil, cacheWrites: Int? = nil, reasoning: Int? = nil, total: Int? = nil) {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
        self.cacheWrites = cacheWrites
        self.reasoning = reasoning
        self.total = total
    }
    public var computedTotal: Int { total ?? input.saturatingAdd(output) }
}

extension Int {
    /// Token counts come from upstreams and clients: sums must not trap on absurd values.
    @inline(__always) func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    @inline(__always) func saturatingSubtract(_ other: Int) -> Int {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other > 0 ? .min : .max) : difference
    }
}
