/// Semantic JSON comparison: object key order ignored, array order kept. Used by the
/// bench and the tests to say *where* two translations differ.
public enum JSONDiff {
    public struct Difference: Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var expected: String
        public var actual: String
        public var description: String { "\(path): expected \(expected), got \(actual)" }
    }

    /// The first difference in document order, or nil when the values are equal.
    /// A string under a key named `arguments` is compared as the JSON it holds
    /// (tool-call arguments: `{"a":1}` and `{ "a": 1 }` are the same call).
    public static func firstDifference(expected: JSON, actual: JSON, path: String = "$") -> Difference? {
        switch (expected.materialized, actual.materialized) {
        case (.object(let e), .object(let a)):
            for field in e.fields {
                let childPath = path == "$" ? field.key : "\(path).\(field.key)"
                guard let other = a[field.key] else {
                    return Difference(path: childPath, expected: short(field.value), actual: "nothing")
                }
                if field.key == "arguments", case .string(let es) = field.value, case .string(let astr) = other,
                    let ej = try? JSONParser.parse(es), let aj = try? JSONParser.parse(astr)
                {
                    if let d = firstDifference(expected: ej, actual: aj, path: childPath) { return d }
                    continue
                }
                if let d = firstDifference(expected: field.value, actual: other, path: childPath) { return d }
            }
            for field in a.fields where e[field.key] == nil {
                let childPath = path == "$" ? field.key : "\(path).\(field.key)"
                return Difference(path: childPath, expected: "nothing", actual: short(field.value))
            }
            return nil
        case (.array(let e), .array(let a)):
            for i in 0..<min(e.count, a.count) {
                if let d = firstDifference(expected: e[i], actual: a[i], path: "\(path)[\(i)]") { return d }
            }
            if e.count != a.count {
                return Difference(path: path, expected: "\(e.count) elements", actual: "\(a.count) elements")
            }
            return nil
        case (.number(let e), .number(let a)):
            if e.literal == a.literal || (e.doubleValue != nil && e.doubleValue == a.doubleValue) { return nil }
            return Difference(path: path, expected: e.literal, actual: a.literal)
        default:
            return expected == actual ? nil : Difference(path: path, expected: short(expected), actual: short(actual))
        }
    }

    public static func equal(_ a: JSON, _ b: JSON) -> Bool { firstDifference(expected: a, actual: b) == nil }

    static func short(_ value: JSON) -> String {
        let text = value.compactText
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}
