import OmniCore
import Yams

/// Writes a Yams `Node` tree as compact JSON bytes.
///
/// Why not `JSONSerialization`: on Linux, Yams' `Node.any` and Foundation bridge
/// numbers through `NSNumber`, which can turn a YAML `true` into `1`, an int into a
/// float, or `0.7` into `0.69999999999999996`. Working on the node tree keeps each
/// scalar's original text and its resolved YAML tag, so numbers come out as the
/// literal the recorder wrote and booleans stay booleans.
enum YAMLJSONWriter {
    struct Unrepresentable: Error, CustomStringConvertible {
        var description: String
    }

    /// The first document of `yaml` as JSON (an empty document is `null`).
    static func bytes(yaml: String) throws -> [UInt8] {
        try Yams.compose(yaml: yaml).map(bytes) ?? Array("null".utf8)
    }

    static func bytes(_ node: Node) throws -> [UInt8] {
        var out: [UInt8] = []
        try write(node, into: &out)
        return out
    }

    static func write(_ node: Node, into out: inout [UInt8]) throws {
        switch node {
        case .scalar(let scalar):
            // `node.tag` is the resolved tag: explicit, `str` for quoted and block
            // scalars, else what the YAML 1.1 resolver makes of the plain text.
            try writeScalar(scalar.string, tag: node.tag.rawValue, into: &out)
        case .sequence(let sequence):
            out.append(UInt8(ascii: "["))
            for (i, element) in sequence.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .mapping(let mapping):
            // Mapping iteration follows document order, which is the order we keep.
            out.append(UInt8(ascii: "{"))
            for (i, pair) in mapping.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                // JSON names are strings whatever YAML resolved them to (e.g. `200:`).
                guard case .scalar(let key) = pair.key else {
                    throw Unrepresentable(description: "non-scalar mapping key")
                }
                writeString(key.string, into: &out)
                out.append(UInt8(ascii: ":"))
                try write(pair.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .alias:
            // Yams' composer dereferences aliases; a bare alias would mean an unknown anchor.
            throw Unrepresentable(description: "unresolved YAML alias")
        }
    }

    private static func writeScalar(_ text: String, tag: String, into out: inout [UInt8]) throws {
        switch Tag.Name(rawValue: tag) {
        case .null:
            out.append(contentsOf: Array("null".utf8))
        case .bool:
            // YAML 1.1 spellings: true/yes/on (any case the resolver accepts) are true.
            let isTrue = ["true", "yes", "on"].contains(text.lowercased())
            out.append(contentsOf: Array((isTrue ? "true" : "false").utf8))
        case .int:
            out.append(contentsOf: Array(try intLiteral(text).utf8))
        case .float:
            out.append(contentsOf: Array(try floatLiteral(text).utf8))
        default:
            // str, timestamp, binary and custom tags: the scalar text is the value.
            writeString(text, into: &out)
        }
    }

    /// The YAML text when it already is a JSON number, else a normalized decimal.
    private static func intLiteral(_ text: String) throws -> String {
        if isJSONNumber(text) { return text }
        var digits = String(text.filter { $0 != "_" })
        var sign = ""
        if digits.hasPrefix("-") || digits.hasPrefix("+") {
            if digits.hasPrefix("-") { sign = "-" }
            digits.removeFirst()
        }
        let value: Int?
        if digits.hasPrefix("0x") {
            value = Int(digits.dropFirst(2), radix: 16)
        } else if digits.hasPrefix("0b") {
            value = Int(digits.dropFirst(2), radix: 2)
        } else if digits.hasPrefix("0o") {
            value = Int(digits.dropFirst(2), radix: 8)
        } else if digits.hasPrefix("0"), digits.count > 1 {
            value = Int(digits.dropFirst(), radix: 8)  // YAML 1.1 octal, e.g. 017
        } else {
            value = Int(digits)
        }
        guard let value else { throw Unrepresentable(description: "YAML int \(text)") }
        return sign + String(value)
    }

    private static func floatLiteral(_ text: String) throws -> String {
        if isJSONNumber(text) { return text }
        // Forms like `1.`, `.5`, `+1.5` or `1_000.5`: go through Double, whose
        // description is the shortest round-tripping decimal (0.7 stays 0.7).
        let cleaned = String(text.filter { $0 != "_" })
        guard let value = Double(cleaned), value.isFinite else {
            throw Unrepresentable(description: "YAML float \(text) has no JSON form")
        }
        return value.description
    }

    /// RFC 8259 string: escape quote, backslash and C0 controls; emit everything else as UTF-8.
    static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Whether `text` is, exactly, a JSON number literal.
private func isJSONNumber(_ text: String) -> Bool {
    guard let value = try? JSONParser.parse(text), case .number = value else { return false }
    return true
}
