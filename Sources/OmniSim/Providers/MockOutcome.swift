import OmniCore

/// What one simulated request gets from its provider, with its timing: the simulator turns it
/// into the flow events a real transport would report.
public enum MockOutcome: Sendable, Equatable {
    /// A whole answer: headers after `firstByte`, the last byte after `duration`.
    case answer(firstByte: Span, duration: Span, outputTokens: Int)
    /// An error status after `after`, with `Retry-After` when the provider sends one.
    /// `code`: the error body's code and type (nil: a generic one).
    case status(Int, retryAfter: Span?, after: Span, code: String? = nil)
    case hangBeforeHeaders
    /// Headers after `firstByte`, then silence after `outputTokens` were sent.
    case hangMidStream(firstByte: Span, outputTokens: Int)
    /// Headers after `firstByte`, then the connection closes after `outputTokens`.
    case cutStream(firstByte: Span, duration: Span, outputTokens: Int)
    case malformedBody(firstByte: Span)
    case htmlError(firstByte: Span)
    case refused
}
