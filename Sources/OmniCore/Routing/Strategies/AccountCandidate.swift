/// What an account strategy needs to know about one account of a provider at one attempt.
/// The routing state builds these (in the provider's account order) from its cooldowns,
/// breakers, rate limits and usage counters; the strategy only reads them.
public struct AccountCandidate: Sendable, Equatable {
    /// The account may be used iff `availableAt <= now`. The caller folds every reason it may
    /// not into this one instant: cooling down after a 429, locked out, behind an open
    /// breaker, over a rate limit or concurrency cap — and, within one request, already
    /// tried (set `.distantFuture` for those: the engine never retries an account in the
    /// same request, and "until further notice" says exactly that).
    public var availableAt: Instant
    /// Lower is preferred (fill-first, cost-optimized): `AccountConfig.priority`, which
    /// defaults to the account's position in the list.
    public var priority: Int
    /// When the account last started a request; `.distantPast` if never, so never-used
    /// accounts come first for least-used.
    public var lastUsed: Instant
    /// Requests on the account right now.
    public var inFlight: Int32
    /// Failures in the health window the routing state keeps (power-of-two-choices).
    public var recentFailures: Int32

    public init(availableAt: Instant = .distantPast, priority: Int = 0, lastUsed: Instant = .distantPast,
                inFlight: Int32 = 0, recentFailures: Int32 = 0) {
        (self.availableAt, self.priority, self.lastUsed) = (availableAt, priority, lastUsed)
        (self.inFlight, self.recentFailures) = (inFlight, recentFailures)
    }

    @inline(__always)
    func isAvailable(at now: Instant) -> Bool { availableAt <= now }
}

/// The account an attempt goes to, or when the earliest one will be free.
public enum AccountChoice: Sendable, Equatable {
    /// The index into the candidates passed in.
    case account(Int)
    /// No candidate is available now; the earliest becomes available then. `.distantFuture`
    /// when there are no candidates, or every one is excluded until further notice.
    case noneUntil(Instant)
}

/// Round-robin's memory for one provider: which account is serving and how many requests in
/// a row it has served. Kept by the routing state (and persisted with it, hence Codable).
public struct RoundRobinCursor: Codable, Sendable, Equatable {
    /// Index of the account serving now.
    public var current: Int32
    /// Requests it has served in a row, including the last one.
    public var uses: Int32

    /// Starts at the first account, which then serves `stickyLimit` requests.
    public init(current: Int32 = 0, uses: Int32 = 0) { (self.current, self.uses) = (current, uses) }
}
