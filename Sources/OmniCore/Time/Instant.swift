/// A point in time as the adapters tell it: nanoseconds since 1970-01-01T00:00:00Z.
/// The core never reads a clock; every decision that depends on time takes one of these
/// as a value (the server passes the wall clock, the simulator its virtual clock).
public struct Instant: Comparable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    public init(seconds: Int64) { nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000).overflow ? .max : seconds * 1_000_000_000 }
    public init(milliseconds: Int64) { nanoseconds = milliseconds.multipliedReportingOverflow(by: 1_000_000).overflow ? .max : milliseconds * 1_000_000 }

    /// Before every time an adapter can give: "never happened".
    public static let distantPast = Instant(nanoseconds: .min)
    /// After every time an adapter can give: "until further notice".
    public static let distantFuture = Instant(nanoseconds: .max)
    public static let epoch = Instant(nanoseconds: 0)

    public static func < (a: Instant, b: Instant) -> Bool { a.nanoseconds < b.nanoseconds }

    /// Saturating, so `distantFuture + x` stays `distantFuture`.
    public static func + (a: Instant, d: Span) -> Instant { Instant(nanoseconds: a.nanoseconds.saturatingAdd(d.nanoseconds)) }
    public static func - (a: Instant, d: Span) -> Instant { Instant(nanoseconds: a.nanoseconds.saturatingAdd(-d.nanoseconds)) }
    public static func - (a: Instant, b: Instant) -> Span { Span(nanoseconds: a.nanoseconds.saturatingAdd(b.nanoseconds == .min ? .max : -b.nanoseconds)) }

    /// Whole seconds since the epoch (rounded down).
    public var secondsSinceEpoch: Int64 { nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds + 1) / 1_000_000_000 - 1 }

    public var description: String {
        if self == .distantPast { return "distant past" }
        if self == .distantFuture { return "distant future" }
        return CivilTime(self).iso8601
    }
}

/// A length of time in nanoseconds. Our own rather than `Swift.Duration` because every
/// routing decision does arithmetic on these, and `Duration` is 128-bit attoseconds.
public struct Span: Comparable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    public static func nanoseconds(_ n: Int64) -> Span { Span(nanoseconds: n) }
    public static func microseconds(_ n: Int64) -> Span { Span(nanoseconds: n.saturatingMultiply(1000)) }
    public static func milliseconds(_ n: Int64) -> Span { Span(nanoseconds: n.saturatingMultiply(1_000_000)) }
    public static func seconds(_ n: Int64) -> Span { Span(nanoseconds: n.saturatingMultiply(1_000_000_000)) }
    public static func fractionalSeconds(_ n: Double) -> Span {
        let ns = n * 1e9
        if !(ns < 9.2e18) { return n.isNaN ? .zero : .forever }
        return Span(nanoseconds: ns > -9.2e18 ? Int64(ns) : .min)
    }
    public static func minutes(_ n: Int64) -> Span { .seconds(n.saturatingMultiply(60)) }
    public static func hours(_ n: Int64) -> Span { .seconds(n.saturatingMultiply(3600)) }
    public static func days(_ n: Int64) -> Span { .seconds(n.saturatingMultiply(86_400)) }
    public static let zero = Span(nanoseconds: 0)
    public static let forever = Span(nanoseconds: .max)

    public static func < (a: Span, b: Span) -> Bool { a.nanoseconds < b.nanoseconds }
    public static func + (a: Span, b: Span) -> Span { Span(nanoseconds: a.nanoseconds.saturatingAdd(b.nanoseconds)) }
    public static func * (a: Span, k: Int64) -> Span { Span(nanoseconds: a.nanoseconds.saturatingMultiply(k)) }

    public var seconds: Double { Double(nanoseconds) / 1e9 }
    public var milliseconds: Double { Double(nanoseconds) / 1e6 }
    /// Whole seconds, rounded up: what a `Retry-After` header says.
    public var wholeSecondsRoundedUp: Int64 { nanoseconds <= 0 ? 0 : (nanoseconds - 1) / 1_000_000_000 + 1 }

    /// `250ms`, `5s`, `2m`, `1h`: the config file's spelling.
    public var description: String {
        let n = nanoseconds
        if n == .max { return "forever" }
        if n % 3_600_000_000_000 == 0, n != 0 { return "\(n / 3_600_000_000_000)h" }
        if n % 60_000_000_000 == 0, n != 0 { return "\(n / 60_000_000_000)m" }
        if n % 1_000_000_000 == 0 { return "\(n / 1_000_000_000)s" }
        if n % 1_000_000 == 0 { return "\(n / 1_000_000)ms" }
        if n % 1000 == 0 { return "\(n / 1000)us" }
        return "\(n)ns"
    }

    /// Parses the config file's spelling: a number and a unit (`ns`, `us`, `ms`, `s`, `m`,
    /// `h`, `d`), e.g. `250ms`, `1.5s`, `2m`, or several from the largest unit down, as Go
    /// writes them: `1m25s`, `1h30m`, `2m0.5s`. Nil when it is not one.
    public init?(parsing text: String) {
        let units: [Substring: Double] = ["ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9, "d": 86_400e9]
        var rest = Substring(text)
        while rest.first == " " { rest.removeFirst() }
        while rest.last == " " { rest.removeLast() }
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        var previousFactor = Double.infinity
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(unit.count)
            // Each part a number and a known unit, the units getting smaller (`1s1m` is a typo).
            guard !number.isEmpty, let value = Double(number), value.isFinite, let factor = units[unit], factor < previousFactor else { return nil }
            previousFactor = factor
            total += value * factor
        }
        guard total < 9.2e18 else { return nil }
        self.init(nanoseconds: Int64(total.rounded()))
    }
}

extension Int64 {
    @inline(__always) func saturatingAdd(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
    @inline(__always) func saturatingMultiply(_ other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) != (other < 0) ? .min : .max) : product
    }
}
