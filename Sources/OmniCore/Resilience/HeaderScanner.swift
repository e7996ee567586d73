/// A cursor over the ASCII bytes of a header value, for the small hand-written readers of
/// this folder (HTTP dates, RFC 3339 timestamps, Go durations). The core has no Foundation
/// and no `DateFormatter`, and these formats are small enough to read by hand.
struct HeaderScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ text: String) {
        var bytes = Array(text.utf8)
        // Header values arrive with optional whitespace around them (RFC 9110 §5.5).
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        self.bytes = Array(bytes[start...])
    }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// Takes `byte` in either ASCII case.
    mutating func takeIgnoringCase(_ byte: UInt8) -> Bool {
        guard let b = peek, b | 0x20 == byte | 0x20 else { return false }
        index += 1
        return true
    }

    /// Exactly `count` decimal digits as a number, or nil (and the cursor unmoved).
    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for i in index..<(index + count) {
            let b = bytes[i]
            guard b >= 0x30, b <= 0x39 else { return nil }
            value = value * 10 + Int(b - 0x30)
        }
        index += count
        return value
    }

    /// One or more decimal digits (at most 18, so the value fits).
    mutating func number() -> Int64? {
        var value: Int64 = 0
        var count = 0
        while let b = peek, b >= 0x30, b <= 0x39 {
            guard count < 18 else { return nil }
            value = value * 10 + Int64(b - 0x30)
            count += 1
            index += 1
        }
        return count > 0 ? value : nil
    }

    /// A run of ASCII letters.
    mutating func word() -> [UInt8] {
        let start = index
        while let b = peek, (b | 0x20) >= 0x61, (b | 0x20) <= 0x7A { index += 1 }
        return Array(bytes[start..<index])
    }

    mutating func skipSpaces() { while peek == 0x20 { index += 1 } }

    /// A non-negative decimal (`12`, `1.5`, `.5`, `3.`) as nanoseconds-per-unit arithmetic
    /// needs it: the integer part and the fraction as numerator/denominator, so that
    /// `0.001` seconds is exactly one millisecond (no binary floating point).
    mutating func decimal() -> (whole: Int64, fraction: Int64, scale: Int64)? {
        let start = index
        var whole: Int64 = 0, fraction: Int64 = 0, scale: Int64 = 1
        var digitsSeen = 0
        while let b = peek, b >= 0x30, b <= 0x39 {
            // Saturate instead of overflowing; such a value is "forever" anyway.
            whole = whole.saturatingMultiply(10).saturatingAdd(Int64(b - 0x30))
            digitsSeen += 1
            index += 1
        }
        if take(UInt8(ascii: ".")) {
            while let b = peek, b >= 0x30, b <= 0x39 {
                // Digits past nanosecond precision change nothing; skip them.
                if scale < 1_000_000_000_000 { fraction = fraction * 10 + Int64(b - 0x30); scale *= 10 }
                digitsSeen += 1
                index += 1
            }
        }
        guard digitsSeen > 0 else { index = start; return nil }
        return (whole, fraction, scale)
    }
}

extension Span {
    /// `value` units of `unitNanoseconds` each, from a scanned decimal, saturating.
    static func scaled(_ value: (whole: Int64, fraction: Int64, scale: Int64), unitNanoseconds: Int64) -> Span {
        let whole = value.whole.saturatingMultiply(unitNanoseconds)
        // fraction/scale < 1, so fraction × unit / scale < unit fits; the product may not,
        // hence the double-width multiply.
        let product = value.fraction.multipliedFullWidth(by: unitNanoseconds)
        let part = value.scale.dividingFullWidth(product).quotient
        return Span(nanoseconds: whole.saturatingAdd(part))
    }
}
