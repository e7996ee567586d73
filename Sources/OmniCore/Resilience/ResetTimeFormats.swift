/// The time formats vendors use in their rate-limit reset headers, read by hand.

/// RFC 3339 timestamps, as Anthropic sends them in `anthropic-ratelimit-*-reset`
/// (`2025-08-21T12:40:59Z`, fractions and numeric offsets allowed).
public enum RFC3339 {
    /// The instant, or nil when `text` is not an RFC 3339 date-time. Lowercase `t`/`z` and a
    /// space for the `T` are taken too (RFC 3339 §5.6 note).
    public static func parse(_ text: String) -> Instant? {
        var s = HeaderScanner(text)
        guard let year = s.digits(4), s.take(UInt8(ascii: "-")), let month = s.digits(2), s.take(UInt8(ascii: "-")),
              let day = s.digits(2), month >= 1, month <= 12, day >= 1, day <= CivilTime.daysInMonth(year: year, month: month)
        else { return nil }
        guard s.takeIgnoringCase(UInt8(ascii: "t")) || s.take(0x20) else { return nil }
        guard let hour = s.digits(2), s.take(UInt8(ascii: ":")), let minute = s.digits(2), s.take(UInt8(ascii: ":")),
              let second = s.digits(2), hour <= 23, minute <= 59, second <= 60 else { return nil }
        var nanosecond: Int64 = 0
        if s.peek == UInt8(ascii: ".") {
            // Read ".25" as the decimal 0.25: the scanner's decimal starts at the point.
            guard let fraction = s.decimal(), fraction.whole == 0, fraction.scale > 1 else { return nil }
            nanosecond = Span.scaled(fraction, unitNanoseconds: 1_000_000_000).nanoseconds
        }
        var offsetMinutes = 0
        if !s.takeIgnoringCase(UInt8(ascii: "z")) {
            let sign: Int
            if s.take(UInt8(ascii: "+")) { sign = 1 } else if s.take(UInt8(ascii: "-")) { sign = -1 } else { return nil }
            guard let oh = s.digits(2), s.take(UInt8(ascii: ":")), let om = s.digits(2), oh <= 23, om <= 59 else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
        }
        guard s.atEnd else { return nil }
        let local = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second).instant
        // Local time = UTC + offset, so UTC = local − offset.
        return local - .minutes(Int64(offsetMinutes)) + .nanoseconds(nanosecond)
    }
}

/// Durations as Go's `time.Duration` prints them, which is what OpenAI and Groq send in
/// `x-ratelimit-reset-requests` / `x-ratelimit-reset-tokens`: `20ms`, `1s`, `6m0s`,
/// `1h2m3.5s`, `2m59.56s`. A bare number is taken as seconds (Azure OpenAI sends those).
public enum GoDuration {
    /// The span, or nil for anything else (negative durations included: a reset cannot
    /// lie in the past by a negative amount).
    public static func parse(_ text: String) -> Span? {
        var s = HeaderScanner(text)
        _ = s.take(UInt8(ascii: "+"))
        guard let first = s.decimal() else { return nil }
        if s.atEnd { return Span.scaled(first, unitNanoseconds: 1_000_000_000) }
        var total = Span.zero
        var value: (whole: Int64, fraction: Int64, scale: Int64)? = first
        while let v = value {
            guard let unit = unitNanoseconds(&s) else { return nil }
            total = total + Span.scaled(v, unitNanoseconds: unit)
            if s.atEnd { return total }
            value = s.decimal()
        }
        return nil
    }

    private static func unitNanoseconds(_ s: inout HeaderScanner) -> Int64? {
        // µ is U+00B5 (C2 B5) or U+03BC (CE BC) in UTF-8; Go prints the former.
        if s.take(0xC2) { return s.take(0xB5) && s.take(UInt8(ascii: "s")) ? 1000 : nil }
        if s.take(0xCE) { return s.take(0xBC) && s.take(UInt8(ascii: "s")) ? 1000 : nil }
        switch String(decoding: s.word(), as: UTF8.self) {
        case "ns": return 1
        case "us": return 1000
        case "ms": return 1_000_000
        case "s": return 1_000_000_000
        case "m": return 60_000_000_000
        case "h": return 3_600_000_000_000
        default: return nil
        }
    }
}
