/// A JSON value as the translation core sees it.
///
/// Objects keep their key order and duplicate keys (a pass-through must not reorder
/// what a client sent); numbers keep their literal text (`1.0` stays `1.0`, a 20-digit
/// id stays exact). Equality is structural and order-sensitive; use
/// `JSONDiff.firstDifference` for the order-insensitive comparison the bench needs.
public enum JSON: Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSON])
    case object(JSONObject)
    /// A value kept as its source bytes (a tool's JSON Schema, an embeddings answer's vectors
    /// on the hot path: passed on as they came, never built into a tree and written again). Read through
    /// `materialized`; the accessors below do that by themselves.
    case raw(RawJSON)

    /// This value with a raw value parsed into a tree.
    public var materialized: JSON { if case .raw(let r) = self { return r.parsed } else { return self } }

    public var objectValue: JSONObject? {
        switch self {
        case .object(let o): return o
        case .raw(let r): return r.parsed.objectValue
        default: return nil
        }
    }
    public var arrayValue: [JSON]? {
        switch self {
        case .array(let a): return a
        case .raw(let r): return r.parsed.arrayValue
        default: return nil
        }
    }
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var numberValue: JSONNumber? { if case .number(let n) = self { return n } else { return nil } }
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The name of this value's JSON type, for error messages ("expected string, found number").
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        case .raw(let r): return r.parsed.typeName
        }
    }

    public subscript(key: String) -> JSON? { objectValue?[key] }

    public static func int(_ value: Int) -> JSON { .number(JSONNumber(value)) }
}

extension JSON: Equatable {
    /// Structural equality; a raw value equals the tree it parses to.
    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        case (.raw(let a), .raw(let b)) where a.bytes == b.bytes: return true
        case (.raw, _), (_, .raw): return lhs.materialized == rhs.materialized
        default: return false
        }
    }
}

/// A JSON value as the bytes it was read from, already checked to be valid JSON.
public struct RawJSON: Sendable, Equatable {
    public let bytes: [UInt8]
    init(bytes: [UInt8]) { self.bytes = bytes }
    /// The tree (parsed on each call: raw values are rarely looked into).
    public var parsed: JSON { (try? JSONParser.parse(bytes)) ?? .null }

    /// Whether the bytes contain `text` (raw values are compact, so `"a":"b"` is matched as written).
    public func contains(_ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard let first = needle.first, needle.count <= bytes.count else { return false }
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == first, bytes[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    /// A `"type":"X…"` with an upper-case X: Gemini's enum spelling (`STRING`, `OBJECT`).
    var hasUpperCaseType: Bool {
        let needle = Array(#""type":""#.utf8)
        var i = 0
        while i + needle.count < bytes.count {
            if bytes[i] == UInt8(ascii: "\""), bytes[i..<(i + needle.count)].elementsEqual(needle),
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[i + needle.count])
            {
                return true
            }
            i += 1
        }
        return false
    }
}

/// A JSON number kept as its literal text.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    public let literal: String
    /// `literal` must be a valid JSON number; the parser guarantees it for parsed values.
    public init(literal: String) { self.literal = literal }
    public init(_ value: Int) { self.literal = String(value) }
    public var intValue: Int? {
        if let i = Int(literal) { return i }
        // `12.0` is a whole number too (some clients write token counts that way).
        // Exponent forms are not read as integers; no floating point, so no libm here.
        guard let dot = literal.firstIndex(of: "."), literal[literal.index(after: dot)...].allSatisfy({ $0 == "0" }) else { return nil }
        return Int(literal[..<dot])
    }
    public var doubleValue: Double? { Double(literal) }
    public var description: String { literal }
}

/// An ordered JSON object.
public struct JSONObject: Sendable, Equatable, Sequence {
    public struct Field: Sendable, Equatable {
        public var key: String
        public var value: JSON
        public init(_ key: String, _ value: JSON) { self.key = key; self.value = value }
    }

    public var fields: [Field]

    public init() { fields = [] }
    public init(_ fields: [Field]) { self.fields = fields }
    public init(_ pairs: KeyValuePairs<String, JSON>) { fields = pairs.map { Field($0.key, $0.value) } }

    public var isEmpty: Bool { fields.isEmpty }
    public var count: Int { fields.count }
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The value of the first field named `key`. Objects here are small; a linear scan
    /// beats hashing for the dozen keys a request has.
    public subscript(key: String) -> JSON? {
        get {
            // By index, comparing keys in place: `for field in fields` copied out every key
            // and value it passed (a retain and a release each), ~40 % of a response decode.
            for i in fields.indices where Self.sameKey(fields[i].key, key) { return fields[i].value }
            return nil
        }
        set {
            if let i = fields.firstIndex(where: { $0.key == key }) {
                if let newValue { fields[i].value = newValue } else { fields.remove(at: i) }
            } else if let newValue {
                fields.append(Field(key, newValue))
            }
        }
    }

    public mutating func append(_ key: String, _ value: JSON) {
        // Objects built by the encoders start from a small literal and grow by a few fields:
        // go to 4 at once instead of 1 → 2 → 4.
        if fields.count == fields.capacity, fields.count < 4 { fields.reserveCapacity(4) }
        fields.append(Field(key, value))
    }

    /// Appends the field only when there is a value: the encoders write minimal objects.
    public mutating func append(_ key: String, _ value: JSON?) {
        if let value { append(key, value) }
    }

    /// The fields whose keys are not in `known`: what a codec keeps as extras. A known key
    /// whose value is `null` is kept too (the IR reads it as absent, and the same format
    /// must get its `null` back); `content` is the exception, its shape is a hint of its own.
    public func removing(_ known: [String]) -> JSONObject {
        // Usually nothing is left: then no array is allocated at all.
        var kept: [Field] = []
        for i in fields.indices where !Self.contains(known, fields[i].key) || (fields[i].value.isNull && fields[i].key != "content") {
            if kept.isEmpty { kept.reserveCapacity(fields.count) }
            kept.append(fields[i])
        }
        return JSONObject(kept)
    }

    /// `list.contains(key)` without copying each element out (see the subscript).
    @inline(__always) static func contains(_ list: [String], _ key: String) -> Bool {
        for i in list.indices where sameKey(list[i], key) { return true }
        return false
    }

    /// Whether two keys are the same: lengths first, since a key of another length is another
    /// key and String's `==` on two different strings went the long (Unicode) way, 24 times
    /// per simulated request. (So a canonically equivalent spelling of another length no
    /// longer matches: a key written with U+212A KELVIN SIGN is not "K", as JSON, which
    /// compares code points, means it; `==` alone said it was.)
    @inline(__always) static func sameKey(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a == b
    }

    /// An empty object with room for `capacity` fields (encoders know roughly how many they write).
    public init(capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(JSONObject(literal: elements))
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(literal: elements)
    }

    /// The encoders often start from a literal of one or two fields and append a few: room
    /// for four at once (exactly the literal's count made the first append reallocate).
    init(literal elements: [(String, JSON)]) {
        var fields: [Field] = []
        fields.reserveCapacity(Swift.max(elements.count, 4))
        for (key, value) in elements { fields.append(Field(key, value)) }
        self.init(fields)
    }
}
