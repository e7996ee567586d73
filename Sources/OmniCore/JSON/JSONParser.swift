/// A malformed JSON text: where (byte offset, line, column) and what was wrong.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "invalid JSON at line \(line), column \(column) (byte \(offset)): \(message)" }
}

/// A single-pass JSON parser over UTF-8 bytes (RFC 8259).
///
/// Hand-written because the translation hot path must stay far below Foundation's
/// `JSONDecoder` cost (FACTS.md: ≈ 41 µs for 4.8 KB; our whole translate budget is 20 µs).
/// It rejects invalid UTF-8, lone surrogate escapes, nesting deeper than `maxDepth`,
/// and anything after the top-level value.
public struct JSONParser {
    public static let defaultMaxDepth = 512

    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSON {
        let result: Result<JSON, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = Cursor(buffer: buffer, maxDepth: maxDepth)
            do {
                parser.skipWhitespace()
                if parser.offset == 0, buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                    throw parser.error("a byte order mark is not allowed in JSON")
                }
                let value = try parser.parseValue(depth: 0)
                parser.skipWhitespace()
                if parser.offset != buffer.count { throw parser.error("unexpected data after the JSON value") }
                return .success(value)
            } catch let error as JSONSyntaxError {
                return .failure(error)
            } catch {
                return .failure(parser.error("\(error)"))
            }
        }
        return try result.get()
    }

    public static func parse(_ string: String) throws(JSONSyntaxError) -> JSON {
        try parse(Array(string.utf8))
    }
}

private struct Cursor {
    let buffer: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var offset = 0

    init(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.buffer = buffer
        self.maxDepth = maxDepth
    }

