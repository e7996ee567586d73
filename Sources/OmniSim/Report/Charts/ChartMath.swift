/// Numeric helpers written without Foundation, so the charts have no
/// platform dependency and give the same bytes wherever they run.
enum ChartMath {
    /// Larger magnitudes are treated as unusable: the difference of two such
    /// values (an axis span) could overflow to infinity.
    static let largestMagnitude = 1e300
    /// Smaller magnitudes count as zero, so tick steps never underflow.
    static let smallestMagnitude = 1e-300

    /// `value` if a chart can place it, zero for denormal-ish dust, nil for
    /// NaN, infinities and absurd magnitudes.
    static func usable(_ value: Double) -> Double? {
        guard value.isFinite, value.magnitude <= largestMagnitude else { return nil }
        return value.magnitude < smallestMagnitude ? 0 : value
    }

    /// Powers of ten that a Double holds exactly (5^22 < 2^53).
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// 10^exponent. Exact (or, for negative exponents, correctly rounded) up
    /// to |exponent| = 22; beyond that a few ulps off but always the same.
    static func powerOfTen(_ exponent: Int) -> Double {
        var result = 1.0
        var remaining = exponent.magnitude
        while remaining > 22 {
            result = exponent > 0 ? result * 1e22 : result / 1e22
            remaining -= 22
        }
        let power = exactPowersOfTen[Int(remaining)]
        return exponent >= 0 ? result * power : result / power
    }

    /// floor(log10(x)) for a finite x > 0, without calling into libm.
    static func decimalExponent(_ x: Double) -> Int {
        // log10(2) times the binary exponent is within one of the answer.
        var exponent = Int((Double(x.exponent) * 0.30102999566398120).rounded(.down))
        while powerOfTen(exponent + 1) <= x { exponent += 1 }
        while powerOfTen(exponent) > x { exponent -= 1 }
        return exponent
    }
}
