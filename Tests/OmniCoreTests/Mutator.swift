import OmniCore

/// Seeded damage for JSON documents: byte-level (truncate, flip, insert, invalid UTF-8,
/// deep nesting) and tree-level (a value replaced by one of another type, a key
/// duplicated or removed, a value nested deeply).
struct Mutator {
    enum Kind: CaseIterable {
        case truncate, flipByte, insertBytes, invalidUTF8, wrap600, replaceWithOtherType, duplicateKey, removeKey, nestInner
    }

    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    /// A damaged copy of `bytes` (whose parse is `tree`), and how it was damaged.
    mutating func mutate(_ bytes: [UInt8], tree: JSON) -> (Kind, [UInt8]) {
        // Tree-level damage reaches the codecs (the parser accepts it); weight it more.
        let kind = rng.pick([
            .truncate, .flipByte, .insertBytes, .invalidUTF8, .wrap600,
            .replaceWithOtherType, .replaceWithOtherType, .replaceWithOtherType, .replaceWithOtherType,
            .duplicateKey, .duplicateKey, .removeKey, .removeKey, .removeKey, .nestInner,
        ] as [Kind])
        return (kind, apply(kind, bytes, tree: tree))
    }

    mutating func apply(_ kind: Kind, _ bytes: [UInt8], tree: JSON) -> [UInt8] {
        switch kind {
        case .truncate:
            return Array(bytes.prefix(rng.int(0...max(0, bytes.count - 1))))
        case .flipByte:
            var out = bytes
            let i = rng.int(0...(out.count - 1))
            out[i] ^= UInt8(truncatingIfNeeded: rng.int(1...255))
            return out
        case .insertBytes:
            var out = bytes
            let noise: [UInt8] = Array("{}[]\",:\\0-e.ntf ".utf8) + [0x00, 0x0A, 0x80, 0xFF]
            out.insert(contentsOf: (0..<rng.int(1...3)).map { _ in rng.pick(noise) }, at: rng.int(0...out.count))
            return out
        case .invalidUTF8:
            var out = bytes
            let sequences: [[UInt8]] = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80]]
            // Inside a string most of the time: just after an opening or closing quote.
            let quotes = out.indices.filter { out[$0] == UInt8(ascii: "\"") }
            let at = !quotes.isEmpty && rng.chance(80) ? rng.pick(quotes) + 1 : rng.int(0...out.count)
            out.insert(contentsOf: rng.pick(sequences), at: at)
            return out
        case .wrap600:
            if rng.chance(50) {
                return [UInt8](repeating: UInt8(ascii: "["), count: 600) + bytes + [UInt8](repeating: UInt8(ascii: "]"), count: 600)
            }
            return Array(String(repeating: #"{"messages":"#, count: 600).utf8) + bytes + [UInt8](repeating: UInt8(ascii: "}"), count: 600)
        case .replaceWithOtherType:
            let paths = Self.paths(in: tree)
            let path = rng.pick(paths)
            let old = Self.value(in: tree, at: path[...])
            let replacement = rng.pick(Self.otherValues.filter { $0.typeName != old.typeName })
            return JSONWriter.encode(Self.replacing(tree, at: path[...]) { _ in replacement })
        case .duplicateKey:
            let objects = Self.paths(in: tree).filter { Self.value(in: tree, at: $0[...]).objectValue?.isEmpty == false }
            guard let path = objects.isEmpty ? nil : rng.pick(objects) else { return apply(.truncate, bytes, tree: tree) }
            var rng = self.rng
            let out = Self.replacing(tree, at: path[...]) { value in
                guard case .object(var o) = value else { return value }
                let field = rng.pick(o.fields)
                let copy = JSONObject.Field(field.key, rng.chance(50) ? field.value : rng.pick(Self.otherValues))
                if rng.chance(50) { o.fields.insert(copy, at: 0) } else { o.fields.append(copy) }
                return .object(o)
            }
            self.rng = rng
            return JSONWriter.encode(out)
        case .removeKey:
            let objects = Self.paths(in: tree).filter { Self.value(in: tree, at: $0[...]).objectValue?.isEmpty == false }
            guard let path = objects.isEmpty ? nil : rng.pick(objects) else { return apply(.truncate, bytes, tree: tree) }
            var rng = self.rng
            let out = Self.replacing(tree, at: path[...]) { value in
                guard case .object(var o) = value else { return value }
                o.fields.remove(at: rng.int(0...(o.fields.count - 1)))
                return .object(o)
            }
            self.rng = rng
            return JSONWriter.encode(out)
        case .nestInner:
            // Up to and past the parser's 512 levels, deep inside the document.
            let levels = rng.pick([1, 2, 8, 100, 400, 490, 505, 511, 600])
            let path = rng.pick(Self.paths(in: tree))
            let asObject = rng.chance(50)
            return JSONWriter.encode(Self.replacing(tree, at: path[...]) { value in
                var v = value
                for _ in 0..<levels { v = asObject ? .object(JSONObject([.init("type", v)])) : .array([v]) }
                return v
            })
        }
    }

    /// Values of every JSON type (integers stay moderate: extreme ones are IntegerOverflowTests' concern).
    static let otherValues: [JSON] = [
        .null, true, false, 0, -1, .number(JSONNumber(literal: "1.5")), .number(JSONNumber(literal: "1e999")),
        .number(JSONNumber(literal: "-0.0")), "", "x", "😀\u{0}", "omniroute.v1.gemini.", [], [1, "a"], [:], ["type": "text"],
    ]

    /// Every value's path: object field positions and array indexes (the root is `[]`).
    static func paths(in value: JSON, prefix: [Int] = []) -> [[Int]] {
        var out = [prefix]
        switch value {
        case .object(let o):
            for (i, f) in o.fields.enumerated() { out += paths(in: f.value, prefix: prefix + [i]) }
        case .array(let a):
            for (i, v) in a.enumerated() { out += paths(in: v, prefix: prefix + [i]) }
        default: break
        }
        return out
    }

    static func value(in json: JSON, at path: ArraySlice<Int>) -> JSON {
        guard let i = path.first else { return json }
        switch json {
        case .object(let o): return value(in: o.fields[i].value, at: path.dropFirst())
        case .array(let a): return value(in: a[i], at: path.dropFirst())
        default: return json
        }
    }

    static func replacing(_ json: JSON, at path: ArraySlice<Int>, _ change: (JSON) -> JSON) -> JSON {
        guard let i = path.first else { return change(json) }
        switch json {
        case .object(var o):
            o.fields[i].value = replacing(o.fields[i].value, at: path.dropFirst(), change)
            return .object(o)
        case .array(var a):
            a[i] = replacing(a[i], at: path.dropFirst(), change)
            return .array(a)
        default:
            return json
        }
    }
}

/// FNV-1a: a seed from a file path that is the same in every process (unlike `Hasher`).
func stableSeed(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return hash
}
