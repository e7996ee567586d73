/// An account locked out after its credentials were refused (401, 403). It stays locked
/// until unlocked by hand or re-tested: `lockoutRetest` after the lock, one request may go
/// as a re-test; its success unlocks the account, another refusal locks it again for the
/// same period. A re-test that ends neither way (the client left, a 5xx) is given back,
/// and the next request re-tests.
public struct Lockout: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable {
        case unlocked
        case locked
        /// Locked, with the one re-test request in flight.
        case retesting
    }

    public private(set) var state: State = .unlocked
    /// Locked: when the re-test may go.
    public private(set) var retestAt: Instant = .distantPast

    public init() {}

    public var isLocked: Bool { state != .unlocked }

    /// The earliest time a request may go: `now` when unlocked, the re-test time when locked,
    /// `distantFuture` while the re-test is in flight (its end is an event, not a time).
    public func availableAt(now: Instant) -> Instant {
        switch state {
        case .unlocked: return now
        case .locked: return retestAt
        case .retesting: return .distantFuture
        }
    }

    /// A request is sent on the account. Returns true when it is the re-test (the engine
    /// reports its outcome with `recordSuccess`, `recordFailure` or `releaseRetest`).
    public mutating func acquire(now: Instant) -> Bool {
        guard state == .locked, now >= retestAt else { return false }
        state = .retesting
        return true
    }

    public mutating func lock(now: Instant, settings: CooldownSettings) {
        state = .locked
        retestAt = now + settings.lockoutRetest
    }

    /// The account served a request: its credentials work.
    public mutating func recordSuccess() { unlock() }

    /// The credentials were refused again.
    public mutating func recordFailure(now: Instant, settings: CooldownSettings) { lock(now: now, settings: settings) }

    /// The re-test ended without telling either way.
    public mutating func releaseRetest() {
        if state == .retesting { state = .locked }
    }

    public mutating func unlock() { self = Lockout() }
}
