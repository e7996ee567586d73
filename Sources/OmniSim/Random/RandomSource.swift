import Foundation
import OmniCore

/// Uniform numbers from the run's seeded generator, in the forms the distributions need.
/// Every random choice of a run goes through one of these, so a seed replays it exactly.
public struct RandomSource: Sendable {
    private var generator: SplitMix64

    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// A new source for one part of the run (a provider, the traffic), so adding draws to one
    /// part does not shift the numbers another part sees.
    public func derived(_ label: String) -> RandomSource {
        var copy = generator
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in label.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return RandomSource(seed: copy.next() ^ hash)
    }

    /// Uniform in [0, 1), 53 bits.
    public mutating func unit() -> Double {
        Double(generator.next() >> 11) * 0x1.0p-53
    }

    /// Uniform in (0, 1]: safe for `log`.
    public mutating func unitOpenAtZero() -> Double {
        1 - unit()
    }

    /// Standard normal (Box–Muller; one of the pair is used, so each draw costs two uniforms
    /// and the sequence does not depend on what was drawn before).
    public mutating func normal() -> Double {
        let u1 = unitOpenAtZero(), u2 = unit()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// Exponential with the given mean.
    public mutating func exponential(mean: Double) -> Double {
        -mean * Foundation.log(unitOpenAtZero())
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        p > 0 && unit() < p
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    public mutating func pick(weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        guard total > 0 else { return 0 }
        var point = unit() * total
        for (index, weight) in weights.enumerated() {
            if point < weight { return index }
            point -= weight
        }
        return weights.count - 1
    }
}
