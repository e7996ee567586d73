import Foundation
import OmniCore
@testable import OmniSim
import Testing

/// Generated traffic has the configured rate and shape.
@Suite struct ArrivalTests {
    static func arrivals(_ pattern: ArrivalPattern, until end: Span, seed: UInt64 = 11) -> [Span] {
        var process = ArrivalProcess(pattern, random: RandomSource(seed: seed))
        var times: [Span] = []
        while let at = process.next(), at < end { times.append(at) }
        return times
    }

    @Test func constantArrivalsAreEvenlySpaced() {
        let times = Self.arrivals(.constant(perSecond: 4), until: .seconds(10))
        #expect(times.count == 40)
        #expect(times.first == .nanoseconds(0))
        #expect(zip(times, times.dropFirst()).allSatisfy { $1.nanoseconds - $0.nanoseconds == 250_000_000 })
    }

    @Test func poissonHasItsMeanRateAndExponentialGaps() {
        let times = Self.arrivals(.poisson(perSecond: 50), until: .seconds(1000))
        #expect(abs(Double(times.count) / 50_000 - 1) < 0.015, "\(times.count) arrivals")
        let gaps = zip(times, times.dropFirst()).map { Double($1.nanoseconds - $0.nanoseconds) }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        let sd = (gaps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(gaps.count)).squareRoot()
        #expect(abs(sd / mean - 1) < 0.03, "coefficient of variation \(sd / mean); exponential gaps have 1")
    }

    @Test func theDiurnalCurvePeaksAtItsHourAndBottomsOutTwelveHoursLater() {
        let pattern = ArrivalPattern.diurnal(troughPerSecond: 2, peakPerSecond: 20, peakHour: 12)
        let times = Self.arrivals(pattern, until: .seconds(24 * 3600))
        func count(hour: Int) -> Int { times.filter { Int($0.nanoseconds / 3_600_000_000_000) == hour }.count }
        // Expected per hour: the curve's integral over that hour.
        func expected(hour: Int) -> Double {
            (0..<3600).reduce(0.0) { $0 + pattern.rate(at: .seconds(Int64(hour * 3600 + $1))) }
        }
        for hour in [0, 6, 12, 18] {
            #expect(abs(Double(count(hour: hour)) / expected(hour: hour) - 1) < 0.06, "hour \(hour): \(count(hour: hour)) vs \(expected(hour: hour))")
        }
        #expect(count(hour: 12) > 5 * count(hour: 0))
    }

    @Test func burstsRaiseTheRateInTheirWindowsOnly() {
        let pattern = ArrivalPattern.bursts(basePerSecond: 5, burstPerSecond: 100, every: .seconds(60), lasting: .seconds(10))
        let times = Self.arrivals(pattern, until: .seconds(600))
        let inBursts = times.filter { $0.nanoseconds % 60_000_000_000 < 10_000_000_000 }.count
        let outside = times.count - inBursts
        #expect(abs(Double(inBursts) / (100 * 10 * 10) - 1) < 0.05, "\(inBursts) in bursts")
        #expect(abs(Double(outside) / (5 * 50 * 10) - 1) < 0.08, "\(outside) outside")
    }

    @Test func theSameSeedGivesTheSameTraffic() {
        let pattern = ArrivalPattern.diurnal(troughPerSecond: 1, peakPerSecond: 9, peakHour: 3)
        #expect(Self.arrivals(pattern, until: .seconds(3600), seed: 9) == Self.arrivals(pattern, until: .seconds(3600), seed: 9))
        #expect(Self.arrivals(pattern, until: .seconds(3600), seed: 9) != Self.arrivals(pattern, until: .seconds(3600), seed: 10))
    }
}
