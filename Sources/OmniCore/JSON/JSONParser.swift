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

    /// `keepingSchemasRaw`: JSON Schemas (the values of `parameters`, `input_schema`,
    /// `schema`, `responseSchema`, …) are checked but kept as their bytes (`JSON.raw`): the
    /// translation hot path passes them on untouched, and they are most of a tool-heavy request.
    ///
    /// `skippingTopLevel`: keys of the top-level object whose values are checked but not kept
    /// (a stream decoder that has read a chunk's id and model once needs them no more).
    ///
    /// `keepingTopLevelRaw`: keys of the top-level object whose values are checked but kept as
    /// their bytes (an embeddings answer's vectors: thousands of numbers passed on as they came).
    public static func parse(
        _ bytes: [UInt8], maxDepth: Int = defaultMaxDepth, keepingSchemasRaw: Bool = false, skippingTopLevel: [String] = [],
        keepingTopLevelRaw: [String] = []
    ) throws(JSONSyntaxError) -> JSON {
        try Cursor.read(bytes, maxDepth: maxDepth, keepSchemasRaw: keepingSchemasRaw) { parser in
            parser.skippedKeys = skippingTopLevel
            parser.rawKeys = keepingTopLevelRaw
        } value: { parser in
            try parser.parseValue(depth: 0)
        }
    }

    /// `parse`, and where each member of a top-level object sits in `bytes` (its value's
    /// range, in the order of the object's fields): what lets the same-format pass-through
    /// write over the model in the client's own bytes without reading them again.
    public static func parseWithSpans(_ bytes: [UInt8], keepingSchemasRaw: Bool = false) throws(JSONSyntaxError) -> (json: JSON, spans: [Range<Int>]) {
        try Cursor.read(bytes, maxDepth: defaultMaxDepth, keepSchemasRaw: keepingSchemasRaw) { parser in
            parser.topLevelSpans = []
        } value: { parser in
            (try parser.parseValue(depth: 0), parser.topLevelSpans ?? [])
        }
    }

    public static func parse(_ string: String) throws(JSONSyntaxError) -> JSON {
        try parse(Array(string.utf8))
    }
}

struct Cursor {
    let buffer: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var offset = 0
    var fields = ScratchStack<JSONObject.Field>()
    var elements = ScratchStack<JSON>()
    var scratch = ScratchBytes()
    let keepSchemasRaw: Bool
    /// Set when `skipWhitespace` skipped anything: a raw value read without it needs no compacting.
    var skippedSpace = false
    var skippedKeys: [String] = []
    var rawKeys: [String] = []
    /// When set, the value ranges of the top-level object's members are appended to it.
    var topLevelSpans: [Range<Int>]?
    /// When set, skipped values note these keys (`JSONTopLevel.members(_:noting:)`).
    var noting: KeyNotes?
    /// When set, a skipped top-level object's members are appended to it (`JSONTopLevel`).
    var skippedMembers: [JSONTopLevelMember]?

    init(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int, keepSchemasRaw: Bool) {
        self.buffer = buffer
        self.maxDepth = maxDepth
        self.keepSchemasRaw = keepSchemasRaw
    }

