import OmniCore
import Testing

@Suite struct ComboStrategyTests {
    private let free = ComboCandidate()

    private func steps(weights: [Int]) -> [ComboCandidate] { weights.map { ComboCandidate(weight: $0) } }

    // MARK: priority and availability

    @Test func priorityKeepsTheListedOrder() {
        #expect(Strategies.order(.priority, [free, free, free, free]) == [0, 1, 2, 3])
    }

    @Test func unavailableStepsGoLastByWhenTheyBecomeAvailable() {
        let steps = [ComboCandidate(availableAt: Strategies.at(60)), free, ComboCandidate(availableAt: Strategies.at(5)), free,
                     ComboCandidate(availableAt: Strategies.at(60))]
        var cursor = ComboCursor()
        var random = SplitMix64(seed: 1)
        var order: [Int] = []
        let available = Strategies.order(.priority, steps, cursor: &cursor, random: &random, into: &order)
        #expect(available == 2)
        #expect(order == [1, 3, 2, 0, 4])  // ties in availableAt keep the strategy's order
    }

    @Test func noStepsGiveAnEmptyOrder() {
        for kind in ComboStrategyKind.allCases {
            var cursor = ComboCursor()
            var random = SplitMix64(seed: 1)
            var order = [7, 7]  // stale scratch content is cleared
            let available = Strategies.order(kind, [], cursor: &cursor, random: &random, into: &order)
            #expect(available == 0)
            #expect(order.isEmpty)
        }
    }

    // MARK: round-robin

    @Test func roundRobinRotatesTheStartingStepEachRequest() {
        var cursor = ComboCursor()
        var random = SplitMix64(seed: 1)
        var order: [Int] = []
        var orders: [[Int]] = []
        for _ in 0..<4 {
            Strategies.order(.roundRobin, [free, free, free], cursor: &cursor, random: &random, into: &order)
            orders.append(order)
        }
        #expect(orders == [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 1, 2]])
    }

    @Test func roundRobinMovesPastAnUnavailableStartingStep() {
        var steps = [free, free, free]
        var cursor = ComboCursor(next: 1)
        var random = SplitMix64(seed: 1)
        var order: [Int] = []
        steps[1].availableAt = Strategies.at(10)
        Strategies.order(.roundRobin, steps, cursor: &cursor, random: &random, into: &order)
        #expect(order == [2, 0, 1])
        #expect(cursor == ComboCursor(next: 0))  // the step after the one that went first
    }

    @Test func roundRobinKeepsTheCursorWhenNoStepIsAvailable() {
        let steps = [ComboCandidate(availableAt: Strategies.at(3)), ComboCandidate(availableAt: Strategies.at(2))]
        var cursor = ComboCursor(next: 1)
        var random = SplitMix64(seed: 1)
        var order: [Int] = []
        let available = Strategies.order(.roundRobin, steps, cursor: &cursor, random: &random, into: &order)
        #expect(available == 0)
        #expect(order == [1, 0])
        #expect(cursor == ComboCursor(next: 1))
    }

    @Test func roundRobinToleratesACursorOutOfRange() {
        var cursor = ComboCursor(next: -4)
        var random = SplitMix64(seed: 1)
        var order: [Int] = []
        Strategies.order(.roundRobin, [free, free, free], cursor: &cursor, random: &random, into: &order)
        #expect(order == [2, 0, 1])
        #expect(cursor == ComboCursor(next: 0))
    }

    // MARK: random and weighted

    /// Bound: over 48,000 shuffles of 4 steps, each of the 24 permutations appears with
    /// counts passing a chi-square uniformity test at significance 0.001 (df 23, critical 49.728).
    @Test func randomShufflesUniformlyOverAllPermutations() {
        var cursor = ComboCursor()
        var random = SplitMix64(seed: 31)
        var order: [Int] = []
        var counts: [[Int]: Int] = [:]
        for _ in 0..<48_000 {
            Strategies.order(.random, [free, free, free, free], cursor: &cursor, random: &random, into: &order)
            counts[order, default: 0] += 1
        }
        #expect(counts.count == 24)
        #expect(Strategies.chiSquareUniform(Array(counts.values)) < Strategies.chiSquareCritical001[23]!)
    }