    func error(_ message: String, at position: Int? = nil) -> JSONSyntaxError {
        let end = min(position ?? offset, buffer.count)
        var line = 1, column = 1
        for i in 0..<end {
            if buffer[i] == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return JSONSyntaxError(offset: end, line: line, column: column, message: message)
    }

    @inline(__always) mutating func skipWhitespace() {
        while offset < buffer.count {
            switch buffer[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    func describeFound() -> String {
        guard offset < buffer.count else { return "end of input" }
        let byte = buffer[offset]
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    mutating func parseValue(depth: Int) throws -> JSON {
        guard offset < buffer.count else { throw error("expected a value, found end of input") }
        switch buffer[offset] {
        case UInt8(ascii: "{"): return .object(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try parseArray(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("expected a value, found \(describeFound())")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= buffer.count else { throw error("expected '\(literal)', found end of input") }
        let start = literal.utf8Start
        for i in 0..<count where buffer[offset + i] != start[i] {
            throw error("expected '\(literal)'", at: offset + i)
        }
        offset += count
    }

    mutating func parseObject(depth: Int) throws -> JSONObject {
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        offset += 1  // {
        var fields: [JSONObject.Field] = []
        skipWhitespace()
        if offset < buffer.count, buffer[offset] == UInt8(ascii: "}") { offset += 1; return JSONObject(fields) }
        while true {
            skipWhitespace()
            guard offset < buffer.count, buffer[offset] == UInt8(ascii: "\"") else {
                throw error("expected a string key, found \(describeFound())")
            }
            let key = try parseString()
            skipWhitespace()
            guard offset < buffer.count, buffer[offset] == UInt8(ascii: ":") else {
                throw error("expected ':' after object key, found \(describeFound())")
            }
            offset += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            fields.append(JSONObject.Field(key, value))
            skipWhitespace()
            guard offset < buffer.count else { throw error("expected ',' or '}', found end of input") }
            let byte = buffer[offset]
            offset += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "}") { return JSONObject(fields) }
            offset -= 1
            throw error("expected ',' or '}', found \(describeFound())")
        }
    }

    mutating func parseArray(depth: Int) throws -> [JSON] {
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        offset += 1  // [
        var elements: [JSON] = []
        skipWhitespace()
        if offset < buffer.count, buffer[offset] == UInt8(ascii: "]") { offset += 1; return elements }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard offset < buffer.count else { throw error("expected ',' or ']', found end of input") }
            let byte = buffer[offset]
            offset += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "]") { return elements }
            offset -= 1
            throw error("expected ',' or ']', found \(describeFound())")
        }
    }

    mutating func parseNumber() throws -> JSONNumber {
        let start = offset
        if buffer[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < buffer.count else { throw error("expected a digit, found end of input") }
        if buffer[offset] == UInt8(ascii: "0") {
            offset += 1
        } else if isDigit(buffer[offset]) {
            while offset < buffer.count, isDigit(buffer[offset]) { offset += 1 }
        } else {
            throw error("expected a digit, found \(describeFound())")
        }
        if offset < buffer.count, buffer[offset] == UInt8(ascii: ".") {
            offset += 1
            guard offset < buffer.count, isDigit(buffer[offset]) else {
                throw error("expected a digit after '.', found \(describeFound())")
            }
            while offset < buffer.count, isDigit(buffer[offset]) { offset += 1 }
        }
        if offset < buffer.count, buffer[offset] == UInt8(ascii: "e") || buffer[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < buffer.count, buffer[offset] == UInt8(ascii: "+") || buffer[offset] == UInt8(ascii: "-") {
                offset += 1
            }
            guard offset < buffer.count, isDigit(buffer[offset]) else {
                throw error("expected a digit in the exponent, found \(describeFound())")
            }
            while offset < buffer.count, isDigit(buffer[offset]) { offset += 1 }
        }
        // Number literals are ASCII: this never fails and stays a small (inline) string
        // for up to 15 bytes.
        let literal = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<offset]), as: UTF8.self)
        return JSONNumber(literal: literal)
    }

    @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    mutating func parseString() throws -> String {
        offset += 1  // opening quote
        let start = offset
        var ascii = true
        // Fast path: no escapes. Scan to the closing quote.
        while offset < buffer.count {
            let byte = buffer[offset]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: buffer[start..<offset])
                offset += 1
                if ascii { return String(decoding: slice, as: UTF8.self) }
                guard let string = String(validating: slice, as: UTF8.self) else {
                    throw error("invalid UTF-8 in string", at: start + firstInvalidUTF8(slice))
                }
                return string
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw error("unescaped control character in string") }
            if byte >= 0x80 { ascii = false }
            offset += 1
        }
        throw error("unterminated string", at: start - 1)
    }

    /// The slow path: decode escapes into a byte buffer, then validate it as UTF-8.
    mutating func parseEscapedString(from start: Int) throws -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(offset - start + 16)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<offset]))
        while offset < buffer.count {
            let byte = buffer[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                guard let string = String(validating: bytes, as: UTF8.self) else {
                    throw error("invalid UTF-8 in string", at: start)
                }
                return string
            case UInt8(ascii: "\\"):
                offset += 1
                guard offset < buffer.count else { break }
                let escape = buffer[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""): bytes.append(0x22)
                case UInt8(ascii: "\\"): bytes.append(0x5C)
                case UInt8(ascii: "/"): bytes.append(0x2F)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"): try appendUnicodeEscape(to: &bytes)
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'", at: offset - 2)
                }
            default:
                if byte < 0x20 { throw error("unescaped control character in string") }
                bytes.append(byte)
                offset += 1
            }
        }
        throw error("unterminated string", at: start - 1)
    }

    mutating func readHex4() throws -> UInt32 {
        guard offset + 4 <= buffer.count else { throw error("expected 4 hex digits after \\u") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = buffer[offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("expected a hex digit in \\u escape, found \(describeFound())")
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    mutating func appendUnicodeEscape(to bytes: inout [UInt8]) throws {
        let escapeStart = offset - 2
        var scalar = try readHex4()
        if (0xD800...0xDBFF).contains(scalar) {
            guard offset + 6 <= buffer.count, buffer[offset] == UInt8(ascii: "\\"), buffer[offset + 1] == UInt8(ascii: "u")
            else { throw error("a high surrogate escape must be followed by a low surrogate", at: escapeStart) }
            offset += 2
            let low = try readHex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error("a high surrogate escape must be followed by a low surrogate", at: escapeStart)
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw error("a lone low surrogate escape is not a character", at: escapeStart)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape", at: escapeStart) }
        bytes.append(contentsOf: UTF8.encode(unicode)!)
    }

    /// Where the first invalid UTF-8 sequence starts, for the error position.
    func firstInvalidUTF8(_ slice: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        var decoder = UTF8()
        var iterator = slice.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): i += UTF8.width(s)
            case .emptyInput: return i
            case .error: return i
            }
        }
    }
}
