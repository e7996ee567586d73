import Foundation

/// Arbitrary JSON for the Foundation baseline (tool schemas, tool-call arguments).
///
/// Codable has no "what type is next?" query, so decoding probes: `decodeNil` (never
/// throws), then the most common types first (string, object, array, bool, number), so
/// that a schema costs as few failed probes (thrown `DecodingError`s) as possible.
/// This is the fastest honest way to hold opaque JSON in typed Codable structs.
enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null; return }
        if let s = try? single.decode(String.self) { self = .string(s); return }
        if let keyed = try? decoder.container(keyedBy: Key.self) {
            var object: [String: JSONValue] = [:]
            object.reserveCapacity(keyed.allKeys.count)
            for key in keyed.allKeys { object[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key) }
            self = .object(object)
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var array: [JSONValue] = []
            if let count = unkeyed.count { array.reserveCapacity(count) }
            while !unkeyed.isAtEnd { array.append(try unkeyed.decode(JSONValue.self)) }
            self = .array(array)
            return
        }
        if let b = try? single.decode(Bool.self) { self = .bool(b); return }
        self = .number(try single.decode(Double.self))
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .number(let n):
            var c = encoder.singleValueContainer()
            try c.encode(n)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let elements):
            var c = encoder.unkeyedContainer()
            for element in elements { try c.encode(element) }
        case .object(let fields):
            var c = encoder.container(keyedBy: Key.self)
            for (key, value) in fields { try c.encode(value, forKey: Key(stringValue: key)) }
        }
    }

    /// `{"type":"object","properties":{}}`: the schema Anthropic requires when a tool has none.
    static let emptyObjectSchema: JSONValue = .object(["type": .string("object"), "properties": .object([:])])
}
