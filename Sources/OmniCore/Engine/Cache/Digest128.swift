/// A 128-bit fingerprint of some byte strings: two FNV-1a 64 lanes started from different
/// offset bases, each finished with MurmurHash3's 64-bit avalanche (`fmix64`) so that
/// inputs differing in their last byte differ in every bit. Stable across runs, machines
/// and Swift versions (unlike `Hasher`, which is seeded per process), so a persistent store
/// can key on it too.
///
/// Not cryptographic: a client could craft a collision on purpose. Whoever answers from a
/// fingerprint therefore also compares the stored request bytes (the response cache does),
/// so a collision costs a cache miss, never a wrong answer.
public struct Digest128: Sendable, Hashable, Codable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) { (self.high, self.low) = (high, low) }

    /// The fingerprint of `parts` in order. Each part is framed by its length, so
    /// `["ab", "c"]` and `["a", "bc"]` differ.
    public init(parts: [[UInt8]]) {
        var hasher = Hasher128()
        for part in parts { hasher.add(part) }
        self = hasher.finish()
    }

    /// 32 lower-case hex digits (a store's text key).
    public var hex: String { Self.hex(high) + Self.hex(low) }
    public var description: String { hex }

    private static func hex(_ n: UInt64) -> String {
        let digits = String(n, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// The two lanes of `Digest128`, fed part by part.
struct Hasher128 {
    private static let prime: UInt64 = 0x0000_0100_0000_01B3
    /// The FNV-1a 64 offset basis, and for the second lane the same word with its halves
    /// swapped (any other start does; this one is easy to recognise).
    private var a: UInt64 = 0xCBF2_9CE4_8422_2325
    private var b: UInt64 = 0x8422_2325_CBF2_9CE4

    mutating func add(_ part: [UInt8]) {
        var length = UInt64(part.count)
        for _ in 0..<8 {
            byte(UInt8(truncatingIfNeeded: length))
            length >>= 8
        }
        for value in part { byte(value) }
    }

    mutating func add(_ text: String) { add(Array(text.utf8)) }

    @inline(__always) private mutating func byte(_ value: UInt8) {
        a = (a ^ UInt64(value)) &* Self.prime
        b = (b ^ UInt64(value)) &* Self.prime
    }

    func finish() -> Digest128 { Digest128(high: Self.fmix(a), low: Self.fmix(b)) }

    private static func fmix(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33
        k &*= 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k &*= 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }
}
