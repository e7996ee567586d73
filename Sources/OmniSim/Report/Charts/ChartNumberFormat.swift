/// Locale-independent number formatting. Foundation's formatters follow the
/// locale and `Double.description` switches to exponent notation; either
/// would make reports differ byte for byte between machines.
enum ChartNumberFormat {
    /// No canvas needs more, and it keeps tenths-of-a-pixel arithmetic far
    /// from Int overflow.
    static let coordinateLimit = 1e6

    /// A canvas coordinate with at most one decimal: "12.3", "-4", "0" —
    /// never "-0", "nan" or "1e+20".
    static func coordinate(_ value: Double) -> String {
        tenths(tenthsOf(value))
    }

    /// A canvas coordinate in whole tenths of a pixel, clamped to the limit.
    static func tenthsOf(_ value: Double) -> Int {
        guard value.isFinite else { return 0 }
        let clamped = min(max(value, -coordinateLimit), coordinateLimit)
        return Int((clamped * 10).rounded())
    }

    /// A count of tenths as a decimal: 123 → "12.3", -40 → "-4".
    static func tenths(_ count: Int) -> String {
        fixedPoint(count, decimals: 1)
    }

    /// `units` / 10^decimals written out, trailing zeros dropped.
    static func fixedPoint(_ units: Int, decimals: Int) -> String {
        if units == 0 { return "0" }
        var digits = String(units.magnitude)
        if decimals > 0 {
            if digits.count <= decimals {
                digits = String(repeating: "0", count: decimals - digits.count + 1) + digits
            }
            let split = digits.index(digits.endIndex, offsetBy: -decimals)
            var fraction = digits[split...]
            while fraction.last == "0" { fraction = fraction.dropLast() }
            digits = String(digits[..<split]) + (fraction.isEmpty ? "" : "." + fraction)
        }
        return (units < 0 ? "-" : "") + digits
    }

    /// `value` rounded to `decimals` places; falls back to `scientific` when
    /// the scaled value would not fit an Int exactly.
    static func fixed(_ value: Double, decimals: Int) -> String {
        let scaled = (value * ChartMath.powerOfTen(decimals)).rounded()
        guard scaled.magnitude < 9e15 else { return scientific(value) }
        return fixedPoint(Int(scaled), decimals: decimals)
    }

    /// Three significant digits and a decimal exponent, "1.5e300"; only for
    /// magnitudes no compact suffix covers.
    static func scientific(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return "0" }
        let magnitude = value.magnitude
        var exponent = ChartMath.decimalExponent(magnitude)
        var hundredths = Int((magnitude / ChartMath.powerOfTen(exponent) * 100).rounded())
        if hundredths >= 1000 {  // 9.996 rounds up to 10.00
            hundredths = 100
            exponent += 1
        }
        return (value < 0 ? "-" : "") + fixedPoint(hundredths, decimals: 2) + "e" + String(exponent)
    }

    private static let siSuffixes = ["", "k", "M", "G", "T"]

    /// A compact axis label: 1500 → "1.5k", 2e6 → "2M", 0.25 → "0.25".
    /// `stepExponent` is the power of ten of the tick step; it decides how
    /// many decimals neighbouring ticks need to stay distinct.
    static func tickLabel(_ value: Double, stepExponent: Int) -> String {
        guard value.isFinite, value != 0 else { return "0" }
        let magnitude = value.magnitude
        guard magnitude < 1e15 else { return scientific(value) }
        let group = magnitude >= 1e12 ? 4 : magnitude >= 1e9 ? 3 : magnitude >= 1e6 ? 2 : magnitude >= 1e3 ? 1 : 0
        let decimals = max(0, 3 * group - stepExponent)
        guard decimals <= 12 else { return scientific(value) }
        let text = fixed(value / ChartMath.powerOfTen(3 * group), decimals: decimals)
        return text == "0" ? text : text + siSuffixes[group]
    }

    /// A data value for tooltips: up to three decimals, exponent form only
    /// for magnitudes beyond 1e15.
    static func value(_ value: Double) -> String {
        value.magnitude < 1e15 ? fixed(value, decimals: 3) : scientific(value)
    }
}
