import OmniCore
@testable import OmniSim
import Testing

/// The simulated latencies and choices match what a scenario configures, within stated
/// bounds, and a seed replays them exactly.
@Suite struct DistributionTests {
    static func samples(_ distribution: DurationDistribution, count: Int = 100_000, seed: UInt64 = 7) -> [Double] {
        var random = RandomSource(seed: seed)
        return (0..<count).map { _ in Double(distribution.sample(&random).nanoseconds) / 1e6 }.sorted()
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }

    @Test func aSeedReplaysTheSameNumbersAndAnotherSeedDoesNot() {
        var a = RandomSource(seed: 42), b = RandomSource(seed: 42), c = RandomSource(seed: 43)
        let first = (0..<100).map { _ in a.unit() }
        #expect(first == (0..<100).map { _ in b.unit() })
        #expect(first != (0..<100).map { _ in c.unit() })
    }

    @Test func derivedSourcesAreIndependentOfEachOtherAndStable() {
        let root = RandomSource(seed: 1)
        var x1 = root.derived("provider:a"), x2 = root.derived("provider:a"), y = root.derived("provider:b")
        let xs = (0..<20).map { _ in x1.unit() }
        #expect(xs == (0..<20).map { _ in x2.unit() })
        #expect(xs != (0..<20).map { _ in y.unit() })
    }

    @Test func lognormalHasTheConfiguredMedianAndP99() {
        let sorted = Self.samples(.lognormal(p50: .milliseconds(200), p99: .milliseconds(2000)))
        let p50 = Self.percentile(sorted, 0.5), p99 = Self.percentile(sorted, 0.99)
        #expect(abs(p50 - 200) / 200 < 0.03, "p50 \(p50) ms")
        #expect(abs(p99 - 2000) / 2000 < 0.08, "p99 \(p99) ms")
    }

    @Test func uniformStaysInItsBoundsWithTheMeanInTheMiddle() {
        let sorted = Self.samples(.uniform(.milliseconds(100), .milliseconds(300)))
        #expect(sorted.first! >= 100 && sorted.last! < 300)
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        #expect(abs(mean - 200) < 2, "mean \(mean) ms")
    }

    @Test func fixedIsAlwaysItsValue() {
        #expect(Set(Self.samples(.fixed(.milliseconds(50)), count: 100)) == [50])
    }

    @Test func weightedPicksFollowTheirWeights() {
        var random = RandomSource(seed: 3)
        var counts = [0, 0, 0]
        for _ in 0..<90_000 { counts[random.pick(weights: [1, 2, 6])] += 1 }
        #expect(abs(Double(counts[0]) / 10_000 - 1) < 0.05)
        #expect(abs(Double(counts[1]) / 20_000 - 1) < 0.05)
        #expect(abs(Double(counts[2]) / 60_000 - 1) < 0.05)
    }

    @Test func chanceHappensAtItsRate() {
        var random = RandomSource(seed: 5)
        let hits = (0..<100_000).filter { _ in random.chance(0.03) }.count
        #expect(abs(Double(hits) / 3000 - 1) < 0.06, "\(hits) of 100,000 at 3 %")
    }
}
