import Foundation
import OmniCore

/// When requests arrive, as a scenario's `traffic.arrivals` states it.
public enum ArrivalPattern: Sendable, Equatable {
    /// Evenly spaced.
    case constant(perSecond: Double)
    /// Independent arrivals at a mean rate (exponential gaps).
    case poisson(perSecond: Double)
    /// A day's curve: a cosine between `trough` and `peak` requests/s, highest at `peakHour`
    /// (hours since the run's start modulo 24), Poisson around it.
    case diurnal(troughPerSecond: Double, peakPerSecond: Double, peakHour: Double)
    /// Poisson at `base`, with `burst` requests/s for `lasting` at the start of every `every`.
    case bursts(basePerSecond: Double, burstPerSecond: Double, every: Span, lasting: Span)

    /// The rate at `offset` into the run (requests per second).
    public func rate(at offset: Span) -> Double {
        switch self {
        case .constant(let rate), .poisson(let rate):
            return rate
        case .diurnal(let trough, let peak, let peakHour):
            let hours = Double(offset.nanoseconds) / 3.6e12
            let phase = 2 * Double.pi * (hours - peakHour) / 24
            return trough + (peak - trough) * (1 + Foundation.cos(phase)) / 2
        case .bursts(let base, let burst, let every, let lasting):
            guard every.nanoseconds > 0 else { return base }
            return offset.nanoseconds % every.nanoseconds < lasting.nanoseconds ? burst : base
        }
    }

    /// The highest rate the pattern reaches (the bound the thinning method draws under).
    var peakRate: Double {
        switch self {
        case .constant(let rate), .poisson(let rate): return rate
        case .diurnal(let trough, let peak, _): return max(trough, peak)
        case .bursts(let base, let burst, _, _): return max(base, burst)
        }
    }
}

/// Generates a pattern's arrival times one after another, from a seeded source.
public struct ArrivalProcess: Sendable {
    public let pattern: ArrivalPattern
    private var random: RandomSource
    private var last: Span?

    public init(_ pattern: ArrivalPattern, random: RandomSource) {
        self.pattern = pattern
        self.random = random
    }

    /// The next arrival's offset from the run's start, or nil when the rate is zero for good.
    public mutating func next() -> Span? {
        let previous = last ?? .nanoseconds(0)
        let at: Span
        switch pattern {
        case .constant(let rate):
            guard rate > 0 else { return nil }
            let gap = Int64((1e9 / rate).rounded())
            at = last == nil ? .nanoseconds(0) : Span(nanoseconds: previous.nanoseconds + max(gap, 1))
        case .poisson(let rate):
            guard rate > 0 else { return nil }
            at = Span(nanoseconds: previous.nanoseconds + Self.gap(mean: 1 / rate, &random))
        case .diurnal, .bursts:
            // Thinning (Lewis–Shedler): candidates at the peak rate, each kept with probability
            // rate(t) / peak, give a Poisson process whose rate follows the curve.
            let peak = pattern.peakRate
            guard peak > 0 else { return nil }
            var candidate = previous
            repeat {
                candidate = Span(nanoseconds: candidate.nanoseconds + Self.gap(mean: 1 / peak, &random))
            } while random.unit() * peak >= pattern.rate(at: candidate)
            at = candidate
        }
        last = at
        return at
    }

    /// An exponential gap in nanoseconds, at least 1.
    private static func gap(mean seconds: Double, _ random: inout RandomSource) -> Int64 {
        max(1, Int64((random.exponential(mean: seconds) * 1e9).rounded()))
    }
}
