/// A small seeded generator (SplitMix64): the same seed gives the same numbers on every
/// machine and Swift version. The core never reads a global random source; what needs
/// randomness (strategies, the simulator, the bench's splits, the tests) takes one of these.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Its whole state is one word, so a snapshot of the gateway carries the generator along
/// and a restored simulator continues the same sequence.
extension SplitMix64: Codable, Equatable {
    public init(from decoder: any Decoder) throws { self.init(seed: try decoder.singleValueContainer().decode(UInt64.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(state)
    }
}
