/// A circuit breaker's three states, with the names reports and the simulator's timelines use.
public enum BreakerState: String, Sendable, Codable, CaseIterable {
    /// Requests flow; consecutive failures are counted.
    case closed
    /// Requests are held back until the open period ends.
    case open
    /// A few probe requests test whether the upstream recovered.
    case halfOpen = "half_open"
}

/// A change of state, for the simulator's timeline and the logs.
public struct BreakerTransition: Sendable, Codable, Equatable {
    public var from: BreakerState
    public var to: BreakerState
    public var at: Instant

    public init(from: BreakerState, to: BreakerState, at: Instant) { (self.from, self.to, self.at) = (from, to, at) }
}

/// One provider's (or one account's) circuit breaker, as a value the engine keeps in its
/// state and feeds events to. Pure: every event takes `now`, nothing reads a clock.
///
/// - CLOSED: `failureThreshold` failures in a row open it (a success resets the count).
/// - OPEN: nothing goes until `availableAt`: `resetTimeout` after the first opening, then
///   × `escalationFactor` for each reopening without a full recovery, capped at
///   `maxResetTimeout`.
/// - HALF_OPEN: the first `acquire` after the open period turns OPEN into HALF_OPEN; up to
///   `halfOpenProbes` requests are in flight at once. `successesToClose` successes close it
///   (and forget the escalation); one failure opens it again, escalated.
///
/// Every `acquire` must be followed by exactly one of `recordSuccess`, `recordFailure` or
/// `releaseProbe` (the request ended neither way: the client left, the gateway gave up for
/// a reason that says nothing about the upstream). Results are judged by the state they
/// arrive in: a failure that arrives while OPEN changes nothing (it was sent before the
/// breaker opened); a success or failure arriving while HALF_OPEN counts as a probe's, since
/// it is fresh evidence either way.
///
/// Settings outside their sense (a threshold of 0, no probes) are read as 1.
public struct CircuitBreaker: Sendable, Codable, Equatable {
    /// OPEN: when the open period ends. Meaningless otherwise.
    public private(set) var reopenAt: Instant = .distantPast
    /// CLOSED: failures in a row.
    public private(set) var consecutiveFailures: Int32 = 0
    /// Openings since the breaker last closed: 1 for the first, the escalation step after.
    public private(set) var openings: Int32 = 0
    /// HALF_OPEN: probes sent and not yet ended.
    public private(set) var probesInFlight: Int32 = 0
    /// HALF_OPEN: probes that succeeded.
    public private(set) var probeSuccesses: Int32 = 0
    public private(set) var state: BreakerState = .closed

    public init() {}

    /// The earliest time a request may be sent: `now` when it may go now (CLOSED, or
    /// HALF_OPEN with a probe slot free); the end of the open period when OPEN (which is
    /// ≤ now once it has passed, and then the next request is a probe);
    /// `Instant.distantFuture` when HALF_OPEN with every probe slot taken, because the slot
    /// frees when a probe ends, which is an event the engine will see, not a time.
    public func availableAt(now: Instant, settings: BreakerSettings) -> Instant {
        switch state {
        case .closed: return now
        case .open: return reopenAt
        case .halfOpen: return probesInFlight < settings.probeLimit ? now : .distantFuture
        }
    }

    /// A request is sent. After the open period this makes the breaker HALF_OPEN, and in
    /// HALF_OPEN it takes a probe slot.
    @discardableResult
    public mutating func acquire(now: Instant, settings: BreakerSettings) -> BreakerTransition? {
        switch state {
        case .closed:
            return nil
        case .open:
            // Normally the open period has ended. If the engine sent one earlier anyway (a
            // last resort when everything is held back), it is a probe all the same: its
            // result is the freshest news of the upstream there is.
            let transition = move(to: .halfOpen, at: now)
            probesInFlight = 1
            probeSuccesses = 0
            return transition
        case .halfOpen:
            probesInFlight = probesInFlight.incremented
            return nil
        }
    }

    /// A request succeeded (the upstream answered with a success status).
    @discardableResult
    public mutating func recordSuccess(now: Instant, settings: BreakerSettings) -> BreakerTransition? {
        switch state {
        case .closed:
            consecutiveFailures = 0
            return nil
        case .open:
            return nil
        case .halfOpen:
            probesInFlight = Swift.max(0, probesInFlight - 1)
            probeSuccesses = probeSuccesses.incremented
            guard probeSuccesses >= settings.successesNeeded else { return nil }
            let transition = move(to: .closed, at: now)
            clearCounts()
            openings = 0
            return transition
        }
    }

    /// A request failed in a way that counts against the upstream (the classifier's
    /// `breakerFailure` effect).
    @discardableResult
    public mutating func recordFailure(now: Instant, settings: BreakerSettings) -> BreakerTransition? {
        switch state {
        case .closed:
            consecutiveFailures = consecutiveFailures.incremented
            guard consecutiveFailures >= settings.failureLimit else { return nil }
            return open(now: now, settings: settings)
        case .open:
            return nil
        case .halfOpen:
            return open(now: now, settings: settings)
        }
    }

    /// A probe ended neither way; its slot is free again.
    public mutating func releaseProbe() {
        guard state == .halfOpen else { return }
        probesInFlight = Swift.max(0, probesInFlight - 1)
    }

    /// Forced back to CLOSED (a manual reset from the dashboard or API), escalation forgotten.
    @discardableResult
    public mutating func reset(now: Instant) -> BreakerTransition? {
        let transition = state == .closed ? nil : move(to: .closed, at: now)
        self = CircuitBreaker()
        return transition
    }

    /// How long the `openings`-th opening in a row lasts: `resetTimeout × factor^(n-1)`,
    /// capped at `maxResetTimeout` (but never shorter than `resetTimeout`).
    public static func openDuration(opening n: Int32, settings: BreakerSettings) -> Span {
        let cap = Swift.max(settings.maxResetTimeout, settings.resetTimeout)
        var duration = settings.resetTimeout
        var step: Int32 = 1
        while step < n, duration < cap, settings.escalationFactor > 1 {
            duration = duration * settings.escalationFactor
            step += 1
        }
        return Swift.min(duration, cap)
    }

    // MARK: - Private

    private mutating func open(now: Instant, settings: BreakerSettings) -> BreakerTransition {
        let transition = move(to: .open, at: now)
        openings = openings.incremented
        reopenAt = now + CircuitBreaker.openDuration(opening: openings, settings: settings)
        clearCounts()
        return transition
    }

    private mutating func move(to next: BreakerState, at now: Instant) -> BreakerTransition {
        let transition = BreakerTransition(from: state, to: next, at: now)
        state = next
        return transition
    }

    private mutating func clearCounts() {
        consecutiveFailures = 0
        probesInFlight = 0
        probeSuccesses = 0
    }
}

extension BreakerSettings {
    var failureLimit: Int32 { Int32(clamping: Swift.max(1, failureThreshold)) }
    var probeLimit: Int32 { Int32(clamping: Swift.max(1, halfOpenProbes)) }
    var successesNeeded: Int32 { Int32(clamping: Swift.max(1, successesToClose)) }
}

extension Int32 {
    /// +1, stopping at `Int32.max` rather than trapping.
    var incremented: Int32 { self == .max ? self : self + 1 }
}
