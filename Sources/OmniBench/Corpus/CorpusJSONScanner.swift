/// A strict RFC 8259 JSON parser that remembers where every value sits in the
/// source bytes. The corpus loader needs the byte ranges so it can cut a nested
/// body (an Anthropic snapshot's `request.body`) out of a file without
/// re-serializing it, and the strictness so malformed files are skipped rather
/// than silently "fixed".
struct ScannedJSON {
    enum Value {
        case object([(key: String, value: ScannedJSON)])
        case array([ScannedJSON])
        case string(String)
        case number
        case bool(Bool)
        case null
    }

    var value: Value
    /// Byte range of this value (no surrounding whitespace) in the scanned buffer.
    var range: Range<Int>

    subscript(key: String) -> ScannedJSON? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }

    var string: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    var isObject: Bool {
        if case .object = value { return true }
        return false
    }

    var isNull: Bool {
        if case .null = value { return true }
        return false
    }
}

struct JSONScanError: Error, CustomStringConvertible {
    var offset: Int
    var message: String
    var description: String { "invalid JSON at byte \(offset): \(message)" }
}

struct CorpusJSONScanner {
    private let bytes: [UInt8]
    private var pos = 0
    private var depth = 0
    /// Deep enough for any real body; stops a hostile file from overflowing the stack.
    private static let maxDepth = 512

    /// Parses a whole document: one value, optional surrounding whitespace, nothing else.
    static func scan(_ bytes: [UInt8]) throws -> ScannedJSON {
        // Validate UTF-8 once up front so string decoding below can't hide bad bytes.
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw JSONScanError(offset: 0, message: "not valid UTF-8")
        }
        var scanner = CorpusJSONScanner(bytes: bytes)
        scanner.skipWhitespace()
        let value = try scanner.parseValue()
        scanner.skipWhitespace()
        guard scanner.pos == bytes.count else { throw scanner.error("trailing characters") }
        return value
    }

    /// True when `text` is exactly one RFC 8259 number (used to vet YAML number literals).
    static func isNumber(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        var scanner = CorpusJSONScanner(bytes: utf8)
        return (try? scanner.parseNumber()) != nil && scanner.pos == utf8.count
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func error(_ message: String) -> JSONScanError {
        JSONScanError(offset: pos, message: message)
    }

    private var current: UInt8? { pos < bytes.count ? bytes[pos] : nil }

    private mutating func skipWhitespace() {
        while let c = current, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { pos += 1 }
    }

    private mutating func expect(_ literal: String) throws {
        for b in literal.utf8 {
            guard current == b else { throw error("expected \(literal)") }
            pos += 1
        }
    }

    private mutating func parseValue() throws -> ScannedJSON {
        let start = pos
        let value: ScannedJSON.Value
        switch current {
        case UInt8(ascii: "{"): value = try parseObject()
        case UInt8(ascii: "["): value = try parseArray()
        case UInt8(ascii: "\""): value = .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); value = .bool(true)
        case UInt8(ascii: "f"): try expect("false"); value = .bool(false)
        case UInt8(ascii: "n"): try expect("null"); value = .null
        case .some(let c) where c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39):
            try parseNumber(); value = .number
        default: throw error("expected a value")
        }
        return ScannedJSON(value: value, range: start..<pos)
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("nesting too deep") }
    }

    private mutating func parseObject() throws -> ScannedJSON.Value {
        try enter()
        defer { depth -= 1 }
        pos += 1
        var members: [(key: String, value: ScannedJSON)] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") { pos += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a member name") }
            let key = try parseString()
            skipWhitespace()
            try expect(":")
            skipWhitespace()
            members.append((key, try parseValue()))
            skipWhitespace()
            if current == UInt8(ascii: ",") { pos += 1; continue }
            try expect("}")
            return .object(members)
        }
    }

    private mutating func parseArray() throws -> ScannedJSON.Value {
        try enter()
        defer { depth -= 1 }
        pos += 1
        var elements: [ScannedJSON] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { pos += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if current == UInt8(ascii: ",") { pos += 1; continue }
            try expect("]")
            return .array(elements)
        }
    }

    private mutating func parseDigits() throws {
        guard let c = current, c >= 0x30, c <= 0x39 else { throw error("expected a digit") }
        while let c = current, c >= 0x30, c <= 0x39 { pos += 1 }
    }

    private mutating func parseNumber() throws {
        if current == UInt8(ascii: "-") { pos += 1 }
        // RFC 8259: no leading zeros, so "0" stands alone.
        if current == UInt8(ascii: "0") { pos += 1 } else { try parseDigits() }
        if current == UInt8(ascii: ".") { pos += 1; try parseDigits() }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            pos += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { pos += 1 }
            try parseDigits()
        }
    }

    private mutating func parseString() throws -> String {
        pos += 1
        var out: [UInt8] = []
        while true {
            guard let c = current else { throw error("unterminated string") }
            pos += 1
            switch c {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &out)
            case 0x00..<0x20:
                throw error("control character in string")
            default:
                out.append(c)
            }
        }
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws {
        guard let c = current else { throw error("unterminated escape") }
        pos += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(c)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            // A high surrogate must be followed by an escaped low surrogate.
            if (0xD800..<0xDC00).contains(scalar) {
                try expect("\\u")
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw error("unpaired surrogate")
            }
            guard let u = Unicode.Scalar(scalar) else { throw error("bad \\u escape") }
            out.append(contentsOf: Array(String(Character(u)).utf8))
        default:
            throw error("bad escape")
        }
    }

    private mutating func parseHex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let c = current, let digit = Self.hexValue(c) else { throw error("bad \\u escape") }
            value = value << 4 | digit
            pos += 1
        }
        return value
    }

    private static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: UInt32(c - 0x30)
        case 0x41...0x46: UInt32(c - 0x41 + 10)
        case 0x61...0x66: UInt32(c - 0x61 + 10)
        default: nil
        }
    }
}
