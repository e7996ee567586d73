/// A response as the client got it: what the exact-response cache and the idempotency
/// store hand back instead of asking an upstream again.
public struct CachedResponse: Sendable, Equatable, Codable {
    public var status: Int
    /// `application/json` for the non-streaming answers these hold.
    public var contentType: String
    /// The body in the client's own wire format.
    public var body: [UInt8]

    public init(status: Int, contentType: String = "application/json", body: [UInt8]) {
        (self.status, self.contentType, self.body) = (status, contentType, body)
    }
}

/// Where cached responses live: in memory (`InMemoryResponseCache`) or in a shared store
/// (an adapter). Stores compare the request body saved with an entry against the one asked
/// about, so a fingerprint collision is a miss rather than someone else's answer.
public protocol ResponseCacheStore {
    /// The response stored under `key` for exactly these request bytes, if it has not expired.
    mutating func lookup(_ key: CacheKey, body: [UInt8], now: Instant) -> CachedResponse?
    /// Keeps `response` for `ttl` from `now` (a later store under the same key replaces it).
    mutating func store(_ key: CacheKey, body: [UInt8], response: CachedResponse, now: Instant, ttl: Span)
}
