/// `GeminiSchema.toGemini` over a raw (compact, already checked) schema, byte to byte:
/// the hot path rewrites a tool's schema into Gemini's subset without building a tree.
/// The rules are the tree version's, field for field; `RawSchemaTests` holds them equal over
/// every fixture. Returns nil for what it does not expect (an escaped key), and the caller
/// falls back to the tree.
enum GeminiSchemaBytes {
    static func toGemini(_ raw: RawJSON) -> RawJSON? {
        raw.bytes.withUnsafeBufferPointer { input -> RawJSON? in
            var rewriter = Rewriter(input: input)
            guard rewriter.schema(), rewriter.pos == input.count else { return nil }
            return RawJSON(bytes: rewriter.out)
        }
    }

    /// `GeminiSchema.fromGemini` over a raw schema, by the same rules.
    static func fromGemini(_ raw: RawJSON) -> RawJSON? {
        raw.bytes.withUnsafeBufferPointer { input -> RawJSON? in
            var rewriter = Rewriter(input: input)
            guard rewriter.jsonSchema(), rewriter.pos == input.count else { return nil }
            return RawJSON(bytes: rewriter.out)
        }
    }
}

private struct Rewriter {
    let input: UnsafeBufferPointer<UInt8>
    var pos = 0
    var out: [UInt8] = []

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
        out.reserveCapacity(input.count)
    }

    static let quote = UInt8(ascii: "\"")

    /// One schema: an object is filtered, anything else copied.
    mutating func schema() -> Bool {
        guard pos < input.count else { return false }
        guard input[pos] == UInt8(ascii: "{") else { return copyValue() }
        pos += 1
        out.append(UInt8(ascii: "{"))
        var wrote = false
        var nullable = false
        func separator(_ out: inout [UInt8]) { if wrote { out.append(UInt8(ascii: ",")) }; wrote = true }
        if pos < input.count, input[pos] == UInt8(ascii: "}") { pos += 1; out.append(UInt8(ascii: "}")); return true }
        while true {
            guard let key = readKey(), pos < input.count, input[pos] == UInt8(ascii: ":") else { return false }
            pos += 1
            switch key {
            case "type" where input[pos] == UInt8(ascii: "["):
                guard let names = readStringArray() else { return false }
                if names.contains("null") { nullable = true }
                if let first = names.first(where: { $0 != "null" }) {
                    separator(&out)
                    append(#""type":""#)
                    append(first)
                    out.append(Self.quote)
                }
            case "const":
                separator(&out)
                append(#""enum":["#)
                guard copyValue() else { return false }
                out.append(UInt8(ascii: "]"))
            case "oneOf", "anyOf":
                guard input[pos] == UInt8(ascii: "[") else { guard skipValue() else { return false }; break }
                separator(&out)
                append(#""anyOf":"#)
                guard list(of: { $0.schema() }) else { return false }
            case "properties":
                guard input[pos] == UInt8(ascii: "{") else { guard skipValue() else { return false }; break }
                separator(&out)
                append(#""properties":"#)
                guard properties() else { return false }
            case "items":
                separator(&out)
                append(#""items":"#)
                guard schema() else { return false }
            case "nullable":
                let start = pos
                guard skipValue() else { return false }
                if pos - start == 4, input[start] == UInt8(ascii: "t") { nullable = true }
            default:
                if GeminiSchema.kept.contains(key) {
                    separator(&out)
                    out.append(Self.quote)
                    append(key)
                    append(#"":"#)
                    guard copyValue() else { return false }
                } else {
                    guard skipValue() else { return false }
                }
            }
            guard pos < input.count else { return false }
            if input[pos] == UInt8(ascii: ",") { pos += 1; continue }
            guard input[pos] == UInt8(ascii: "}") else { return false }
            pos += 1
            break
        }
        if nullable {
            separator(&out)
            append(#""nullable":true"#)
        }
        out.append(UInt8(ascii: "}"))
        return true
    }

    /// One Gemini schema back to JSON Schema: lower-case type names, and `nullable: true`
    /// as a type list (which needs a first look at the object's keys).
    mutating func jsonSchema() -> Bool {
        guard pos < input.count else { return false }
        guard input[pos] == UInt8(ascii: "{") else { return copyValue() }
        // First look: is there `"nullable":true`, and a `type`?
        let objectStart = pos
        var nullable = false
        var hasType = false
        pos += 1
        if input[pos] != UInt8(ascii: "}") {
            while true {
                guard let key = readKey(), pos < input.count, input[pos] == UInt8(ascii: ":") else { return false }
                pos += 1
                let valueStart = pos
                guard skipValue(), pos < input.count else { return false }
                if key == "nullable", pos - valueStart == 4, input[valueStart] == UInt8(ascii: "t") { nullable = true }
                if key == "type" { hasType = true }
                if input[pos] == UInt8(ascii: ",") { pos += 1; continue }
                guard input[pos] == UInt8(ascii: "}") else { return false }
                break
            }
        }
        pos = objectStart + 1
        out.append(UInt8(ascii: "{"))
        if input[pos] == UInt8(ascii: "}") { pos += 1; out.append(UInt8(ascii: "}")); return true }
        var wrote = false
        func separator(_ out: inout [UInt8]) { if wrote { out.append(UInt8(ascii: ",")) }; wrote = true }
        while true {
            guard let key = readKey(), pos < input.count, input[pos] == UInt8(ascii: ":") else { return false }
            pos += 1
            switch key {
            case "type" where input[pos] == Self.quote:
                guard let name = readKey() else { return false }
                separator(&out)
                append(#""type":"#)
                append(nullable ? "[\"\(name.lowercased())\",\"null\"]" : "\"\(name.lowercased())\"")
            case "nullable" where hasType:
                guard skipValue() else { return false }
            case "properties" where input[pos] == UInt8(ascii: "{"):
                separator(&out)
                append(#""properties":"#)
                guard properties(of: { $0.jsonSchema() }) else { return false }
            case "items":
                separator(&out)
                append(#""items":"#)
                guard jsonSchema() else { return false }
            case "anyOf":
                separator(&out)
                append(#""anyOf":"#)
                if input[pos] == UInt8(ascii: "[") {
                    guard list(of: { $0.jsonSchema() }) else { return false }
                } else {
                    guard skipValue() else { return false }
                    append("[]")
                }
            default:
                separator(&out)
                out.append(Self.quote)
                append(key)
                append(#"":"#)
                guard copyValue() else { return false }
            }
            guard pos < input.count else { return false }
            if input[pos] == UInt8(ascii: ",") { pos += 1; continue }
            guard input[pos] == UInt8(ascii: "}") else { return false }
            pos += 1
            out.append(UInt8(ascii: "}"))
            return true
        }
    }

    /// `{"name": schema, …}`: keys copied, values filtered.
    mutating func properties() -> Bool { properties(of: { $0.schema() }) }

    mutating func properties(of element: (inout Rewriter) -> Bool) -> Bool {
        pos += 1
        out.append(UInt8(ascii: "{"))
        if input[pos] == UInt8(ascii: "}") { pos += 1; out.append(UInt8(ascii: "}")); return true }
        while true {
            let keyStart = pos
            guard skipString(), pos < input.count, input[pos] == UInt8(ascii: ":") else { return false }
            pos += 1
            out.append(contentsOf: UnsafeBufferPointer(rebasing: input[keyStart..<pos]))
            guard element(&self), pos < input.count else { return false }
            if input[pos] == UInt8(ascii: ",") { pos += 1; out.append(UInt8(ascii: ",")); continue }
            guard input[pos] == UInt8(ascii: "}") else { return false }
            pos += 1
            out.append(UInt8(ascii: "}"))
            return true
        }
    }

    /// `[a, b, …]` with each element written by `element`.
    mutating func list(of element: (inout Rewriter) -> Bool) -> Bool {
        pos += 1
        out.append(UInt8(ascii: "["))
        if input[pos] == UInt8(ascii: "]") { pos += 1; out.append(UInt8(ascii: "]")); return true }
        while true {
            guard element(&self), pos < input.count else { return false }
            if input[pos] == UInt8(ascii: ",") { pos += 1; out.append(UInt8(ascii: ",")); continue }
            guard input[pos] == UInt8(ascii: "]") else { return false }
            pos += 1
            out.append(UInt8(ascii: "]"))
            return true
        }
    }

    mutating func append(_ text: String) { out.append(contentsOf: text.utf8) }

    /// A key without escapes (the schema keywords have none); nil for an escaped key.
    mutating func readKey() -> String? {
        guard pos < input.count, input[pos] == Self.quote else { return nil }
        let start = pos + 1
        var i = start
        while i < input.count, input[i] != Self.quote {
            if input[i] == UInt8(ascii: "\\") { return nil }
            i += 1
        }
        guard i < input.count else { return nil }
        pos = i + 1
        return String(decoding: UnsafeBufferPointer(rebasing: input[start..<i]), as: UTF8.self)
    }

    /// `["string","null"]` as names; nil when an element is not a plain string.
    mutating func readStringArray() -> [String]? {
        pos += 1
        var names: [String] = []
        if input[pos] == UInt8(ascii: "]") { pos += 1; return names }
        while true {
            guard let name = readKey(), pos < input.count else { return nil }
            names.append(name)
            if input[pos] == UInt8(ascii: ",") { pos += 1; continue }
            guard input[pos] == UInt8(ascii: "]") else { return nil }
            pos += 1
            return names
        }
    }

    mutating func copyValue() -> Bool {
        let start = pos
        guard skipValue() else { return false }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<pos]))
        return true
    }

    mutating func skipString() -> Bool {
        pos += 1
        while pos < input.count {
            switch input[pos] {
            case Self.quote: pos += 1; return true
            case UInt8(ascii: "\\"): pos += 2
            default: pos += 1
            }
        }
        return false
    }

    /// Past one value of compact, checked JSON.
    mutating func skipValue() -> Bool {
        guard pos < input.count else { return false }
        switch input[pos] {
        case Self.quote: return skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while pos < input.count {
                switch input[pos] {
                case Self.quote: guard skipString() else { return false }; continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { pos += 1; return true }
                default: break
                }
                pos += 1
            }
            return false
        default:
            while pos < input.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(input[pos]) { pos += 1 }
            return true
        }
    }
}
