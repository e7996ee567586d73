/// US dollar amounts as people read them in messages: `$1,234.50`. Pure (no `NumberFormatter`).
public enum Dollars {
    /// Rounded to cents, thousands grouped, a minus sign before the dollar sign. Amounts that
    /// are not finite or beyond what cents can count in an `Int` are written as Swift prints them.
    public static func format(_ amount: Double) -> String {
        guard amount.isFinite else { return "$\(amount)" }
        let cents = (abs(amount) * 100).rounded()
        guard cents < 9e15 else { return "$\(amount)" }
        let total = Int(cents)
        let whole = String(total / 100)
        var grouped = ""
        for (i, digit) in whole.enumerated() {
            if i > 0, (whole.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let fraction = total % 100
        let sign = amount < 0 && total != 0 ? "-" : ""
        return "\(sign)$\(grouped).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `0.8` → `80%` (to the nearest whole percent).
    static func percent(_ share: Double) -> String {
        guard share.isFinite, abs(share) < 1e15 else { return "\(share * 100)%" }
        return "\(Int((share * 100).rounded()))%"
    }
}
