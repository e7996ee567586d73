/// A JSON string literal appended to a byte array: for stream encoders that write the
/// frequent events from a template instead of building a JSON tree per event. The bytes are
/// the writer's (`JSONWriter`): the same escapes, so a template and the tree it stands for
/// write the same text.
enum JSONString {
    static func append(_ string: String, to out: inout [UInt8]) {
        string.withUTF8Bytes { append(utf8: $0, to: &out) }
    }

    static func append(utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + utf8.count + 2)
        out.append(UInt8(ascii: "\""))
        guard let base = utf8.baseAddress else { return out.append(UInt8(ascii: "\"")) }
        let source = UnsafeRawPointer(base)
        var runStart = 0
        var i = 0
        while i < utf8.count {
            // Whole words without a byte to escape at once (the usual string is one copy).
            if i + 8 <= utf8.count, JSONWriter.escapeBytes(source.loadUnaligned(fromByteOffset: i, as: UInt64.self)) == 0 {
                i += 8
                continue
            }
            let b = utf8[i]
            if b < 0x20 || b == 0x22 || b == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                escape(b) { out.append($0) }
                runStart = i + 1
            }
            i += 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        out.append(UInt8(ascii: "\""))
    }

    private static let hex: StaticString = "0123456789abcdef"

    /// The escape of a byte JSON must escape (a quote, a backslash, a control character),
    /// handed to `write` byte by byte: the one table the writer and the templates share.
    @inline(__always)
    static func escape(_ b: UInt8, _ write: (UInt8) -> Void) {
        write(0x5C)
        switch b {
        case 0x22, 0x5C: write(b)
        case 0x0A: write(UInt8(ascii: "n"))
        case 0x0D: write(UInt8(ascii: "r"))
        case 0x09: write(UInt8(ascii: "t"))
        case 0x08: write(UInt8(ascii: "b"))
        case 0x0C: write(UInt8(ascii: "f"))
        default:
            let digits = hex.utf8Start
            write(UInt8(ascii: "u")); write(0x30); write(0x30); write(digits[Int(b >> 4)]); write(digits[Int(b & 0xF)])
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends a literal's bytes without making an array of them first.
    @inline(__always) mutating func append(static text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends an integer's decimal digits (as `String(value)` spells it), written back to
    /// front on the stack and appended at once.
    package mutating func append(decimal value: Int) {
        if value < 10, value >= 0 { append(UInt8(ascii: "0") + UInt8(value)); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            var magnitude = value.magnitude
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { start -= 1; digits[start] = UInt8(ascii: "-") }
            append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }
}
