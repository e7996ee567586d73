/// A request or response that cannot be translated: where (JSON path), what was expected,
/// what was found. At the HTTP edge it is rendered in the client's own error format.
public struct TranslationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum PathComponent: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    public var path: [PathComponent]
    public var expected: String
    public var found: String
    /// Set when the body was not JSON at all: where the parser stopped.
    public var syntax: JSONSyntaxError?
    /// Set by an encoder whose tool call's arguments text is bad, so that the translator can
    /// report the error at the call's path in the source (see `ArgumentsCheck`).
    var toolCallID: String?

    public init(path: [PathComponent] = [], expected: String, found: String) {
        self.path = path
        self.expected = expected
        self.found = found
    }

    /// `messages[2].content`, or `$` for the top level.
    public var pathString: String {
        if path.isEmpty { return "$" }
        var out = ""
        for component in path {
            switch component {
            case .key(let k):
                let plain = !k.isEmpty && k.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                if plain { out += out.isEmpty ? k : ".\(k)" } else { out += "[\"\(k)\"]" }
            case .index(let i): out += "[\(i)]"
            }
        }
        return out
    }

    public var description: String {
        if let syntax { return "invalid JSON at line \(syntax.line), column \(syntax.column): \(syntax.message)" }
        return "\(pathString): expected \(expected), found \(found)"
    }

    public static func syntaxError(_ error: JSONSyntaxError) -> TranslationError {
        var e = TranslationError(expected: "valid JSON", found: error.message)
        e.syntax = error
        return e
    }
}

/// Runs `body`, prefixing the path of any translation error it throws with `component`.
/// Costs nothing unless an error is thrown, so decoders call it on every level.
@inline(__always)
func at<T>(_ key: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch var error as TranslationError {
        error.path.insert(.key(key), at: 0)
        throw error
    }
}

@inline(__always)
func at<T>(_ index: Int, _ body: () throws -> T) throws -> T {
    do { return try body() } catch var error as TranslationError {
        error.path.insert(.index(index), at: 0)
        throw error
    }
}

func describe(_ value: JSON?) -> String {
    guard let value else { return "nothing" }
    switch value {
    case .string(let s):
        let short = s.count > 40 ? String(s.prefix(40)) + "…" : s
        return "string \"\(short)\""
    case .number(let n): return "number \(n.literal)"
    case .bool(let b): return "boolean \(b)"
    default: return value.typeName
    }
}
