import CoreMetrics
import Metrics
import OmniCore
import Prometheus
import Synchronization

/// `GET /metrics`: swift-metrics instruments on a Prometheus registry of the server's own
/// (not the process-global bootstrap, so several servers in one process — the tests — keep
/// apart). Fed from the usage rows and, at scrape time, from the breaker states. Labels are
/// names only: providers, formats, statuses, reasons — never a key.
final class GatewayMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
        ]
        self.factory = factory
    }

    /// Instruments made once per label set: the factory validates names and looks labels up
    /// in its registry under a lock on every call, which was a few microseconds a request.
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[String: Metrics.Timer]>([:])
    private let costs = Mutex<[String: CoreMetrics.FloatingPointCounter]>([:])

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Counter {
        let key = Self.key(label, dimensions)
        if let found = counters.withLock({ $0[key] }) { return found }
        let made = CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory)
        return counters.withLock { table in
            if let found = table[key] { return found }
            table[key] = made
            return made
        }
    }

    private func timer(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Timer {
        let key = Self.key(label, dimensions)
        if let found = timers.withLock({ $0[key] }) { return found }
        let made = Metrics.Timer(label: label, dimensions: dimensions, factory: factory)
        return timers.withLock { table in
            if let found = table[key] { return found }
            table[key] = made
            return made
        }
    }

    private static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        var key = label
        for (name, value) in dimensions {
            key += "\u{1}"
            key += name
            key += "\u{2}"
            key += value
        }
        return key
    }

    func record(_ row: UsageRecord) {
        let provider = row.provider ?? "none"
        let format = row.clientFormat.rawValue
        counter("omniroute_requests_total", [("endpoint", format), ("provider", provider), ("status", String(row.status))]).increment()
        timer("omniroute_request_duration_seconds", [("endpoint", format), ("provider", provider)]).recordNanoseconds(row.latency.nanoseconds)
        if let first = row.firstByteAt {
            timer("omniroute_time_to_first_byte_seconds", [("endpoint", format), ("provider", provider)])
                .recordNanoseconds((first - row.arrivedAt).nanoseconds)
        }
        for attempt in row.attempts {
            counter("omniroute_upstream_attempts_total", [("provider", attempt.provider), ("outcome", attempt.reason ?? "ok")]).increment()
        }
        if row.attempts.count > 1 {
            counter("omniroute_failovers_total", [("endpoint", format)]).increment(by: row.attempts.count - 1)
        }
        if let usage = row.usage {
            for (kind, count) in [("input", usage.input), ("output", usage.output), ("cached", usage.cachedInput ?? 0), ("reasoning", usage.reasoning ?? 0)] where count > 0 {
                counter("omniroute_tokens_total", [("provider", provider), ("kind", kind)]).increment(by: count)
            }
        }
        if row.cost > 0 {
            let key = Self.key("omniroute_cost_usd_total", [("provider", provider)])
            let made = costs.withLock { table in
                if let found = table[key] { return found }
                let made = CoreMetrics.FloatingPointCounter(label: "omniroute_cost_usd_total", dimensions: [("provider", provider)], factory: factory)
                table[key] = made
                return made
            }
            made.increment(by: row.cost)
        }
        if row.cacheHit { counter("omniroute_cache_hits_total", []).increment() }
    }

    /// The exposition text, with breaker states (0 closed, 1 half-open, 2 open) as of now.
    func exposition(health: GatewayHealth) -> [UInt8] {
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
