/// One account's (or one gateway key's) rate-limit state against its `AccountLimits`:
/// requests per minute, the minimum gap between request starts, and requests in flight.
/// Twenty bytes, so the engine can keep one per account in a flat array.
///
/// Requests per minute use GCRA, the generic cell rate algorithm: one stored instant, the
/// theoretical arrival time (TAT) of the next request if requests came exactly one
/// emission interval T = 60 s / rpm apart. A request may start at t when
/// t ≥ TAT − (burst − 1) × T, and starting moves TAT to max(TAT, t) + T. With the default
/// burst of `rpm`, an idle account takes a burst of up to `rpm` requests at once and then one
/// every T, which is the token bucket vendors describe their own limits with (a bucket of
/// `rpm`, refilled continuously). T is rounded up to the nanosecond so the rate never
/// exceeds `rpm`.
///
/// What that does and does not promise, for a window of length W: at most
/// burst + ⌈W / T⌉ − 1 starts. With burst 1 that is at most `rpm` starts in any 60 s window;
/// with the default burst `rpm` a full burst followed by the steady rate can put up to
/// 2·rpm − 1 starts into one 60 s window (the bucket refills while it drains). Pass
/// `burst: 1` where an upstream counts requests in fixed or sliding minute windows.
///
/// A limit of 0 allows nothing (`distantFuture`); nil is unlimited.
public struct RateLimitState: Sendable, Codable, Equatable {
    /// GCRA's theoretical arrival time.
    public private(set) var theoreticalArrival: Instant = .distantPast
    public private(set) var lastStart: Instant = .distantPast
    public private(set) var inFlight: Int32 = 0

    public init() {}

    /// The earliest time the next request may start under all three limits; ≤ now means now.
    /// `Instant.distantFuture` when `maxConcurrent` requests are in flight: a slot frees when
    /// one finishes, which is an event the engine sees, not a time it can know.
    public func availableAt(now: Instant, limits: AccountLimits, burst: Int? = nil) -> Instant {
        var earliest = Instant.distantPast
        if let max = limits.maxConcurrent, inFlight >= max { return .distantFuture }
        if let rpm = limits.requestsPerMinute {
            guard rpm > 0 else { return .distantFuture }
            let interval = RateLimitState.emissionInterval(rpm: rpm)
            let tolerance = interval * Int64(RateLimitState.burstSize(burst, rpm: rpm) - 1)
            earliest = Swift.max(earliest, theoreticalArrival - tolerance)
        }
        if let gap = limits.minGap { earliest = Swift.max(earliest, lastStart + gap) }
        return earliest
    }

    /// A request starts now (call it whenever one does, allowed or not, so the state
    /// stays true to what the upstream saw).
    public mutating func start(now: Instant, limits: AccountLimits) {
        if let rpm = limits.requestsPerMinute, rpm > 0 {
            theoreticalArrival = Swift.max(theoreticalArrival, now) + RateLimitState.emissionInterval(rpm: rpm)
        }
        lastStart = Swift.max(lastStart, now)
        inFlight = inFlight.incremented
    }

    /// A request that `start` counted has ended, however it ended.
    /// Nothing is in flight after a restart: a snapshot forgets the count.
    public mutating func clearInFlight() { inFlight = 0 }

    public mutating func finish() {
        inFlight = Swift.max(0, inFlight - 1)
    }

    /// T = 60 s / rpm, rounded up.
    public static func emissionInterval(rpm: Int) -> Span {
        let minute: Int64 = 60_000_000_000
        let n = Int64(rpm)
        return Span(nanoseconds: (minute + n - 1) / n)
    }

    static func burstSize(_ burst: Int?, rpm: Int) -> Int {
        Swift.min(Swift.max(1, burst ?? rpm), Swift.max(1, rpm))
    }
}
