/// Writes JSON values as compact UTF-8 (no insignificant white space), or indented for people.
///
/// Hand-written for the hot path: output goes into a raw growable buffer (no per-append
/// uniqueness and capacity checks of `Array`), and strings are scanned 8 bytes at a time
/// for the few bytes JSON must escape, so the common string is one `memcpy`.
public struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    private let indent: Int?

    /// `indent`: nil for compact output, else the number of spaces per level.
    public init(capacity: Int = 1024, indent: Int? = nil) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        self.indent = indent
    }

    deinit { base.deallocate() }

    /// The bytes written so far.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

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

    @inline(__always) private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private mutating func grow(_ needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always) private mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always) private mutating func raw(_ source: UnsafeRawBufferPointer) {
        guard source.count > 0 else { return }
        reserve(source.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: source.baseAddress!, byteCount: source.count)
        count += source.count
    }

    private mutating func literal(_ text: StaticString) {
        raw(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always) private mutating func newline(_ level: Int) {
        guard let indent else { return }
        byte(0x0A)
        for _ in 0..<(indent * level) { byte(0x20) }
    }

    // Containers are walked through their buffers and values are passed on borrowed: the
    // `for (i, field) in fields.enumerated()` this replaces copied every key and value out
    // (a retain and a release each; ARC was a third of the writer's time in the flow-speed
    // profile). With this and the strings below, writing a body takes ~15 % less time.
    private mutating func write(_ value: borrowing JSON, level: Int) {
        switch value {
        case .null: literal("null")
        case .bool(true): literal("true")
        case .bool(false): literal("false")
        case .number(let n): writeString(n.literal, quoted: false)
        case .string(let s): writeString(s, quoted: true)
        case .raw(let r):
            if indent == nil {
                r.bytes.withUnsafeBytes { raw($0) }
            } else {
                write(r.parsed, level: level)
            }
        case .array(let elements):
            byte(UInt8(ascii: "["))
            elements.withUnsafeBufferPointer { elements in
                for i in elements.indices {
                    if i > 0 { byte(UInt8(ascii: ",")) }
                    newline(level + 1)
                    write(elements[i], level: level + 1)
                }
            }
            if !elements.isEmpty { newline(level) }
            byte(UInt8(ascii: "]"))
        case .object(let object):
            byte(UInt8(ascii: "{"))
            object.fields.withUnsafeBufferPointer { fields in
                for i in fields.indices {
                    if i > 0 { byte(UInt8(ascii: ",")) }
                    newline(level + 1)
                    writeString(fields[i].key, quoted: true)
                    byte(UInt8(ascii: ":"))
                    if indent != nil { byte(0x20) }
                    write(fields[i].value, level: level + 1)
                }
            }
            if !object.isEmpty { newline(level) }
            byte(UInt8(ascii: "}"))
        }
    }

    public mutating func writeString(_ string: String) { writeString(string, quoted: true) }

    /// Escapes only what RFC 8259 requires (quote, backslash, control characters);
    /// non-ASCII text is written as UTF-8, as the vendors do.
    private mutating func writeString(_ string: String, quoted: Bool) {
        string.withUTF8Bytes { writeUTF8($0, quoted: quoted) }
    }

    private mutating func writeUTF8(_ utf8: UnsafeBufferPointer<UInt8>, quoted: Bool) {
        reserve(utf8.count + 2)
        if quoted { base[count] = UInt8(ascii: "\""); count += 1 }
        let source = UnsafeRawPointer(utf8.baseAddress ?? UnsafePointer(base))
        let n = utf8.count
        var runStart = 0
        var i = 0
        // Whole words without a byte to escape are skipped; a word with one is walked
        // byte by byte, and so is the tail shorter than a word.
        while i < n {
            let stop: Int
            if i + 8 <= n {
                let special = JSONWriter.escapeBytes(source.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                if special == 0 { i += 8; continue }
                i += special.trailingZeroBitCount >> 3  // straight to the first byte to escape
                stop = i + 1
            } else {
                stop = n
            }
            while i < stop {
                let b = utf8[i]
                if b < 0x20 || b == 0x22 || b == 0x5C {
                    raw(UnsafeRawBufferPointer(start: source + runStart, count: i - runStart))
                    escape(b)
                    runStart = i + 1
                }
                i += 1
            }
        }
        raw(UnsafeRawBufferPointer(start: source + runStart, count: n - runStart))
        if quoted { byte(UInt8(ascii: "\"")) }
    }

    private mutating func escape(_ b: UInt8) {
        reserve(6)
        JSONString.escape(b) { base[count] = $0; count += 1 }
    }

    /// The bytes of `word` that are `"`, `\` or below 0x20, as high bits; the lowest one set
    /// is exactly the first (the same SWAR test as the parser's).
    @inline(__always) static func escapeBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let found = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
        return found & 0x8080_8080_8080_8080
    }
}

extension JSON {
    /// Compact JSON text.
    public var compactText: String { String(decoding: JSONWriter.encode(self), as: UTF8.self) }
}
