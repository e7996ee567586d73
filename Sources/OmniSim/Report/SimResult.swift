import OmniCore

/// What a run measured: counts, latency and time-to-first-byte histograms, attempts, tokens
/// and cost, overall, per provider and per gateway key; the engine's notices (breaker
/// transitions, cooldowns, lockouts, budget events); and the same over time in buckets, for
/// the charts. Bounded in size whatever the run's length: histograms, not lists of latencies.
public struct SimResult: Sendable, Equatable {
    public var requests = 0
    public var succeeded = 0
    /// Failed requests by the status the client got.
    public var failedByStatus: [Int: Int] = [:]
    /// Failed requests by the engine's reason (`rate_limited`, `budget_exhausted`, `stream_cut`…).
    public var failedByReason: [String: Int] = [:]
    /// Failed attempts by the engine's reason (`server_error`, `rate_limited`, `timeout`…).
    public var failedAttemptsByReason: [String: Int] = [:]
    public var latency = LatencyHistogram()
    public var firstByte = LatencyHistogram()
    public var attempts = 0
    /// Requests that needed more than one attempt and still succeeded.
    public var failovers = 0
    public var inputTokens = 0
    public var outputTokens = 0
    public var cost = 0.0
    public var providers: [String: ProviderResult] = [:]
    /// By the key's name; requests without a key under "".
    public var keys: [String: KeyResult] = [:]
    /// Requests still in flight when the run ended (waited for; a lost request would be a bug).
    public var unfinished = 0
    public var notices = NoticeLog()
    public var timeline: Timeline

    public init(bucket: Span = .seconds(60)) { timeline = Timeline(bucket: bucket) }

    public struct ProviderResult: Sendable, Equatable {
        public var requests = 0
        public var succeeded = 0
        public var attempts = 0
        public var failedAttempts = 0
        public var latency = LatencyHistogram()
        public var firstByte = LatencyHistogram()
        public var inputTokens = 0
        public var outputTokens = 0
        public var cost = 0.0
    }

    public struct KeyResult: Sendable, Equatable {
        public var requests = 0
        public var succeeded = 0
        public var cost = 0.0
    }

    public var failed: Int { requests - succeeded }
    public var successRate: Double { requests == 0 ? 1 : Double(succeeded) / Double(requests) }

    /// A finished request's usage row; `offset` is its arrival's offset into the run.
    package mutating func record(_ row: UsageRecord, offset: Span) {
        // A stream that broke after its headers went out has status 200 and a reason.
        let ok = (200..<300).contains(row.status) && row.errorReason == nil
        requests += 1
        attempts += row.attempts.count
        // The attempts of the provider that served are counted with its other figures below,
        // in one dictionary look-up (a look-up hashes the name: most of this function).
        var servedAttempts = 0, servedFailedAttempts = 0
        for attempt in row.attempts {
            if let reason = attempt.reason { failedAttemptsByReason[reason, default: 0] += 1 }
            if attempt.provider == row.provider {
                servedAttempts += 1
                if attempt.reason != nil { servedFailedAttempts += 1 }
                continue
            }
            providers[attempt.provider, default: ProviderResult()].attempts += 1
            if attempt.reason != nil { providers[attempt.provider, default: ProviderResult()].failedAttempts += 1 }
        }
        latency.record(nanoseconds: row.latency.nanoseconds)
        let first = row.firstByteAt.map { ($0 - row.arrivedAt).nanoseconds }
        if let first { firstByte.record(nanoseconds: first) }
        if ok {
            succeeded += 1
            if row.attempts.count > 1 { failovers += 1 }
        } else {
            failedByStatus[row.status, default: 0] += 1
            failedByReason[row.errorReason ?? "status_\(row.status)", default: 0] += 1
        }
        inputTokens += row.usage?.input ?? 0
        outputTokens += row.usage?.output ?? 0
        cost += row.cost
        Self.add(row, ok: ok, to: &keys[row.keyName ?? "", default: KeyResult()])
        timeline.record(at: offset, provider: ok ? row.provider : nil, latency: row.latency.nanoseconds)

        guard let provider = row.provider else { return }
        // In place: a copy out of the dictionary and back copied both histograms' buckets.
        Self.add(row, ok: ok, firstByte: first, attempts: servedAttempts, failedAttempts: servedFailedAttempts,
                 to: &providers[provider, default: ProviderResult()])
    }

    private static func add(_ row: UsageRecord, ok: Bool, to key: inout KeyResult) {
        key.requests += 1
        if ok { key.succeeded += 1 }
        key.cost += row.cost
    }

    private static func add(_ row: UsageRecord, ok: Bool, firstByte: Int64?, attempts: Int, failedAttempts: Int, to entry: inout ProviderResult) {
        entry.attempts += attempts
        entry.failedAttempts += failedAttempts
        entry.requests += 1
        if ok { entry.succeeded += 1 }
        entry.latency.record(nanoseconds: row.latency.nanoseconds)
        if let firstByte { entry.firstByte.record(nanoseconds: firstByte) }
        entry.inputTokens += row.usage?.input ?? 0
        entry.outputTokens += row.usage?.output ?? 0
        entry.cost += row.cost
    }
}
