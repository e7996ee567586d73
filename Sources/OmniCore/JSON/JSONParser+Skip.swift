/// Checking a value without building it: what the parser does for the values it keeps raw.
/// The checks are the parser's own (structure, escapes, surrogates, UTF-8, depth), so a raw
/// value is exactly as valid as a parsed one.
extension Cursor {
    static func isSchemaKey(_ key: String) -> Bool {
        switch key.utf8.count {
        case 6: return key == "schema"
        case 10: return key == "parameters"
        case 12: return key == "input_schema"
        case 14: return key == "responseSchema"
        case 15: return key == "response_schema"
        case 18: return key == "responseJsonSchema"
        case 20: return key == "parametersJsonSchema"
        case 22: return key == "parameters_json_schema" || key == "response_json_schema"
        default: return false
        }
    }

    /// The bytes of a checked value without the white space between tokens, so a raw value
    /// is written as compactly as a built one.
    func compactCopy(_ range: Range<Int>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(range.count)
        var inString = false
        var escaped = false
        var runStart = range.lowerBound
        for i in range {
            let byte = buffer[i]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case 0x20, 0x0A, 0x0D, 0x09:
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<i]))
                runStart = i + 1
            default: break
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<range.upperBound]))
        return out
    }

    mutating func skipValue(depth: Int) throws {
        guard offset < buffer.count else { throw error("expected a value, found end of input") }
        switch buffer[offset] {
        case UInt8(ascii: "{"):
            if depth + 1 > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
            offset += 1
            skipWhitespace()
            if offset < buffer.count, buffer[offset] == UInt8(ascii: "}") { offset += 1; return }
            while true {
                skipWhitespace()
                guard offset < buffer.count, buffer[offset] == UInt8(ascii: "\"") else {
                    throw error("expected a string key, found \(describeFound())")
                }
                let keyStart = offset + 1
                try skipString()
                let keyEnd = offset - 1
                let noted = noting == nil ? nil : noting!.index(of: UnsafeBufferPointer(rebasing: buffer[keyStart..<keyEnd]))
                skipWhitespace()
                guard offset < buffer.count, buffer[offset] == UInt8(ascii: ":") else {
                    throw error("expected ':' after object key, found \(describeFound())")
                }
                offset += 1
                skipWhitespace()
                let valueStart = offset
                try skipValue(depth: depth + 1)
                if let noted { noting!.found.append((noted, valueStart..<offset)) }
                if depth == 0, skippedMembers != nil {
                    skippedMembers!.append(JSONTopLevelMember(key: keyStart..<keyEnd, value: valueStart..<offset,
                                                              keyIsEscaped: UnsafeBufferPointer(rebasing: buffer[keyStart..<keyEnd]).contains(UInt8(ascii: "\\"))))
                }
                skipWhitespace()
                guard offset < buffer.count else { throw error("expected ',' or '}', found end of input") }
                let byte = buffer[offset]
                if byte == UInt8(ascii: ",") { offset += 1; continue }
                if byte == UInt8(ascii: "}") { offset += 1; return }
                throw error("expected ',' or '}', found \(describeFound())")
            }
        case UInt8(ascii: "["):
            if depth + 1 > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
            offset += 1
            skipWhitespace()
            if offset < buffer.count, buffer[offset] == UInt8(ascii: "]") { offset += 1; return }
            while true {
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard offset < buffer.count else { throw error("expected ',' or ']', found end of input") }
                let byte = buffer[offset]
                if byte == UInt8(ascii: ",") { offset += 1; continue }
                if byte == UInt8(ascii: "]") { offset += 1; return }
                throw error("expected ',' or ']', found \(describeFound())")
            }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        default: throw error("expected a value, found \(describeFound())")
        }
    }

    mutating func skipString() throws {
        let start = offset
        offset += 1
        let base = UnsafeRawPointer(buffer.baseAddress!)
        while true {
            // Plain ASCII words at once; a word with a quote, backslash, control or non-ASCII byte is walked.
            while offset + 8 <= buffer.count {
                let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let special = Self.specialBytes(word) | (word & 0x8080_8080_8080_8080)
                if special != 0 { offset += special.trailingZeroBitCount >> 3; break }
                offset += 8
            }
            guard offset < buffer.count else { throw error("unterminated string", at: start) }
            let byte = buffer[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return
            case UInt8(ascii: "\\"):
                offset += 1
                guard offset < buffer.count else { throw error("unterminated string", at: start) }
                let escape = buffer[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"):
                    var sink: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
                    _ = try withUnsafeMutableBytes(of: &sink) { try writeUnicodeEscape(to: $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
                default:
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'", at: offset - 2)
                }
            case 0..<0x20:
                throw error("unescaped control character in string")
            case 0x80...:
                offset += try utf8SequenceLength(at: offset)
            default:
                offset += 1
            }
        }
    }

    /// The length of the well-formed UTF-8 sequence starting at `i` (RFC 3629), or an error.
    func utf8SequenceLength(at i: Int) throws -> Int {
        let lead = buffer[i]
        func continuation(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            i + k < buffer.count && range.contains(buffer[i + k])
        }
        switch lead {
        case 0xC2...0xDF where continuation(1): return 2
        case 0xE0 where continuation(1, 0xA0...0xBF) && continuation(2): return 3
        case 0xE1...0xEC, 0xEE...0xEF: if continuation(1) && continuation(2) { return 3 }
        case 0xED where continuation(1, 0x80...0x9F) && continuation(2): return 3
        case 0xF0 where continuation(1, 0x90...0xBF) && continuation(2) && continuation(3): return 4
        case 0xF1...0xF3: if continuation(1) && continuation(2) && continuation(3) { return 4 }
        case 0xF4 where continuation(1, 0x80...0x8F) && continuation(2) && continuation(3): return 4
        default: break
        }
        throw error("invalid UTF-8 in string", at: i)
    }
}

/// Keys to note while values are skipped (at any depth, the top level included): which were
/// seen, and their values' ranges. Lets one checking pass over an answer also find the few
/// members that decide how it may be passed on.
struct KeyNotes {
    let keys: [[UInt8]]
    var found: [(key: Int, value: Range<Int>)] = []

    init(_ keys: [StaticString]) {
        self.keys = keys.map { Array(UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount)) }
    }

    /// The index of `key` (its bytes as written) among the noted keys.
    @inline(__always) func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        for (i, candidate) in keys.enumerated() where candidate.count == key.count && candidate.elementsEqual(key) { return i }
        return nil
    }
}
