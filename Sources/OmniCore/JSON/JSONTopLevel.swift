/// The members of a top-level JSON object as byte ranges, each value checked by the parser's
/// own rules (structure, escapes, UTF-8, depth) without being built. What the same-format
/// pass-through needs: replace one value (the model) and read one other (the usage) of a body
/// it otherwise relays exactly as it came.
public struct JSONTopLevelMember: Sendable, Equatable {
    /// The key's bytes between its quotes, as written (escapes not decoded).
    public var key: Range<Int>
    public var value: Range<Int>
    /// Whether the key holds a backslash: its bytes are then not its text.
    public var keyIsEscaped: Bool
}

public enum JSONTopLevel {
    /// The members in order, or nil when the text is valid JSON but not an object. Throws what
    /// `JSONParser.parse` would throw for the same bytes.
    public static func members(_ bytes: [UInt8], maxDepth: Int = JSONParser.defaultMaxDepth) throws(JSONSyntaxError) -> [JSONTopLevelMember]? {
        try members(bytes, maxDepth: maxDepth, notes: nil).members
    }

    /// `members`, and the members named `keys` found below the top level (written without
    /// escapes): the index of the key and the value's range, in the order they came.
    static func members(_ bytes: [UInt8], noting keys: KeyNotes) throws(JSONSyntaxError)
        -> (members: [JSONTopLevelMember], noted: [(key: Int, value: Range<Int>)])?
    {
        let (members, noted) = try members(bytes, maxDepth: JSONParser.defaultMaxDepth, notes: keys)
        return members.map { ($0, noted?.found ?? []) }
    }

    private static func members(_ bytes: [UInt8], maxDepth: Int, notes: KeyNotes?) throws(JSONSyntaxError) -> (members: [JSONTopLevelMember]?, noted: KeyNotes?) {
        let result: Result<([JSONTopLevelMember]?, KeyNotes?), JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var cursor = Cursor(buffer: buffer, maxDepth: maxDepth, keepSchemasRaw: false)
            cursor.noting = notes
            defer { cursor.release() }
            do {
                cursor.skipWhitespace()
                if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                    throw cursor.error("a byte order mark is not allowed in JSON")
                }
                guard cursor.offset < buffer.count, buffer[cursor.offset] == UInt8(ascii: "{") else {
                    try cursor.skipValue(depth: 0)
                    try cursor.expectEnd()
                    return .success((nil, nil))
                }
                let members = try cursor.topLevelMembers()
                try cursor.expectEnd()
                return .success((members, cursor.noting))
            } catch let error as JSONSyntaxError {
                return .failure(error)
            } catch {
                return .failure(cursor.error("\(error)"))
            }
        }
        return try result.get()
    }

    /// Whether the unescaped key of `member` is `name`.
    public static func key(_ member: JSONTopLevelMember, in bytes: [UInt8], is name: StaticString) -> Bool {
        guard !member.keyIsEscaped, member.key.count == name.utf8CodeUnitCount else { return false }
        let start = name.utf8Start
        for (i, position) in member.key.enumerated() where bytes[position] != start[i] { return false }
        return true
    }
}

extension Cursor {
    mutating func expectEnd() throws {
        skipWhitespace()
        if offset != buffer.count { throw error("unexpected data after the JSON value") }
    }

    /// At the `{` of the top-level object: its members, and the cursor after its `}`.
    mutating func topLevelMembers() throws -> [JSONTopLevelMember] {
        if 1 > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        offset += 1
        var members: [JSONTopLevelMember] = []
        members.reserveCapacity(12)
        skipWhitespace()
        if offset < buffer.count, buffer[offset] == UInt8(ascii: "}") { offset += 1; return members }
        while true {
            skipWhitespace()
            guard offset < buffer.count, buffer[offset] == UInt8(ascii: "\"") else {
                throw error("expected a string key, found \(describeFound())")
            }
            let keyStart = offset + 1
            try skipString()
            let key = keyStart..<(offset - 1)
            let escaped = UnsafeBufferPointer(rebasing: buffer[key]).contains(UInt8(ascii: "\\"))
            skipWhitespace()
            guard offset < buffer.count, buffer[offset] == UInt8(ascii: ":") else {
                throw error("expected ':' after object key, found \(describeFound())")
            }
            offset += 1
            skipWhitespace()
            let valueStart = offset
            try skipValue(depth: 1)
            members.append(JSONTopLevelMember(key: key, value: valueStart..<offset, keyIsEscaped: escaped))
            skipWhitespace()
            guard offset < buffer.count else { throw error("expected ',' or '}', found end of input") }
            let byte = buffer[offset]
            offset += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "}") { return members }
            offset -= 1
            throw error("expected ',' or '}', found \(describeFound())")
        }
    }
}
