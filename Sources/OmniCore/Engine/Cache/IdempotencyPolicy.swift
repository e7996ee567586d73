/// Which requests are deduplicated (guide: the same `Idempotency-Key` or `X-Request-Id`
/// within 5 s gets the first request's answer).
public enum IdempotencyPolicy {
    /// The request's idempotency key, scoped to the gateway key that sent it (two tenants
    /// choosing the same key never see each other's answers). `Idempotency-Key` wins over
    /// `X-Request-Id`; blank values count as absent. Pass the gateway key's name (or an
    /// empty string when keys are not required).
    public static func key(headers: HeaderFields, gatewayKey: String) -> IdempotencyKey? {
        for source in IdempotencyKey.Source.allCases {
            if let value = headers[source.rawValue].map(trimmed), !value.isEmpty {
                return IdempotencyKey(scope: gatewayKey, source: source, value: value)
            }
        }
        return nil
    }

    /// What identifies a request's content, so a key reused for a different request is
    /// refused instead of answered with the wrong response (IETF draft
    /// `draft-ietf-httpapi-idempotency-key-header`, section 2.7: 422 on a payload mismatch).
    public static func fingerprint(model: String, body: [UInt8]) -> Digest128 {
        var hasher = Hasher128()
        hasher.add(model)
        hasher.add(body)
        return hasher.finish()
    }

    private static func trimmed(_ text: String) -> String {
        var s = Substring(text)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}

/// A client's idempotency key within one gateway key's scope.
public struct IdempotencyKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The header the key came from; the two headers are separate namespaces.
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
        case idempotencyKey = "Idempotency-Key"
        case requestId = "X-Request-Id"
    }

    /// The gateway key's name.
    public var scope: String
    public var source: Source
    public var value: String

    public init(scope: String, source: Source, value: String) { (self.scope, self.source, self.value) = (scope, source, value) }

    public var description: String { "\(source.rawValue) '\(value)'" }

    /// For a 409 (`IdempotencyDecision.conflict`).
    public var conflictMessage: String {
        "A request with \(self) is still in progress; retry after it has completed, or send a new key for a new request."
    }

    /// For a 422 (`IdempotencyDecision.mismatch`).
    public var mismatchMessage: String {
        "\(source.rawValue) '\(value)' was already used for a different request; send a new key for a new request."
    }
}

/// What to do with a request that carries an idempotency key.
public enum IdempotencyDecision: Sendable, Equatable {
    /// The first request with this key: go ahead, then `complete` (or `abandon`) it.
    case proceed
    /// Answered within the window: send this again.
    case replay(CachedResponse)
    /// The first request with this key is still being answered: 409 Conflict, as Stripe
    /// answers (`IdempotencyKey.conflictMessage`).
    case conflict
    /// The key was used for a request with other content: 422 Unprocessable Content
    /// (`IdempotencyKey.mismatchMessage`).
    case mismatch

    /// The HTTP status of the error to answer with, nil for `proceed` and `replay`.
    public var errorStatus: Int? {
        switch self {
        case .proceed, .replay: return nil
        case .conflict: return 409
        case .mismatch: return 422
        }
    }
}

/// Where idempotency entries live: in memory (`InMemoryIdempotencyStore`) or shared by
/// several gateway instances (an adapter).
public protocol IdempotencyStore {
    /// Starts a request under `key`, or says why not. `fingerprint` (nil: not checked) is
    /// compared with the first request's; entries expire `window` after completion.
    mutating func begin(_ key: IdempotencyKey, fingerprint: Digest128?, now: Instant, window: Span) -> IdempotencyDecision
    /// The answer of the request `begin` let proceed, replayed to repeats within the window.
    mutating func complete(_ key: IdempotencyKey, response: CachedResponse, now: Instant)
    /// The request failed before answering (or with an error a retry may fix): forget it so
    /// that a retry proceeds.
    mutating func abandon(_ key: IdempotencyKey)
}

extension IdempotencyStore {
    public mutating func begin(_ key: IdempotencyKey, now: Instant, window: Span) -> IdempotencyDecision {
        begin(key, fingerprint: nil, now: now, window: window)
    }
}
