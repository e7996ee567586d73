import Testing
@testable import OmniSim

@Suite struct ChartTicksTests {
    @Test(arguments: [
        (0.0, 97.0, [0.0, 20, 40, 60, 80, 100]),
        (0.0, 100.0, [0.0, 20, 40, 60, 80, 100]),
        (0.0, 1.0, [0.0, 0.2, 0.4, 0.6, 0.8, 1]),
        (0.0, 5.0, [0.0, 1, 2, 3, 4, 5]),
        (-3.0, 7.0, [-4.0, -2, 0, 2, 4, 6, 8]),
        (0.0, 0.05, [0.0, 0.01, 0.02, 0.03, 0.04, 0.05]),
        (0.0, 119.0, [0.0, 20, 40, 60, 80, 100, 120]),
        (1200.0, 1990.0, [1200.0, 1400, 1600, 1800, 2000]),
    ])
    func niceTicks(low: Double, high: Double, expected: [Double]) {
        #expect(ChartTicks.covering(low, high).values == expected)
    }

    /// The 1-2-5 rule, enclosure and count for a grid of ranges.
    @Test(arguments: [-1000.0, -3.3, 0, 0.001, 7, 1e6, 1e12])
    func ticksAreNiceAndEnclose(low: Double) {
        for span in [1e-3, 0.07, 0.7, 1, 9.9, 97, 1450, 33_333, 1e9] {
            let high = low + span
            let ticks = ChartTicks.covering(low, high)
            #expect([1, 2, 5].contains(ticks.stepMantissa))
            let step = Double(ticks.stepMantissa) * ChartMath.powerOfTen(ticks.stepExponent)
            // Within a billionth of a step: 0.1 + 0.2 must not earn a tick of its own.
            #expect(ticks.lower <= low + step * 1e-9 && ticks.upper >= high - step * 1e-9, "\(low)…\(high): \(ticks.values)")
            #expect((4...8).contains(ticks.values.count), "\(low)…\(high): \(ticks.values)")
            for (a, b) in zip(ticks.values, ticks.values.dropFirst()) {
                #expect(abs((b - a) - step) <= step * 1e-6)
            }
            // Labels must tell neighbouring ticks apart.
            let labels = ticks.labels
            let distinct = Set(labels)
            #expect(distinct.count == labels.count, "\(labels)")
        }
    }

    @Test func degenerateRangesGetRoom() {
        let single = ChartTicks.covering(5, 5)
        #expect(single.lower < 5 && single.upper > 5)
        let zero = ChartTicks.covering(0, 0)
        #expect(zero.lower < 0 && zero.upper > 0)
        let reversed = ChartTicks.covering(97, 0)
        #expect(reversed.values == [0, 20, 40, 60, 80, 100])
    }

    @Test func hugeRangesStayFinite() {
        let ticks = ChartTicks.covering(-1e300, 1e300)
        #expect(ticks.values.allSatisfy { $0.isFinite })
        #expect(ticks.lower <= -1e300 && ticks.upper >= 1e300 * 0.999_999)
    }
}
