/// Numbers as reports write them: a fixed count of decimals, computed from a rounded integer,
/// so the same run writes the same bytes on every machine and locale (no `%g`, no exponent,
/// no `-0`).
enum FixedPoint {
    static func format(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity") }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return String(Int64(value.rounded())) }
        let ticks = Int64(scaled), step = Int64(scale)
        let sign = value < 0 && ticks != 0 ? "-" : ""
        guard places > 0 else { return sign + String(ticks) }
        let fraction = String(ticks % step)
        return "\(sign)\(ticks / step).\(String(repeating: "0", count: places - fraction.count))\(fraction)"
    }

    /// Dollars: 6 decimals below a cent, else 4 (a simulated request costs fractions of a cent).
    static func dollars(_ value: Double) -> String { format(value, places: abs(value) < 0.01 ? 6 : 4) }
}