    /// Bound: over 100,000 orders of weights 1, 2, 3, 4 the first step's frequency is within
    /// ±1.5 percentage points of weight/total (the largest standard deviation is 0.16 points).
    @Test func weightedPutsAStepFirstInProportionToItsWeight() {
        let weights = [1, 2, 3, 4]
        let firsts = firstCounts(.weighted, steps(weights: weights), trials: 100_000, seed: 41)
        for (index, weight) in weights.enumerated() {
            #expect(abs(Double(firsts[index]) / 100_000 - Double(weight) / 10) <= 0.015)
        }
    }

    /// Without replacement: once the first step is drawn, the second is drawn from the rest by
    /// weight. With weights 1, 1, 8, when step 2 is not first it is second in 8/9 of those
    /// orders. Bound: ±1.5 percentage points over 100,000 orders.
    @Test func weightedDrawsTheFollowingStepsFromTheRestByWeight() {
        var cursor = ComboCursor()
        var random = SplitMix64(seed: 42)
        var order: [Int] = []
        var notFirst = 0
        var second = 0
        for _ in 0..<100_000 {
            Strategies.order(.weighted, steps(weights: [1, 1, 8]), cursor: &cursor, random: &random, into: &order)
            if order[0] != 2 {
                notFirst += 1
                if order[1] == 2 { second += 1 }
            }
        }
        #expect(abs(Double(second) / Double(notFirst) - 8.0 / 9.0) <= 0.015)
    }

    /// An unavailable step's weight leaves the total: weights 1, 6 (unavailable), 3 make the
    /// first step 0 with 1/4 and 2 with 3/4. Bound: ±1.5 percentage points over 100,000 orders.
    @Test func weightedLeavesUnavailableStepsOutOfTheDraw() {
        var steps = steps(weights: [1, 6, 3])
        steps[1].availableAt = Strategies.at(1)
        let firsts = firstCounts(.weighted, steps, trials: 100_000, seed: 43)
        #expect(firsts[1] == 0)
        #expect(abs(Double(firsts[0]) / 100_000 - 0.25) <= 0.015)
    }

    @Test func weightedPutsStepsWithoutWeightLastInListOrder() {
        var cursor = ComboCursor()
        var random = SplitMix64(seed: 44)
        var order: [Int] = []
        for _ in 0..<1000 {
            Strategies.order(.weighted, steps(weights: [0, 5, -2, 5, 0]), cursor: &cursor, random: &random, into: &order)
            #expect(Set(order.prefix(2)) == [1, 3])
            #expect(Array(order.suffix(3)) == [0, 2, 4])
        }
        // All without weight: list order.
        #expect(Strategies.order(.weighted, steps(weights: [0, 0, 0])) == [0, 1, 2])
    }

    // MARK: least-used and cost-optimized

    @Test func leastUsedOrdersByInFlightThenRequestsThenListOrder() {
        let steps = [ComboCandidate(inFlight: 2, requests: 1), ComboCandidate(inFlight: 0, requests: 90),
                     ComboCandidate(inFlight: 0, requests: 10), ComboCandidate(inFlight: 2, requests: 1),
                     ComboCandidate(inFlight: 1, requests: 500)]
        #expect(Strategies.order(.leastUsed, steps) == [2, 1, 4, 0, 3])
    }

    @Test func costOptimizedPutsTheCheapestFirstAndUnpricedStepsLast() {
        let steps = [ComboCandidate(blendedPrice: nil), ComboCandidate(blendedPrice: 3.0), ComboCandidate(blendedPrice: 0.5),
                     ComboCandidate(blendedPrice: .nan), ComboCandidate(blendedPrice: 3.0), ComboCandidate(blendedPrice: 0)]
        #expect(Strategies.order(.costOptimized, steps) == [5, 2, 1, 4, 0, 3])
    }

    @Test func costOptimizedSkipsACheaperStepThatIsUnavailable() {
        let steps = [ComboCandidate(blendedPrice: 2), ComboCandidate(availableAt: Strategies.at(9), blendedPrice: 1)]
        #expect(Strategies.order(.costOptimized, steps) == [0, 1])
    }

    // MARK: helpers

    private func firstCounts(_ kind: ComboStrategyKind, _ steps: [ComboCandidate], trials: Int, seed: UInt64) -> [Int] {
        var cursor = ComboCursor()
        var random = SplitMix64(seed: seed)
        var order: [Int] = []
        var counts = Array(repeating: 0, count: steps.count)
        for _ in 0..<trials {
            Strategies.order(kind, steps, cursor: &cursor, random: &random, into: &order)
            counts[order[0]] += 1
        }
        return counts
    }
}