    /// The one way into the parser for every reader of whole texts: no byte order mark, one
    /// value (read by `value` on a cursor `configure` set up), nothing after it, and any error
    /// as a `JSONSyntaxError` with its position.
    static func read<T>(_ bytes: [UInt8], maxDepth: Int, keepSchemasRaw: Bool, configure: (inout Cursor) -> Void,
                        value: (inout Cursor) throws -> T) throws(JSONSyntaxError) -> T {
        let result: Result<T, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var cursor = Cursor(buffer: buffer, maxDepth: maxDepth, keepSchemasRaw: keepSchemasRaw)
            configure(&cursor)
            defer { cursor.release() }
            do {
                cursor.skipWhitespace()
                if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                    throw cursor.error("a byte order mark is not allowed in JSON")
                }
                let read = try value(&cursor)
                cursor.skipWhitespace()
                if cursor.offset != buffer.count { throw cursor.error("unexpected data after the JSON value") }
                return .success(read)
            } catch let error as JSONSyntaxError {
                return .failure(error)
            } catch {
                return .failure(cursor.error("\(error)"))
            }
        }
        return try result.get()
    }

    func error(_ message: String, at position: Int? = nil) -> JSONSyntaxError {
        let end = min(position ?? offset, buffer.count)
        var line = 1, column = 1
        for i in 0..<end {
            if buffer[i] == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return JSONSyntaxError(offset: end, line: line, column: column, message: message)
    }

    mutating func release() {
        fields.release()
        elements.release()
        scratch.release()
    }

    @inline(__always) mutating func skipWhitespace() {
        while offset < buffer.count {
            switch buffer[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1; skippedSpace = true
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
        let start = fields.count
        skipWhitespace()
        if offset < buffer.count, buffer[offset] == UInt8(ascii: "}") { offset += 1; return JSONObject() }
        // On an error the members read so far are dropped from the scratch stack.
        var done = false
        defer { if !done { fields.pop(to: start) } }
        while true {
            skipWhitespace()
            guard offset < buffer.count, buffer[offset] == UInt8(ascii: "\"") else {
                throw error("expected a string key, found \(describeFound())")
            }
            let key = try parseKey()
            skipWhitespace()
            guard offset < buffer.count, buffer[offset] == UInt8(ascii: ":") else {
                throw error("expected ':' after object key, found \(describeFound())")
            }
            offset += 1
            skipWhitespace()
            let value: JSON
            let valueStart = offset
            if depth == 1, !skippedKeys.isEmpty, JSONObject.contains(skippedKeys, key) {
                try skipValue(depth: depth)
                if try closesObject() { done = true; return JSONObject(fields.popArray(from: start)) }
                continue
            } else if (keepSchemasRaw && offset < buffer.count && buffer[offset] == UInt8(ascii: "{") && Self.isSchemaKey(key))
                        || (depth == 1 && !rawKeys.isEmpty && JSONObject.contains(rawKeys, key)) {
                skippedSpace = false
                try skipValue(depth: depth)
                let range = valueStart..<offset
                value = .raw(RawJSON(bytes: skippedSpace ? compactCopy(range) : Array(UnsafeBufferPointer(rebasing: buffer[range]))))
            } else {
                value = try parseValue(depth: depth)
            }
            if depth == 1, topLevelSpans != nil { topLevelSpans!.append(valueStart..<offset) }
            fields.push(JSONObject.Field(key, value))
            if try closesObject() { done = true; return JSONObject(fields.popArray(from: start)) }
        }
    }

    /// After an object member: true at `}`, false at `,` (another member follows).
    @inline(__always)
    private mutating func closesObject() throws -> Bool {
        skipWhitespace()
        guard offset < buffer.count else { throw error("expected ',' or '}', found end of input") }
        let byte = buffer[offset]
        offset += 1
        if byte == UInt8(ascii: ",") { return false }
        if byte == UInt8(ascii: "}") { return true }
        offset -= 1
        throw error("expected ',' or '}', found \(describeFound())")
    }

    mutating func parseArray(depth: Int) throws -> [JSON] {
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        offset += 1  // [
        let start = elements.count
        skipWhitespace()
        if offset < buffer.count, buffer[offset] == UInt8(ascii: "]") { offset += 1; return [] }
        var done = false
        defer { if !done { elements.pop(to: start) } }
        while true {
            skipWhitespace()
            elements.push(try parseValue(depth: depth))
            skipWhitespace()
            guard offset < buffer.count else { throw error("expected ',' or ']', found end of input") }
            let byte = buffer[offset]
            offset += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "]") { done = true; return elements.popArray(from: start) }
            offset -= 1
            throw error("expected ',' or ']', found \(describeFound())")
        }
    }

    mutating func parseNumber() throws -> JSONNumber {
        let start = offset
        try skipNumber()
        // Number literals are ASCII: this never fails and stays a small (inline) string
        // for up to 15 bytes.
        let literal = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<offset]), as: UTF8.self)
        return JSONNumber(literal: literal)
    }

    /// Steps over a number, checking its grammar (what a skipped value needs of it).
    mutating func skipNumber() throws {
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
    }

    @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Whether any byte of `word` is `"`, `\` or below 0x20 (SWAR: a byte is zero after
    /// XOR with the pattern, or below 0x20, exactly when its high bit survives the mask).
    /// The high bit of every byte of `word` that may be special; the *lowest* one set is
    /// exactly the first special byte (a borrow can only flag bytes above a real one), so
    /// `trailingZeroBitCount / 8` is its index (little-endian).
    @inline(__always) static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = (word &- ones &* 0x20) & ~word
        return (zeroQuote | zeroBackslash | control) & highs
    }

    /// An object key: a known one of the four formats comes back as a literal.
    @inline(__always) mutating func parseKey() throws -> String {
        let start = offset + 1
        var end = start
        while end < buffer.count, end - start <= 16 {
            let byte = buffer[end]
            if byte == UInt8(ascii: "\"") {
                if let known = KnownKeys.lookup(UnsafeRawPointer(buffer.baseAddress! + start), end - start) {
                    offset = end + 1
                    return known
                }
                break
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            end += 1
        }
        return try parseString()
    }

    mutating func parseString() throws -> String {
        offset += 1  // opening quote
        let start = offset
        var ascii = true
        // Fast path: 8 bytes at a time while none of them is a quote, a backslash or a
        // control character (the common case: long runs of plain text).
        let base = UnsafeRawPointer(buffer.baseAddress!)
        var highBits: UInt64 = 0
        while offset + 8 <= buffer.count {
            let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let special = Self.specialBytes(word)
            if special != 0 {
                // Jump to the special byte; the plain bytes before it still count for ASCII-ness.
                let plain = special.trailingZeroBitCount >> 3
                if plain > 0 { highBits |= word & (UInt64.max >> UInt64(64 - 8 * plain)) }
                offset += plain
                break
            }
            highBits |= word
            offset += 8
        }
        if highBits & 0x8080_8080_8080_8080 != 0 { ascii = false }
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

    /// The slow path: decode escapes into the parse's scratch buffer (an unescaped string is
    /// never longer than its source), then validate the result as UTF-8 once.
    mutating func parseEscapedString(from start: Int) throws -> String {
        // Find the closing quote first: its distance bounds the decoded length.
        var end = offset
        while end < buffer.count {
            let byte = buffer[end]
            if byte == UInt8(ascii: "\"") { break }
            end += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        // Without a closing quote, decode to the end: an error inside (a bad escape) is
        // reported where it is, and only then the missing quote.
        let out = scratch.reserve(end - start)
        var n = offset - start
        out.update(from: buffer.baseAddress! + start, count: n)
        while offset < end {
            let byte = buffer[offset]
            if byte == UInt8(ascii: "\\") {
                offset += 1
                guard offset < buffer.count else { break }
                let escape = buffer[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""): out[n] = 0x22
                case UInt8(ascii: "\\"): out[n] = 0x5C
                case UInt8(ascii: "/"): out[n] = 0x2F
                case UInt8(ascii: "b"): out[n] = 0x08
                case UInt8(ascii: "f"): out[n] = 0x0C
                case UInt8(ascii: "n"): out[n] = 0x0A
                case UInt8(ascii: "r"): out[n] = 0x0D
                case UInt8(ascii: "t"): out[n] = 0x09
                case UInt8(ascii: "u"):
                    n += try writeUnicodeEscape(to: out + n)
                    continue
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'", at: offset - 2)
                }
                n += 1
                continue
            }
            if byte < 0x20 { throw error("unescaped control character in string") }
            // Copy the run up to the next backslash or control character at once.
            let runStart = offset
            offset += 1
            while offset < end, buffer[offset] != UInt8(ascii: "\\"), buffer[offset] >= 0x20 { offset += 1 }
            (out + n).update(from: buffer.baseAddress! + runStart, count: offset - runStart)
            n += offset - runStart
        }
        guard end < buffer.count else { throw error("unterminated string", at: start - 1) }
        offset = end + 1
        guard let string = String(validating: UnsafeBufferPointer(start: out, count: n), as: UTF8.self) else {
            // Point at the first bad byte of the source (escapes themselves are ASCII).
            var i = start
            while i < end, buffer[i] < 0x80 || (try? utf8SequenceLength(at: i)) != nil {
                i += buffer[i] < 0x80 ? 1 : (try? utf8SequenceLength(at: i)) ?? 1
            }
            throw error("invalid UTF-8 in string", at: i)
        }
        return string
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

    /// Decodes `\uXXXX` (and a following low surrogate) as UTF-8 at `out`; returns the byte count.
    mutating func writeUnicodeEscape(to out: UnsafeMutablePointer<UInt8>) throws -> Int {
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
        var n = 0
        for byte in UTF8.encode(unicode)! { out[n] = byte; n += 1 }
        return n
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
