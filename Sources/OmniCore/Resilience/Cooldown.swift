extension CooldownSettings {
    /// The cooldown after the n-th rate limit in a row with no word from the upstream on
    /// when to come back: `base × factor^(n-1)`, capped at `max` (n below 1 counts as 1).
    public func backoff(consecutive n: Int) -> Span {
        var wait = Swift.min(base, max)
        var step = 1
        while step < n, wait < max, factor > 1 {
            wait = wait * factor
            step += 1
        }
        return Swift.min(wait, max)
    }

    /// What the upstream asked for (a `Retry-After` or reset header), held to `max`: an
    /// upstream may not park an account for a day, and a date in the past means now.
    public func clamp(_ until: Instant, now: Instant) -> Instant {
        Swift.min(Swift.max(until, now), now + max)
    }
}

/// One account's cooldown (or one account × model's): no request before `until`.
///
/// Rate limits (429) cool an account down for what the upstream said (clamped to the cap)
/// or, when it said nothing, by exponential backoff on the count of rate limits in a row;
/// a success resets the count. Several requests in flight on one account often get their
/// 429s together: one that arrives while the account is already cooling down belongs to
/// the same episode and only extends the cooldown, it does not escalate the backoff.
public struct CooldownState: Sendable, Codable, Equatable {
    public private(set) var until: Instant = .distantPast
    /// Rate limits in a row (episodes, as above).
    public private(set) var consecutive: Int32 = 0

    public init() {}

    /// The earliest time a request may go; ≤ now means now.
    public func availableAt(now: Instant) -> Instant { until }

    public func isCoolingDown(now: Instant) -> Bool { now < until }

    /// Cools down until `requested` (clamped to `settings.max`) or, when nil, by backoff on
    /// the count. Returns the new end of the cooldown.
    @discardableResult
    public mutating func coolDown(now: Instant, until requested: Instant?, settings: CooldownSettings) -> Instant {
        let sameEpisode = now < until
        if !sameEpisode { consecutive = consecutive.incremented }
        let end = requested.map { settings.clamp($0, now: now) }
            ?? now + settings.backoff(consecutive: Int(Swift.max(1, consecutive)))
        until = Swift.max(sameEpisode ? until : .distantPast, end)
        return until
    }

    /// The upstream served a request: the backoff starts from the base again. The
    /// cooldown itself stands (the request may have been sent before it began).
    public mutating func recordSuccess() { consecutive = 0 }

    /// Forgotten entirely (a manual reset).
    public mutating func clear() { self = CooldownState() }
}
