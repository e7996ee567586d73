import OmniCore

/// A run cut into equal buckets of time (by arrival), for the charts: requests served per
/// provider, failures, and each bucket's latency histogram. A bucket is a few hundred bytes
/// plus its histogram, and a run has a few hundred buckets at most (`bucketWidth`).
public struct Timeline: Sendable, Equatable {
    public let bucket: Span
    public private(set) var buckets: [Bucket] = []

    public struct Bucket: Sendable, Equatable {
        /// Succeeded requests by the provider that answered.
        public var served: [String: Int] = [:]
        public var failed = 0
        public var latency = LatencyHistogram()
    }

    public init(bucket: Span) { self.bucket = Span(nanoseconds: max(1, bucket.nanoseconds)) }

    /// `provider` nil: the request failed.
    mutating func record(at offset: Span, provider: String?, latency: Int64) {
        let index = Int(max(0, offset.nanoseconds) / bucket.nanoseconds)
        if index >= buckets.count { buckets.append(contentsOf: repeatElement(Bucket(), count: index + 1 - buckets.count)) }
        if let provider { buckets[index].served[provider, default: 0] += 1 } else { buckets[index].failed += 1 }
        buckets[index].latency.record(nanoseconds: latency)
    }

    /// The requests that arrived in `window` (whole buckets: those starting inside it), as a
    /// result holding what the buckets keep: counts, successes by provider, latencies.
    func result(arrivingIn window: Range<Span>) -> SimResult {
        var result = SimResult(bucket: bucket)
        for (index, bucket) in buckets.enumerated() {
            let start = Span(nanoseconds: Int64(index) * self.bucket.nanoseconds)
            guard window.contains(start) else { continue }
            let served = bucket.served.values.reduce(0, +)
            result.requests += served + bucket.failed
            result.succeeded += served
            result.latency.merge(bucket.latency)
            for (provider, count) in bucket.served { result.providers[provider, default: .init()].succeeded += count }
        }
        return result
    }

    /// A bucket width giving about 120 points over `duration`, rounded to a width a person
    /// reads easily (1 s, 5 s, 1 min, 15 min…).
    public static func bucketWidth(for duration: Span) -> Span {
        let widths: [Int64] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600]
        let wanted = Double(duration.nanoseconds) / 1e9 / 120
        return .seconds(widths.first { Double($0) >= wanted } ?? 3600)
    }
}

/// The engine's notices over a run: breaker transitions (the timeline chart), cooldowns,
/// lockouts, budget events and failovers. Lists are capped so a flapping breaker over a
/// simulated month cannot grow without bound; the counts stay exact.
public struct NoticeLog: Sendable, Equatable {
    static let cap = 20_000

    public struct BreakerChange: Sendable, Equatable {
        public var at: Span
        /// `provider` for a provider's breaker, `provider/account` for an account's.
        public var breaker: String
        public var from: BreakerState
        public var to: BreakerState
    }

    public struct Event: Sendable, Equatable {
        public var at: Span
        /// What it concerns: an account, or a gateway key's name.
        public var subject: String
        public var kind: String
        public var detail: String
    }

    public private(set) var breakerChanges: [BreakerChange] = []
    /// Cooldowns, lockouts and budget events, in order.
    public private(set) var events: [Event] = []
    public private(set) var breakerOpenings = 0
    public private(set) var cooldowns = 0
    public private(set) var lockouts = 0
    public private(set) var budgetWarnings = 0
    public private(set) var budgetExhaustions = 0
    public private(set) var dropped = 0

    package mutating func record(_ notice: GatewayNotice, at now: Instant, start: Instant) {
        let offset = now - start
        switch notice {
        case .breaker(let provider, let account, let transition):
            if transition.to == .open { breakerOpenings += 1 }
            Self.append(BreakerChange(at: offset, breaker: account.map { "\(provider)/\($0)" } ?? provider, from: transition.from, to: transition.to),
                   to: &breakerChanges, dropped: &dropped)
        case .cooldown(_, let account, let model, let until, let reason):
            cooldowns += 1
            let ends = FixedPoint.format((until - start).seconds, places: 3)
            Self.append(Event(at: offset, subject: account, kind: "cooldown", detail: "\(reason)\(model.map { " (\($0))" } ?? ""), until \(ends) s"),
                   to: &events, dropped: &dropped)
        case .lockout(_, let account, let reason):
            lockouts += 1
            Self.append(Event(at: offset, subject: account, kind: "lockout", detail: reason), to: &events, dropped: &dropped)
        case .budget(let key, let event):
            switch event {
            case .warning(let period, let limit, let spent, _):
                budgetWarnings += 1
                Self.append(Event(at: offset, subject: key, kind: "budget_warning", detail: "\(period) spent $\(FixedPoint.dollars(spent)) of $\(FixedPoint.dollars(limit))"), to: &events, dropped: &dropped)
            case .exhausted(let period, let limit, let spent, _):
                budgetExhaustions += 1
                Self.append(Event(at: offset, subject: key, kind: "budget_exhausted", detail: "\(period) spent $\(FixedPoint.dollars(spent)) of $\(FixedPoint.dollars(limit))"), to: &events, dropped: &dropped)
            }
        case .failover:
            break   // counted from the usage rows (a failover is a request that needed another attempt)
        }
    }

    private static func append<T>(_ item: T, to list: inout [T], dropped: inout Int) {
        if list.count < Self.cap { list.append(item) } else { dropped += 1 }
    }
}
