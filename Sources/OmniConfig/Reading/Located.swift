import Yams

/// A YAML node and the path that leads to it, so every error can name its place.
package struct Located {
    package var node: Node
    package var path: String

    package init(node: Node, path: String) { (self.node, self.path) = (node, path) }

    package var line: Int? { node.mark?.line }
    package var column: Int? { node.mark?.column }

    /// `providers` under the root, `providers[0].limits` under `providers[0]`.
    package func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    package func elementPath(_ index: Int) -> String { "\(path)[\(index)]" }
}

/// The keys of one YAML mapping, checked against the keys allowed at that place.
package struct Fields {
    package let owner: Located
    private var values: [String: Located] = [:]

    package init(owner: Located) { self.owner = owner }

    /// The value under `key`, if the document wrote it.
    package subscript(key: String) -> Located? { values[key] }

    package mutating func add(key: String, value: Node) {
        values[key] = Located(node: value, path: owner.childPath(key))
    }
}

extension Node {
    /// The resolved tag: explicit, `str` for quoted and block scalars, else what the YAML 1.1
    /// resolver makes of the plain text (`5` an int, `true` a bool, `~` null).
    package var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }

    /// How an error message names what it found: strings quoted, numbers and booleans as
    /// written, containers by kind.
    package var foundDescription: String {
        switch self {
        case .scalar(let scalar):
            switch tagName {
            case .null: return "nothing (an empty value)"
            case .str: return Node.quoted(scalar.string)
            default: return scalar.string
            }
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    /// The same without the value itself, for fields that hold secrets.
    package var redactedDescription: String {
        switch self {
        case .scalar:
            switch tagName {
            case .null: return "nothing (an empty value)"
            case .str: return "a string"
            case .int, .float: return "a number"
            case .bool: return "a boolean"
            default: return "a scalar"
            }
        default: return foundDescription
        }
    }

    package static func quoted(_ text: String) -> String {
        let shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
        var out = "\""
        for character in shown {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
