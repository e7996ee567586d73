import OmniCore

/// A scenario's named assertion: a metric and its bounds (`successRate` at least 0.99,
/// `latency.p99` at most 3 s). Each becomes a line of the report and a JUnit test case.
public struct Expectation: Sendable, Equatable {
    public var name: String
    public var metric: Metric
    public var atLeast: Double?
    public var atMost: Double?
    /// Only requests that arrived in this part of the run (`from`, `until` in the file), to
    /// within the report's time buckets; nil: the whole run.
    public var window: Range<Span>?

    public init(name: String, metric: Metric, atLeast: Double? = nil, atMost: Double? = nil, window: Range<Span>? = nil) {
        (self.name, self.metric, self.atLeast, self.atMost, self.window) = (name, metric, atLeast, atMost, window)
    }

    /// The metrics a window can hold: those the report's time buckets keep.
    public static let windowedMetrics: Set<String> = ["requests", "succeeded", "failed", "successRate",
                                                       "latency.p50", "latency.p90", "latency.p99", "latency.max"]

    /// The bound as a person reads it: `≥ 0.99`, `≤ 3 s`, `between 10 and 20`.
    public var bound: String {
        let range: String = switch (atLeast, atMost) {
        case let (low?, high?): "between \(MetricFormat.value(low, metric.unit)) and \(MetricFormat.value(high, metric.unit))"
        case let (low?, nil): "≥ \(MetricFormat.value(low, metric.unit))"
        case let (nil, high?): "≤ \(MetricFormat.value(high, metric.unit))"
        case (nil, nil): "any"
        }
        guard let window else { return range }
        return range + " (arrivals \(window.lowerBound)–\(window.upperBound == .forever ? "end" : window.upperBound.description))"
    }

    public func check(_ result: SimResult) -> Verdict {
        let actual = metric.value(in: window.map { result.timeline.result(arrivingIn: $0) } ?? result)
        guard let actual else { return Verdict(expectation: self, actual: nil, passed: false) }
        let passed = (atLeast.map { actual >= $0 } ?? true) && (atMost.map { actual <= $0 } ?? true)
        return Verdict(expectation: self, actual: actual, passed: passed)
    }

    public struct Verdict: Sendable, Equatable {
        public var expectation: Expectation
        /// nil: what the metric measures never happened in the run.
        public var actual: Double?
        public var passed: Bool

        public var actualText: String { actual.map { MetricFormat.value($0, expectation.metric.unit) } ?? "never happened" }
    }
}

/// Metric values as reports print them.
public enum MetricFormat {
    public static func value(_ value: Double, _ unit: Metric.Unit) -> String {
        switch unit {
        case .count: return value == value.rounded() ? FixedPoint.format(value, places: 0) : FixedPoint.format(value, places: 2)
        case .ratio: return FixedPoint.format(value * 100, places: 2) + " %"
        case .seconds: return value < 1 ? FixedPoint.format(value * 1000, places: 1) + " ms" : FixedPoint.format(value, places: 3) + " s"
        case .dollars: return "$" + FixedPoint.dollars(value)
        case .mean: return FixedPoint.format(value, places: 3)
        }
    }
}
