import Foundation
import OmniCore

/// A latency as a scenario states it: fixed, uniform between two bounds, or log-normal given
/// by its median and 99th percentile (how latencies are usually quoted, and the shape they
/// usually have: a long right tail).
public enum DurationDistribution: Sendable, Equatable {
    case fixed(Span)
    case uniform(Span, Span)
    case lognormal(p50: Span, p99: Span)

    /// The 99th percentile of the standard normal distribution.
    static let z99 = 2.326_347_874_040_841

    public func sample(_ random: inout RandomSource) -> Span {
        switch self {
        case .fixed(let span):
            return span
        case .uniform(let low, let high):
            let width = Double(high.nanoseconds - low.nanoseconds)
            return Span(nanoseconds: low.nanoseconds + Int64((width * random.unit()).rounded(.down)))
        case .lognormal(let p50, let p99):
            // ln X ~ N(mu, sigma): the median is e^mu, the 99th percentile e^(mu + z99·sigma).
            let median = Double(max(p50.nanoseconds, 1))
            let mu = Foundation.log(median)
            let sigma = max(0, Foundation.log(Double(max(p99.nanoseconds, 1)) / median) / Self.z99)
            let value = Foundation.exp(mu + sigma * random.normal())
            return Span(nanoseconds: Int64(min(value, 8.64e15)))   // capped at 100 days
        }
    }

    /// The median, for reports and checks.
    public var median: Span {
        switch self {
        case .fixed(let span): return span
        case .uniform(let low, let high): return Span(nanoseconds: (low.nanoseconds + high.nanoseconds) / 2)
        case .lognormal(let p50, _): return p50
        }
    }
}
