/// What went wrong with one upstream attempt, as the transport saw it: an HTTP status with
/// the response headers and the first bytes of the body, or a failure below HTTP.
public enum UpstreamFailure: Sendable, Equatable {
    /// A non-success status. `body` is a prefix (the classifier reads at most
    /// `ErrorClassifier.bodyPrefixLimit` bytes; vendors put the error type up front).
    case http(status: Int, headers: HeaderFields, body: [UInt8])
    case transport(TransportFailure)
}

/// Failures below HTTP, named as the transport adapters report them.
public enum TransportFailure: String, Sendable, Codable, CaseIterable {
    case connectRefused = "connect_refused"
    /// TCP/TLS connect did not finish within `timeouts.connect`.
    case connectTimeout = "connect_timeout"
    /// Request sent, no response headers within `timeouts.firstByte`.
    case firstByteTimeout = "first_byte_timeout"
    /// A stream went quiet for longer than `timeouts.streamIdle`.
    case idleTimeout = "idle_timeout"
    /// The connection was closed or reset before the response was complete.
    case connectionReset = "connection_reset"
    case tlsFailure = "tls_failure"
    /// A 2xx whose body is not the format's JSON or SSE (an HTML login page, a proxy's
    /// error page, truncated JSON).
    case malformedResponse = "malformed_response"
    case other
}

/// What the engine does after a failed attempt, why, and what it does to the state.
public struct FailureVerdict: Sendable, Equatable {
    public var next: NextStep
    public var reason: FailureReason
    public var effect: FailureEffect

    public init(next: NextStep, reason: FailureReason, effect: FailureEffect) {
        (self.next, self.reason, self.effect) = (next, reason, effect)
    }
}

public enum NextStep: String, Sendable, Codable {
    /// Try the next account of the same provider (the failure was this account's).
    case anotherAccount = "another_account"
    /// Skip this provider's other accounts: try the next combo step or fallback.
    case anotherProvider = "another_provider"
    /// Answer the client with this error: another upstream would fail the same way.
    case giveUp = "give_up"
}

/// Why an attempt failed. The raw values are stable: they appear in usage rows, reports,
/// metrics labels and error messages.
public enum FailureReason: String, Sendable, Codable, CaseIterable {
    case rateLimited = "rate_limited"
    case quotaExhausted = "quota_exhausted"
    case authFailed = "auth_failed"
    case forbidden
    case modelNotFound = "model_not_found"
    case badRequest = "bad_request"
    case requestTooLarge = "request_too_large"
    case contextLengthExceeded = "context_length_exceeded"
    case contentFiltered = "content_filtered"
    case conflict
    case upstreamServerError = "upstream_server_error"
    case overloaded
    case timeout
    case connectFailed = "connect_failed"
    case tlsFailed = "tls_failed"
    case streamCut = "stream_cut"
    case malformedResponse = "malformed_response"
    case transportError = "transport_error"
}

/// What a failure does to the routing state.
public enum FailureEffect: Sendable, Equatable {
    case none
    /// Cool the account down (`perModel`: only for the requested model, in the account ×
    /// model `CooldownState`). `until` is what the upstream said, already clamped to the
    /// profile's cap; nil means the upstream said nothing and the `CooldownState` backs off
    /// by its count of rate limits in a row.
    case coolDownAccount(until: Instant?, perModel: Bool)
    /// Lock the account (`Lockout.lock`): its credentials were refused.
    case lockOutAccount
    /// Count a failure against the provider's circuit breaker.
    case breakerFailure
}
