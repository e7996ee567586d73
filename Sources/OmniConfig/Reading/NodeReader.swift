import Foundation
import OmniCore
import Yams

/// Reads typed values out of a composed YAML tree, strictly: every mismatch becomes a
/// `ConfigError` at the node's path and line. Works on Yams' `Node` API rather than
/// `Decodable` because nodes keep their marks (line/column) and their resolved tags, so a
/// quoted `"5"` can be told from a number and an error can point at the exact place.
package struct NodeReader {
    package let source: String
    package let environment: [String: String]

    package init(source: String, environment: [String: String]) { (self.source, self.environment) = (source, environment) }

    package func error(at located: Located, _ message: String) -> ConfigError {
        ConfigError(source: source, path: located.path, line: located.line, column: located.column, message: message)
    }

    package func expected(_ what: String, at located: Located) -> ConfigError {
        error(at: located, "expected \(what), found \(located.node.foundDescription)")
    }

    // MARK: Containers

    /// The mapping at `located`, refusing keys not in `allowed` (a typo must never fall back
    /// to a default silently) and suggesting the closest allowed key.
    package func fields(_ located: Located, allowed: [String], what: String = "a mapping") throws -> Fields {
        guard case .mapping(let mapping) = located.node else { throw expected(what, at: located) }
        var fields = Fields(owner: located)
        for (keyNode, value) in mapping {
            let keyLocation = Located(node: keyNode, path: located.path)
            guard case .scalar(let scalar) = keyNode, keyNode.tagName != .null else {
                throw error(at: keyLocation, "expected a key name, found \(keyNode.foundDescription)")
            }
            let key = scalar.string
            guard allowed.contains(key) else {
                let at = Located(node: keyNode, path: located.childPath(key))
                throw error(at: at, KeySuggestion.unknownKeyMessage(key, allowed: allowed))
            }
            fields.add(key: key, value: value)
        }
        return fields
    }

    package func list(_ located: Located, what: String = "a list") throws -> [Located] {
        guard case .sequence(let sequence) = located.node else { throw expected(what, at: located) }
        return sequence.enumerated().map { Located(node: $0.element, path: located.elementPath($0.offset)) }
    }

    /// The entries of a mapping whose keys are data (alias patterns, profile names), in order.
    package func entries(_ located: Located, what: String = "a mapping") throws -> [(key: String, keyAt: Located, value: Located)] {
        guard case .mapping(let mapping) = located.node else { throw expected(what, at: located) }
        return try mapping.map { keyNode, value in
            guard case .scalar(let scalar) = keyNode, keyNode.tagName != .null else {
                throw error(at: Located(node: keyNode, path: located.path), "expected a key name, found \(keyNode.foundDescription)")
            }
            let path = located.childPath(scalar.string)
            return (scalar.string, Located(node: keyNode, path: path), Located(node: value, path: path))
        }
    }

    // MARK: Scalars

    /// Any scalar's text but the empty value: `name: 2026` is the name "2026".
    package func string(_ located: Located) throws -> String {
        guard case .scalar(let scalar) = located.node, located.node.tagName != .null else {
            throw expected("a string", at: located)
        }
        return scalar.string
    }

    package func nonEmptyString(_ located: Located) throws -> String {
        let text = try string(located)
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw expected("a non-empty string", at: located) }
        return text
    }

    package func bool(_ located: Located) throws -> Bool {
        guard located.node.tagName == .bool, let value = located.node.bool else {
            throw expected("true or false", at: located)
        }
        return value
    }

    package func int(_ located: Located) throws -> Int {
        guard case .scalar(let scalar) = located.node, located.node.tagName == .int else {
            throw expected("a whole number", at: located)
        }
        var text = scalar.string.replacingOccurrences(of: "_", with: "")
        if text.hasPrefix("+") { text.removeFirst() }
        guard let value = Int(text) else { throw expected("a whole number in decimal", at: located) }
        return value
    }

    package func positiveInt(_ located: Located) throws -> Int {
        let value = try int(located)
        guard value > 0 else { throw expected("a whole number above 0", at: located) }
        return value
    }

    package func nonNegativeInt(_ located: Located) throws -> Int {
        let value = try int(located)
        guard value >= 0 else { throw expected("a whole number, 0 or more", at: located) }
        return value
    }

    package func number(_ located: Located) throws -> Double {
        guard case .scalar(let scalar) = located.node, [.int, .float].contains(located.node.tagName) else {
            throw expected("a number", at: located)
        }
        var text = scalar.string.replacingOccurrences(of: "_", with: "")
        if text.hasPrefix("+") { text.removeFirst() }
        guard let value = Double(text), value.isFinite else { throw expected("a finite decimal number", at: located) }
        return value
    }

    package func nonNegativeNumber(_ located: Located) throws -> Double {
        let value = try number(located)
        guard value >= 0 else { throw expected("a number, 0 or more", at: located) }
        return value
    }

    /// `250ms`, `5s`, `2m`: a bare number is refused because its unit would be a guess.
    package func duration(_ located: Located, allowZero: Bool = false) throws -> Span {
        let what = "a duration such as 250ms, 5s or 2m"
        guard case .scalar(let scalar) = located.node, located.node.tagName != .null else {
            throw expected(what, at: located)
        }
        if [.int, .float].contains(located.node.tagName) {
            throw error(at: located, "expected \(what), found the bare number \(scalar.string): add a unit (ms, s, m or h), e.g. \(scalar.string)s")
        }
        guard let span = Span(parsing: scalar.string) else { throw expected(what, at: located) }
        guard allowZero || span > .zero else { throw expected("a duration above 0", at: located) }
        return span
    }

    /// One of an enum's raw values; the error lists them all.
    package func choice<Choice: RawRepresentable & CaseIterable>(_ located: Located, _: Choice.Type) throws -> Choice where Choice.RawValue == String {
        let allowed = Choice.allCases.map(\.rawValue)
        let listed = allowed.joined(separator: ", ")
        guard case .scalar(let scalar) = located.node, located.node.tagName != .null else {
            throw expected("one of \(listed)", at: located)
        }
        guard let value = Choice(rawValue: scalar.string) else {
            var message = "expected one of \(listed), found \(located.node.foundDescription)"
            if let near = KeySuggestion.closest(to: scalar.string, in: allowed) { message += " (did you mean \"\(near)\"?)" }
            throw error(at: located, message)
        }
        return value
    }

    /// A secret (an upstream key, a gateway key): written in the file, or `${NAME}` to read it
    /// from the environment so the file can be committed without it. Errors never show the value.
    package func secret(_ located: Located) throws -> String {
        guard case .scalar(let scalar) = located.node, located.node.tagName != .null else {
            throw error(at: located, "expected a key (a string, or ${NAME} to read it from the environment), found \(located.node.redactedDescription)")
        }
        let text = scalar.string
        guard text.contains("${") else {
            guard !text.isEmpty else { throw error(at: located, "expected a key, found an empty string") }
            try sendable(text, at: located, from: "the key")
            return text
        }
        let name = text.dropFirst(2).dropLast()
        guard text.hasPrefix("${"), text.hasSuffix("}"), !name.isEmpty,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw error(at: located, "an environment reference must be the whole value, written ${NAME} with letters, digits and _")
        }
        guard let value = environment[String(name)] else {
            throw error(at: located, "environment variable \(name) is not set")
        }
        guard !value.isEmpty else { throw error(at: located, "environment variable \(name) is empty") }
        try sendable(value, at: located, from: "environment variable \(name)")
        return value
    }

    /// Keys travel in HTTP headers, which cannot carry a line break or another control
    /// character (the gateway's writer would leave such a header out, and the upstream would
    /// answer 401 with no hint why): refused at load, without showing the value.
    private func sendable(_ key: String, at located: Located, from source: String) throws {
        if let bad = key.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            let what = bad == "\n" || bad == "\r" ? "a line break" : "a control character"
            throw error(at: located, "\(source) contains \(what), which an HTTP header cannot carry (a trailing newline from a file?)")
        }
    }
}
