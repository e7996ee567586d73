import OmniCore

/// What a run measured: counts, latency and time-to-first-byte histograms, attempts, tokens
/// and cost, overall and per provider. Bounded in size whatever the run's length.
public struct SimResult: Sendable, Equatable {
    public var requests = 0
    public var succeeded = 0
    /// Failed requests by the status the client got.
    public var failedByStatus: [Int: Int] = [:]
    /// Failed attempts by the engine's reason (`server_error`, `rate_limited`, `first_byte_timeout`…).
    public var failedAttemptsByReason: [String: Int] = [:]
    public var latency = LatencyHistogram()
    public var firstByte = LatencyHistogram()
    public var attempts = 0
    /// Requests that needed more than one attempt and still succeeded.
    public var failovers = 0
    public var providers: [String: ProviderResult] = [:]
    /// Requests still in flight when the run ended (waited for; a lost request would be a bug).
    public var unfinished = 0

    public struct ProviderResult: Sendable, Equatable {
        public var requests = 0
        public var succeeded = 0
        public var latency = LatencyHistogram()
        public var inputTokens = 0
        public var outputTokens = 0
        public var cost = 0.0
    }

    mutating func record(_ row: UsageRecord) {
        requests += 1
        attempts += row.attempts.count
        for attempt in row.attempts { if let reason = attempt.reason { failedAttemptsByReason[reason, default: 0] += 1 } }
        latency.record(nanoseconds: row.latency.nanoseconds)
        if let first = row.firstByteAt { firstByte.record(nanoseconds: (first - row.arrivedAt).nanoseconds) }
        if (200..<300).contains(row.status) {
            succeeded += 1
            if row.attempts.count > 1 { failovers += 1 }
        } else {
            failedByStatus[row.status, default: 0] += 1
        }
        guard let provider = row.provider else { return }
        var entry = providers[provider, default: ProviderResult()]
        entry.requests += 1
        if (200..<300).contains(row.status) { entry.succeeded += 1 }
        entry.latency.record(nanoseconds: row.latency.nanoseconds)
        entry.inputTokens += row.usage?.input ?? 0
        entry.outputTokens += row.usage?.output ?? 0
        entry.cost += row.cost
        providers[provider] = entry
    }
}
