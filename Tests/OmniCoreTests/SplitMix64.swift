import OmniCore

/// Test helpers on the core's seeded generator.
extension SplitMix64 {
    /// A number in `range` (modulo bias is irrelevant here).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % span)
    }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// `value()` or nil, half the time each (or `percent` % present).
    mutating func maybe<T>(_ percent: Int = 50, _ value: (inout SplitMix64) -> T) -> T? {
        chance(percent) ? value(&self) : nil
    }
}
