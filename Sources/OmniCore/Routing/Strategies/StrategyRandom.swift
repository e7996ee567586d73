/// The random draws the strategies make, written out rather than taken from
/// `Int.random(in:using:)`: the standard library does not promise its algorithm, and the
/// simulator replays a run from its seed, so the same seed must route the same way on every
/// Swift version. No allocation; one `next()` per draw almost always.
enum StrategyRandom {
    /// A uniform integer in `0..<bound`; `bound` must be positive.
    ///
    /// Lemire's multiply-and-reject ("Fast Random Integer Generation in an Interval", 2019):
    /// the high word of `random × bound` is uniform once the few low words below
    /// `2^64 mod bound` are rejected, so there is no modulo bias and usually no division.
    @inline(__always)
    static func below<R: RandomNumberGenerator>(_ bound: UInt64, using random: inout R) -> UInt64 {
        precondition(bound > 0, "a draw needs at least one outcome")
        var (high, low) = random.next().multipliedFullWidth(by: bound)
        if low < bound {
            let threshold = (0 &- bound) % bound
            while low < threshold {
                (high, low) = random.next().multipliedFullWidth(by: bound)
            }
        }
        return high
    }

    @inline(__always)
    static func below<R: RandomNumberGenerator>(_ bound: Int, using random: inout R) -> Int {
        Int(below(UInt64(bound), using: &random))
    }
}
