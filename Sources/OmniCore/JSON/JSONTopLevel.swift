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

    /// `members`, and the members named `keys` found at any depth (written without escapes):
    /// the index of the key and the value's range, in the order they came.
    static func members(_ bytes: [UInt8], noting keys: KeyNotes) throws(JSONSyntaxError)
        -> (members: [JSONTopLevelMember], noted: [(key: Int, value: Range<Int>)])?
    {
        let (members, noted) = try members(bytes, maxDepth: JSONParser.defaultMaxDepth, notes: keys)
        return members.map { ($0, noted?.found ?? []) }
    }

    private static func members(_ bytes: [UInt8], maxDepth: Int, notes: KeyNotes?) throws(JSONSyntaxError) -> (members: [JSONTopLevelMember]?, noted: KeyNotes?) {
        try Cursor.read(bytes, maxDepth: maxDepth, keepSchemasRaw: false) { cursor in
            cursor.noting = notes
        } value: { cursor in
            // Only an object has members: another value is checked and reported as none.
            let isObject = cursor.offset < cursor.buffer.count && cursor.buffer[cursor.offset] == UInt8(ascii: "{")
            if isObject {
                cursor.skippedMembers = []
                cursor.skippedMembers!.reserveCapacity(12)
            }
            try cursor.skipValue(depth: 0)
            return (isObject ? cursor.skippedMembers : nil, cursor.noting)
        }
    }

    /// Whether the unescaped key of `member` is `name`.
    public static func key(_ member: JSONTopLevelMember, in bytes: [UInt8], is name: StaticString) -> Bool {
        !member.keyIsEscaped && bytes.withUnsafeBufferPointer { name.isSpelled(by: UnsafeBufferPointer(rebasing: $0[member.key])) }
    }
}
