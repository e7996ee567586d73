import CoreMetrics
import Metrics
import OmniCore
import OmniStore
import Prometheus
import Synchronization

/// `GET /metrics`: swift-metrics instruments on a Prometheus registry of the server's own
/// (not the process-global bootstrap, so several servers in one process — the tests — keep
/// apart). Fed from the usage rows (queued by the loops, counted off them every 100 ms and
/// before each scrape) and, at scrape time, from the breaker states. Labels are
/// names only: providers, formats, statuses, reasons — never a key.
final class GatewayMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let cacheHits: CoreMetrics.Counter

    /// - Parameter passesRowsOn: keep the counted rows for `takeCounted` (something stores them).
    init(passesRowsOn: Bool = false) {
        counted = passesRowsOn ? RowQueue() : nil
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
        ]
        self.factory = factory
        cacheHits = CoreMetrics.Counter(label: "omniroute_cache_hits_total", dimensions: [], factory: factory)
    }

    /// The instruments of one (endpoint, provider, status) series, made once: the factory
    /// validates names and looks labels up in its registry under a lock on every call, which
    /// cost a few microseconds a request; now a request is one dictionary lookup.
    private struct SeriesKey: Hashable {
        let format: WireFormat
        let provider: String
        let status: Int
    }

    private final class Series: Sendable {
        let requests: CoreMetrics.Counter
        let duration: Metrics.Timer
        let firstByte: Metrics.Timer
        /// input, output, cached, reasoning
        let tokens: [CoreMetrics.Counter]
        let cost: CoreMetrics.FloatingPointCounter
        let failovers: CoreMetrics.Counter

        init(_ key: SeriesKey, factory: PrometheusMetricsFactory) {
            let format = key.format.rawValue, provider = key.provider
            requests = CoreMetrics.Counter(label: "omniroute_requests_total",
                                           dimensions: [("endpoint", format), ("provider", provider), ("status", String(key.status))], factory: factory)
            duration = Metrics.Timer(label: "omniroute_request_duration_seconds", dimensions: [("endpoint", format), ("provider", provider)], factory: factory)
            firstByte = Metrics.Timer(label: "omniroute_time_to_first_byte_seconds", dimensions: [("endpoint", format), ("provider", provider)], factory: factory)
            tokens = ["input", "output", "cached", "reasoning"].map {
                CoreMetrics.Counter(label: "omniroute_tokens_total", dimensions: [("provider", provider), ("kind", $0)], factory: factory)
            }
            cost = CoreMetrics.FloatingPointCounter(label: "omniroute_cost_usd_total", dimensions: [("provider", provider)], factory: factory)
            failovers = CoreMetrics.Counter(label: "omniroute_failovers_total", dimensions: [("endpoint", format)], factory: factory)
        }
    }

    private struct AttemptKey: Hashable {
        let provider: String
        let outcome: String
    }

    private let series = Mutex<[SeriesKey: Series]>([:])
    private let attempts = Mutex<[AttemptKey: CoreMetrics.Counter]>([:])

    private func instruments(_ key: SeriesKey) -> Series {
        if let found = series.withLock({ $0[key] }) { return found }
        let made = Series(key, factory: factory)
        return series.withLock { table in
            if let found = table[key] { return found }
            table[key] = made
            return made
        }
    }

    private func attemptCounter(_ key: AttemptKey) -> CoreMetrics.Counter {
        if let found = attempts.withLock({ $0[key] }) { return found }
        let made = CoreMetrics.Counter(label: "omniroute_upstream_attempts_total", dimensions: [("provider", key.provider), ("outcome", key.outcome)],
                                       factory: factory)
        return attempts.withLock { table in
            if let found = table[key] { return found }
            table[key] = made
            return made
        }
    }

    /// Rows not counted yet. A loop only queues its row: counting it there took a few
    /// microseconds a request, most of it the two loops meeting on the instruments' locks.
    private let pending = RowQueue<UsageRecord>()

    /// Rows counted, for the writer to store (`takeCounted`); nil when nothing stores them.
    private let counted: RowQueue<UsageRecord>?

    /// Queues a row for the next `drain` (the writer's, every 100 ms, or a scrape's). The
    /// loops queue each row here only: the store and the recording get it from the writer
    /// once it is counted, so a loop copies a row once.
    func record(_ row: UsageRecord) {
        pending.append(row)
    }

    /// The rows counted since the last call, in order, for the store.
    func takeCounted() -> [UsageRecord] {
        counted?.takeAll() ?? []
    }

    /// Counts the queued rows. Consecutive rows of one series (steady traffic is mostly one
    /// series) add up their counts and touch its counters once.
    func drain() {
        let rows = pending.takeAll()
        var run: (key: SeriesKey, series: Series, totals: SeriesTotals)?
        // Attempts likewise: consecutive ones of one provider and outcome add up.
        var attemptRun: (key: AttemptKey, count: Int)?
        for row in rows {
            let key = SeriesKey(format: row.clientFormat, provider: row.provider ?? "none", status: row.status)
            if run?.key != key {
                if let run { run.totals.add(to: run.series) }
                run = (key, instruments(key), SeriesTotals())
            }
            run!.totals.count(row)
            run!.series.duration.recordNanoseconds(row.latency.nanoseconds)
            if let first = row.firstByteAt { run!.series.firstByte.recordNanoseconds((first - row.arrivedAt).nanoseconds) }
            for attempt in row.attempts {
                let key = AttemptKey(provider: attempt.provider, outcome: attempt.reason ?? "ok")
                if attemptRun?.key == key { attemptRun!.count += 1; continue }
                if let attemptRun { attemptCounter(attemptRun.key).increment(by: attemptRun.count) }
                attemptRun = (key, 1)
            }
            if row.cacheHit { cacheHits.increment() }
        }
        if let run { run.totals.add(to: run.series) }
        if let attemptRun { attemptCounter(attemptRun.key).increment(by: attemptRun.count) }
        counted?.append(contentsOf: rows)
    }

    /// What a run of rows of one series adds to its counters.
    private struct SeriesTotals {
        var requests = 0
        var failovers = 0
        /// input, output, cached, reasoning (the order of `Series.tokens`)
        var tokens = (0, 0, 0, 0)
        var cost = 0.0

        mutating func count(_ row: UsageRecord) {
            requests += 1
            failovers += max(0, row.attempts.count - 1)
            if let usage = row.usage {
                tokens.0 += usage.input
                tokens.1 += usage.output
                tokens.2 += usage.cachedInput ?? 0
                tokens.3 += usage.reasoning ?? 0
            }
            cost += row.cost
        }

        func add(to series: Series) {
            series.requests.increment(by: requests)
            if failovers > 0 { series.failovers.increment(by: failovers) }
            for (index, count) in [tokens.0, tokens.1, tokens.2, tokens.3].enumerated() where count > 0 {
                series.tokens[index].increment(by: count)
            }
            if cost > 0 { series.cost.increment(by: cost) }
        }
    }

    /// The exposition text, with breaker states (0 closed, 1 half-open, 2 open) as of now.
    func exposition(health: GatewayHealth) -> [UInt8] {
        drain()
        for provider in health.providers {
            Gauge(label: "omniroute_breaker_state", dimensions: [("provider", provider.id)], factory: factory).record(Self.level(provider.breaker))
            for account in provider.accounts {
                Gauge(label: "omniroute_account_breaker_state", dimensions: [("provider", provider.id), ("account", account.id)], factory: factory)
                    .record(Self.level(account.breaker))
                Gauge(label: "omniroute_account_in_flight", dimensions: [("provider", provider.id), ("account", account.id)], factory: factory)
                    .record(account.inFlight)
            }
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    static func level(_ state: BreakerState) -> Int {
        switch state {
        case .closed: return 0
        case .halfOpen: return 1
        case .open: return 2
        }
    }
}
