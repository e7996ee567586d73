/// One step of a streamed answer, in no format's words: what every stream decoder produces
/// and every stream encoder consumes (2 × 4 stream codecs, not 16 stream translators).
///
/// Content arrives in blocks, numbered in order of appearance (`block`), one kind each:
/// text, thinking, a refusal, or a tool call. A block is opened by its first event and closed
/// by `blockStop` or by the end of the message.
public enum IRStreamEvent: Sendable, Equatable {
    /// The message began: what is known of it so far.
    case start(IRStreamStart)
    case textDelta(block: Int, text: String)
    case thinkingDelta(block: Int, text: String)
    /// A signature for a thinking block (anthropic `signature_delta`, gemini `thoughtSignature`,
    /// responses `encrypted_content`), or Anthropic's redacted thinking data.
    case thinkingSignature(block: Int, signature: IRSignature)
    case redactedThinking(block: Int, data: String)
    case refusalDelta(block: Int, text: String)
    /// A tool call begins; `signature` is a gemini `thoughtSignature` carried on the call.
    case toolCallStart(block: Int, id: String, name: String, signature: IRSignature?)
    case toolCallArgumentsDelta(block: Int, fragment: String)
    case blockStop(block: Int)
    /// Why generation stopped; may come before the final usage.
    case finish(IRFinishReason, stopSequence: String?)
    /// Token counts so far (the last one received is the total).
    case usage(IRUsage)
    /// The upstream finished the message cleanly.
    case end
    /// The upstream reported an error, or broke off: nothing follows.
    case error(IRStreamError)
}

public struct IRStreamStart: Sendable, Equatable {
    public var id: String?
    public var model: String?
    public var created: Int?
    public var usage: IRUsage?
    public init(id: String? = nil, model: String? = nil, created: Int? = nil, usage: IRUsage? = nil) {
        self.id = id
        self.model = model
        self.created = created
        self.usage = usage
    }
}

/// An error inside a stream, with an HTTP-like status for the formats that carry one.
public struct IRStreamError: Sendable, Equatable, Error {
    public enum Kind: String, Sendable {
        /// The upstream said so (an error event).
        case upstream
        /// The upstream stream ended before its finishing event, or inside an event.
        case truncated
        /// The upstream sent something that is not its protocol (bad JSON in a data line, …).
        case malformed
    }
    public var kind: Kind
    public var message: String
    /// 500-ish by default; 529/503 for overload, 429 for rate limits, as the upstream said.
    public var status: Int
    /// The upstream's own error type, when it had one (`overloaded_error`, `UNAVAILABLE`, …).
    public var type: String?

    public init(kind: Kind, message: String, status: Int = 500, type: String? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
        self.type = type
    }
}
