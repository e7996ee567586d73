/// Typed reads of a JSON object's fields for the decoders. Each error names the key;
/// callers add the outer path with `at(_:_:)`. A JSON `null` reads as absent.
extension JSONObject {
    func value(_ key: String) -> JSON? {
        guard let v = self[key], !v.isNull else { return nil }
        return v
    }

    func string(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw TranslationError(path: [.key(key)], expected: "string", found: describe(v)) }
        return s
    }

    func requiredString(_ key: String) throws -> String {
        guard let s = try string(key) else {
            throw TranslationError(path: [.key(key)], expected: "string", found: describe(self[key]))
        }
        return s
    }

    func number(_ key: String) throws -> JSONNumber? {
        guard let v = value(key) else { return nil }
        guard case .number(let n) = v else { throw TranslationError(path: [.key(key)], expected: "number", found: describe(v)) }
        return n
    }

    func int(_ key: String) throws -> Int? {
        guard let n = try number(key) else { return nil }
        guard let i = n.intValue else { throw TranslationError(path: [.key(key)], expected: "integer", found: "number \(n.literal)") }
        return i
    }

    func bool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw TranslationError(path: [.key(key)], expected: "boolean", found: describe(v)) }
        return b
    }

    func object(_ key: String) throws -> JSONObject? {
        guard let v = value(key) else { return nil }
        guard case .object(let o) = v else { throw TranslationError(path: [.key(key)], expected: "object", found: describe(v)) }
        return o
    }

    func array(_ key: String) throws -> [JSON]? {
        guard let v = value(key) else { return nil }
        guard case .array(let a) = v else { throw TranslationError(path: [.key(key)], expected: "array", found: describe(v)) }
        return a
    }

    func requiredArray(_ key: String) throws -> [JSON] {
        guard let a = try array(key) else {
            throw TranslationError(path: [.key(key)], expected: "array", found: describe(self[key]))
        }
        return a
    }

    /// A list of strings, or a single string read as a list of one.
    func stringList(_ key: String) throws -> [String]? {
        guard let v = value(key) else { return nil }
        if case .string(let s) = v { return [s] }
        guard case .array(let items) = v else {
            throw TranslationError(path: [.key(key)], expected: "string or array of strings", found: describe(v))
        }
        return try at(key) {
            try items.enumerated().map { i, item in
                guard case .string(let s) = item else {
                    throw TranslationError(path: [.index(i)], expected: "string", found: describe(item))
                }
                return s
            }
        }
    }
}

extension JSON {
    /// This value as an object, or an error naming what it is.
    func asObject() throws -> JSONObject {
        guard case .object(let o) = self else { throw TranslationError(expected: "object", found: describe(self)) }
        return o
    }
}

/// Maps the elements of a JSON array, adding the index to any error's path.
func mapIndexed<T>(_ items: [JSON], _ transform: (JSON) throws -> T) throws -> [T] {
    var out: [T] = []
    out.reserveCapacity(items.count)
    for (i, item) in items.enumerated() { out.append(try at(i) { try transform(item) }) }
    return out
}
