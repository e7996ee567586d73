/// Latencies in bounded memory: log-linear buckets (128 per power of two, under 0.8 %
/// relative error) from 1 µs to about 36 hours, as HdrHistogram does, so a simulated day of
/// millions of requests keeps a few kilobytes per series instead of every value.
public struct LatencyHistogram: Sendable, Equatable {
    static let subBuckets = 128
    static let subBits = 7
    private(set) var counts: [Int]
    public private(set) var total = 0
    public private(set) var max: Int64 = 0

    /// Grown to the highest bucket used: a run's latencies seldom pass a few minutes.
    public init() { counts = [] }

    static let bucketCount = 38 * subBuckets

    /// Records a latency in nanoseconds (kept at microsecond resolution).
    public mutating func record(nanoseconds: Int64) {
        let micros = Swift.max(1, nanoseconds / 1000)
        let index = Swift.min(Self.index(micros), Self.bucketCount - 1)
        if index >= counts.count { counts.append(contentsOf: repeatElement(0, count: index + 1 - counts.count)) }
        counts[index] += 1
        total += 1
        max = Swift.max(max, nanoseconds)
    }

    public mutating func merge(_ other: LatencyHistogram) {
        if other.counts.count > counts.count { counts.append(contentsOf: repeatElement(0, count: other.counts.count - counts.count)) }
        for i in other.counts.indices { counts[i] += other.counts[i] }
        total += other.total
        max = Swift.max(max, other.max)
    }

    /// The value at quantile `q` (0…1), in nanoseconds: the bucket's upper bound, so a
    /// reported percentile is never below the true one.
    public func quantile(_ q: Double) -> Int64 {
        guard total > 0 else { return 0 }
        if q >= 1 { return max }
        let rank = Swift.max(1, Int((q * Double(total)).rounded(.up)))
        var seen = 0
        for (index, count) in counts.enumerated() where count > 0 {
            seen += count
            if seen >= rank { return Swift.min(Self.upperBound(index) * 1000, max) }
        }
        return max
    }

    static func index(_ micros: Int64) -> Int {
        if micros < Int64(subBuckets) { return Int(micros) }
        let exponent = 63 - micros.leadingZeroBitCount - subBits      // ≥ 0
        let sub = Int(micros >> Int64(exponent)) - subBuckets          // 0..<128
        return (exponent + 1) * subBuckets + sub
    }

    static func upperBound(_ index: Int) -> Int64 {
        if index < subBuckets { return Int64(index) }
        let exponent = index / subBuckets - 1, sub = index % subBuckets
        return (Int64(subBuckets + sub + 1) << Int64(exponent)) - 1
    }
}
