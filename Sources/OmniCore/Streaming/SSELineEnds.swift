/// Finding CR and LF, the two bytes that end an event-stream line, 8 bytes at a time.
///
/// Shared by the parser (where does this line end?) and the writer (does this payload
/// need splitting into several `data:` lines?). OmniCore imports nothing, so no `memchr`:
/// the same SWAR trick the JSON parser uses for its special bytes.
enum SSELineEnds {
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D

    /// The high bit of every byte of `word` that may be CR or LF. The *lowest* one set is
    /// exactly the first such byte (a borrow only ever flags bytes above a real match), so
    /// `trailingZeroBitCount / 8` is its index in little-endian byte order.
    @inline(__always) static func candidates(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let lfXor = word ^ (ones &* 0x0A)
        let crXor = word ^ (ones &* 0x0D)
        return (((lfXor &- ones) & ~lfXor) | ((crXor &- ones) & ~crXor)) & highs
    }

    /// The index of the first CR or LF in `base[start..<end]`, or `end` when there is none.
    @inline(__always) static func first(in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        let raw = UnsafeRawPointer(base)
        while i + 8 <= end {
            // Explicit byte order: the bit trick below counts from the first byte in memory.
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let found = candidates(word)
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end {
            let byte = base[i]
            if byte == lf || byte == cr { return i }
            i += 1
        }
        return end
    }
}
