import OmniCore

/// `messages[*].tool_calls[0].id`, `["a.b"].c`: a path with `[*]` for every array index,
/// and `[?type=thinking]` for the elements of an array whose field has that string value
/// (so a lossy path can remove one dropped block and keep the rest of the list compared).
public struct JSONPathPattern: Sendable, CustomStringConvertible {
    enum Step: Sendable, Equatable {
        case key(String)
        case index(Int)
        case anyIndex
        case matching(key: String, value: String)
    }

    let steps: [Step]
    public let description: String

    public init(_ text: String) throws {
        description = text
        var steps: [Step] = []
        var chars = Array(text)
        var i = 0
        var key = ""
        func endKey() { if !key.isEmpty { steps.append(.key(key)); key = "" } }
        while i < chars.count {
            let c = chars[i]
            if c == "." { endKey(); i += 1; continue }
            if c == "[" {
                endKey()
                guard let close = chars[i...].firstIndex(of: "]") else { throw BenchError.badPath("unclosed [ in \(text)") }
                let inner = String(chars[(i + 1)..<close])
                if inner == "*" { steps.append(.anyIndex) }
                else if inner.hasPrefix("?"), let eq = inner.firstIndex(of: "=") {
                    steps.append(.matching(key: String(inner[inner.index(after: inner.startIndex)..<eq]),
                                           value: String(inner[inner.index(after: eq)...])))
                }
                else if let n = Int(inner) { steps.append(.index(n)) }
                else if inner.hasPrefix("\""), inner.hasSuffix("\""), inner.count >= 2 { steps.append(.key(String(inner.dropFirst().dropLast()))) }
                else { throw BenchError.badPath("[\(inner)] in \(text)") }
                i = close + 1
                continue
            }
            key.append(c)
            i += 1
        }
        endKey()
        chars = []
        guard !steps.isEmpty else { throw BenchError.badPath("empty path") }
        self.steps = steps
    }

    /// The value with every field the pattern names removed.
    public func removing(from value: JSON) -> JSON { Self.remove(steps[...], from: value) }

    private static func remove(_ steps: ArraySlice<Step>, from value: JSON) -> JSON {
        guard let step = steps.first else { return value }
        let rest = steps.dropFirst()
        switch (step, value.materialized) {
        case (.key(let k), .object(var o)):
            if rest.isEmpty { o[k] = nil } else if let child = o[k] { o[k] = remove(rest, from: child) }
            return .object(o)
        case (.index(let n), .array(var a)) where n < a.count:
            if rest.isEmpty { a.remove(at: n) } else { a[n] = remove(rest, from: a[n]) }
            return .array(a)
        case (.anyIndex, .array(let a)):
            return rest.isEmpty ? .array([]) : .array(a.map { remove(rest, from: $0) })
        case (.matching(let key, let expected), .array(let a)):
            let matches: (JSON) -> Bool = { $0[key]?.stringValue == expected }
            if rest.isEmpty { return .array(a.filter { !matches($0) }) }
            return .array(a.map { matches($0) ? remove(rest, from: $0) : $0 })
        default:
            return value
        }
    }
}
