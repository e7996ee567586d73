import CoreMetrics
import Metrics
import OmniCore
import Prometheus

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

    func record(_ row: UsageRecord) {
        let provider = row.provider ?? "none"
        let format = row.clientFormat.rawValue
        Counter(label: "omniroute_requests_total", dimensions: [("endpoint", format), ("provider", provider), ("status", String(row.status))], factory: factory).increment()
        Metrics.Timer(label: "omniroute_request_duration_seconds", dimensions: [("endpoint", format), ("provider", provider)], factory: factory)
            .recordNanoseconds(row.latency.nanoseconds)
        if let first = row.firstByteAt {
            Metrics.Timer(label: "omniroute_time_to_first_byte_seconds", dimensions: [("endpoint", format), ("provider", provider)], factory: factory)
                .recordNanoseconds((first - row.arrivedAt).nanoseconds)
        }
        for attempt in row.attempts {
            Counter(label: "omniroute_upstream_attempts_total", dimensions: [("provider", attempt.provider), ("outcome", attempt.reason ?? "ok")], factory: factory).increment()
        }
        if row.attempts.count > 1 {
            Counter(label: "omniroute_failovers_total", dimensions: [("endpoint", format)], factory: factory).increment(by: row.attempts.count - 1)
        }
        if let usage = row.usage {
            for (kind, count) in [("input", usage.input), ("output", usage.output), ("cached", usage.cachedInput ?? 0), ("reasoning", usage.reasoning ?? 0)] where count > 0 {
                Counter(label: "omniroute_tokens_total", dimensions: [("provider", provider), ("kind", kind)], factory: factory).increment(by: count)
            }
        }
        if row.cost > 0 {
            FloatingPointCounter(label: "omniroute_cost_usd_total", dimensions: [("provider", provider)], factory: factory).increment(by: row.cost)
        }
        if row.cacheHit { Counter(label: "omniroute_cache_hits_total", dimensions: [], factory: factory).increment() }
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
