/// Axis ticks at "nice" values: whole multiples of 1, 2 or 5 × 10^n.
struct ChartTicks: Sendable, Equatable {
    /// Ascending; the first and last enclose the requested range.
    let values: [Double]
    /// The step is `stepMantissa` × 10^`stepExponent`; kept apart so labels
    /// know how many decimals they need.
    let stepMantissa: Int
    let stepExponent: Int

    var lower: Double { values[0] }
    var upper: Double { values[values.count - 1] }

    private static let mantissas = [1, 2, 5]

    /// The finest 1-2-5 step that gives at most `maxCount` ticks (values
    /// below 4 count as 4) from a multiple of the step at or below `low` to
    /// one at or above `high`. As the steps grow by 2 or 2.5, the count can
    /// fall below `maxCount` by that factor: with 8, it is 4 to 8, mostly 5+.
    /// Expects usable numbers (see `ChartMath.usable`).
    static func covering(_ low: Double, _ high: Double, maxCount: Int = 8) -> ChartTicks {
        let maxCount = max(maxCount, 4)
        var (low, high) = (min(low, high), max(low, high))
        let magnitude = max(low.magnitude, high.magnitude)
        // A span too small to split (e.g. one distinct value) gets room
        // around it, so the value sits inside the axis instead of on a
        // degenerate one.
        if high - low <= magnitude * 1e-9 {
            let pad = magnitude == 0 ? 1 : magnitude * 0.1
            low -= pad
            high += pad
        }
        let roughStep = (high - low) / Double(maxCount)
        let firstExponent = ChartMath.decimalExponent(roughStep) - 1
        // Walk the steps from fine to coarse. The finest is a hundredth of the
        // rough step, so indices stay small; 2 × 10^(firstExponent + 2) always
        // fits, so the walk ends long before its last candidate.
        var chosen = (first: 0, last: 1, mantissa: 1, exponent: 0)
        search: for exponent in firstExponent...(firstExponent + 3) {
            for mantissa in mantissas {
                let step = Double(mantissa) * ChartMath.powerOfTen(exponent)
                // The slack keeps 0.30000000000000004 / 0.1 from adding a tick.
                let first = Int((low / step + 1e-9).rounded(.down))
                let last = Int((high / step - 1e-9).rounded(.up))
                chosen = (first, max(last, first + 1), mantissa, exponent)
                if chosen.last - chosen.first + 1 <= maxCount { break search }
            }
        }
        return ChartTicks(
            values: (chosen.first...chosen.last).map {
                value(index: $0, mantissa: chosen.mantissa, exponent: chosen.exponent)
            },
            stepMantissa: chosen.mantissa,
            stepExponent: chosen.exponent
        )
    }

    /// index × mantissa × 10^exponent, computed so that decimal ticks are the
    /// closest Doubles (3 × 0.1 would give 0.30000000000000004; 3 / 10 not).
    private static func value(index: Int, mantissa: Int, exponent: Int) -> Double {
        let multiple = Double(index * mantissa)
        return exponent >= 0
            ? multiple * ChartMath.powerOfTen(exponent)
            : multiple / ChartMath.powerOfTen(-exponent)
    }

    /// Compact labels, one per value.
    var labels: [String] {
        values.map { ChartNumberFormat.tickLabel($0, stepExponent: stepExponent) }
    }
}
