import OmniCore

/// How a simulated provider (or one of its accounts) behaves: a scenario's `mocks` entry.
public struct MockSpec: Sendable, Equatable {
    /// Request sent → response headers.
    public var firstByte: DurationDistribution = .lognormal(p50: .milliseconds(400), p99: .milliseconds(2000))
    /// Output tokens of an answer, uniform in this range.
    public var outputTokens: ClosedRange<Int> = 50...400
    /// Generation speed after the first byte.
    public var tokensPerSecond: Double = 80
    /// Errors by status, each a probability per request (0.05 = 5 %); together at most 1.
    public var errorRates: [Int: Double] = [:]
    /// Answers 429 with `Retry-After` beyond this many requests in any 60 s.
    public var rateLimit: RateLimitSpec?
    /// Timed faults, by offset into the run.
    public var faults: [FaultWindow] = []

    public init() {}
}

public struct RateLimitSpec: Sendable, Equatable {
    public var requestsPerMinute: Int
    /// What `Retry-After` says; nil: the time until the oldest request leaves the window.
    public var retryAfter: Span?

    public init(requestsPerMinute: Int, retryAfter: Span? = nil) {
        (self.requestsPerMinute, self.retryAfter) = (requestsPerMinute, retryAfter)
    }
}

/// A fault in force from `from` until `until` (offsets into the run).
public struct FaultWindow: Sendable, Equatable {
    public var from: Span
    public var until: Span
    public var fault: Fault
    /// Only requests for this model (the id the provider knows it by); nil: every request.
    public var model: String?

    public init(from: Span, until: Span, fault: Fault, model: String? = nil) {
        (self.from, self.until, self.fault, self.model) = (from, until, fault, model)
    }

    func covers(_ offset: Span, model requested: String) -> Bool {
        from <= offset && offset < until && (model == nil || model == requested)
    }
}

/// The faults the issue names, as the gateway would meet them on the wire.
public enum Fault: Sendable, Equatable {
    /// An outage answering this status (503, 500, 529…); `code` goes in the error body (a 429
    /// with `insufficient_quota` is a spent quota, not a rate limit), `retryAfter` in its header.
    case status(Int, code: String? = nil, retryAfter: Span? = nil)
    /// Accepts the request and never sends headers.
    case hangBeforeHeaders
    /// Sends headers and part of the answer, then goes silent.
    case hangMidStream
    /// Sends part of the answer, then closes the connection before the end event.
    case cutStream
    /// A 200 whose body is not the format's JSON.
    case malformedBody
    /// A 502 with an HTML page (a proxy in front of the provider).
    case htmlError
    /// The connection is refused.
    case refused
}
