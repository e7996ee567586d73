/// Writes JSON values as compact UTF-8 (no insignificant white space), or indented for people.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private let indent: Int?

    /// `indent`: nil for compact output, else the number of spaces per level.
    public init(capacity: Int = 1024, indent: Int? = nil) {
        bytes.reserveCapacity(capacity)
        self.indent = indent
    }

    public static func encode(_ value: JSON, capacity: Int = 1024) -> [UInt8] {
        var writer = JSONWriter(capacity: capacity)
        writer.write(value)
        return writer.bytes
    }

    public static func pretty(_ value: JSON) -> String {
        var writer = JSONWriter(indent: 2)
        writer.write(value)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    public mutating func write(_ value: JSON) { write(value, level: 0) }

    private mutating func newline(_ level: Int) {
        guard let indent else { return }
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: indent * level))
    }

    private mutating func write(_ value: JSON, level: Int) {
        switch value {
        case .null: bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(true): bytes.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
        case .bool(false): bytes.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
        case .number(let n): bytes.append(contentsOf: n.literal.utf8)
        case .string(let s): writeString(s)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level + 1)
                write(element, level: level + 1)
            }
            if !elements.isEmpty { newline(level) }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for (i, field) in object.fields.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level + 1)
                writeString(field.key)
                bytes.append(UInt8(ascii: ":"))
                if indent != nil { bytes.append(0x20) }
                write(field.value, level: level + 1)
            }
            if !object.isEmpty { newline(level) }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Escapes only what RFC 8259 requires (quote, backslash, control characters);
    /// non-ASCII text is written as UTF-8, as the vendors do.
    public mutating func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = string
        s.withUTF8 { utf8 in
            var runStart = 0
            for i in 0..<utf8.count {
                let byte = utf8[i]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                runStart = i + 1
                bytes.append(0x5C)
                switch byte {
                case 0x22: bytes.append(0x22)
                case 0x5C: bytes.append(0x5C)
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30])
                    bytes.append(Self.hex[Int(byte >> 4)])
                    bytes.append(Self.hex[Int(byte & 0xF)])
                }
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension JSON {
    /// Compact JSON text.
    public var compactText: String { String(decoding: JSONWriter.encode(self), as: UTF8.self) }
}
