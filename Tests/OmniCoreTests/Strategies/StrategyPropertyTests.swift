import OmniCore
import Testing

/// Random candidate sets (seeded): availability in the past, exactly now, soon, later or
/// never; random priorities, last uses, loads, weights and prices; random cursors, some out of
/// range. Every strategy of both kinds must respect availability, and the deterministic ones
/// must agree with a plain reference model written from the guide.
@Suite struct StrategyPropertyTests {
    private static let setCount = 10_000

    private func availability(_ random: inout SplitMix64) -> Instant {
        switch random.int(0...5) {
        case 0: Strategies.at(-Int64(random.int(1...100)))
        case 1: Strategies.now
        case 2: Strategies.now + .nanoseconds(1)
        case 3: Strategies.at(Int64(random.int(1...100)))
        case 4: .distantFuture
        default: .distantPast
        }
    }

    private func accounts(_ random: inout SplitMix64) -> [AccountCandidate] {
        (0..<random.int(0...8)).map { _ in
            AccountCandidate(availableAt: availability(&random), priority: random.int(0...3),
                             lastUsed: random.chance(20) ? .distantPast : Strategies.at(-Int64(random.int(0...5))),
                             inFlight: Int32(random.int(0...3)), recentFailures: Int32(random.int(0...2)))
        }
    }

    private func steps(_ random: inout SplitMix64) -> [ComboCandidate] {
        (0..<random.int(0...7)).map { _ in
            ComboCandidate(availableAt: availability(&random), weight: random.int(-1...4),
                           blendedPrice: random.maybe(70) { Double($0.int(0...3)) },
                           inFlight: Int32(random.int(0...2)), requests: Int64(random.int(0...3)))
        }
    }

    /// Bound: in every one of 10,000 sets, for every account strategy, the choice is an
    /// available account when one exists, and otherwise `.noneUntil` the minimum availableAt.
    @Test func accountStrategiesNeverChooseAnUnavailableAccount() {
        var random = SplitMix64(seed: 2024)
        for _ in 0..<Self.setCount {
            let candidates = accounts(&random)
            let earliest = candidates.map(\.availableAt).min() ?? .distantFuture
            let anyAvailable = candidates.contains { $0.availableAt <= Strategies.now }
            for kind in AccountStrategyKind.allCases {
                var cursor = RoundRobinCursor(current: Int32(random.int(-1...9)), uses: Int32(random.int(0...4)))
                let choice = AccountStrategy.choose(kind, from: candidates, now: Strategies.now, stickyLimit: random.int(0...4),
                                                    cursor: &cursor, random: &random)
                switch choice {
                case .account(let index):
                    #expect(anyAvailable && candidates[index].availableAt <= Strategies.now,
                            "\(kind) chose \(index) of \(candidates)")
                case .noneUntil(let instant):
                    #expect(!anyAvailable && instant == earliest, "\(kind) gave none until \(instant) for \(candidates)")
                }
            }
        }
    }

    /// The deterministic account strategies against the guide's rule, written the slow way:
    /// the first available account by the strategy's key.
    @Test func deterministicAccountStrategiesMatchTheirReferenceModels() {
        var random = SplitMix64(seed: 2025)
        for _ in 0..<Self.setCount {
            let candidates = accounts(&random)
            let available = candidates.indices.filter { candidates[$0].availableAt <= Strategies.now }
            guard !available.isEmpty else { continue }
            func first<K: Comparable>(by key: (AccountCandidate) -> K) -> AccountChoice {
                .account(available.min { key(candidates[$0]) < key(candidates[$1]) }!)  // min keeps the first of equals
            }
            #expect(Strategies.choose(.fillFirst, candidates) == first { $0.priority })
            #expect(Strategies.choose(.leastUsed, candidates) == first { $0.lastUsed })
            #expect(Strategies.choose(.costOptimized, candidates) == first { PriorityThenRest(candidate: $0) })
        }
    }

    /// Bound: in every one of 10,000 sets, for every combo strategy, the order is a permutation
    /// of the step indices, its first `available` steps are exactly the available ones, and the
    /// rest are sorted by availableAt.
    @Test func comboOrdersArePermutationsWithAvailableStepsFirst() {
        var random = SplitMix64(seed: 2026)
        var order: [Int] = []
        for _ in 0..<Self.setCount {
            let candidates = steps(&random)
            let availableCount = candidates.filter { $0.availableAt <= Strategies.now }.count
            for kind in ComboStrategyKind.allCases {
                var cursor = ComboCursor(next: Int32(random.int(-3...9)))
                let available = Strategies.order(kind, candidates, cursor: &cursor, random: &random, into: &order)
                #expect(order.sorted() == Array(candidates.indices), "\(kind): \(order) is no permutation")
                #expect(available == availableCount)
                #expect(order.prefix(available).allSatisfy { candidates[$0].availableAt <= Strategies.now })
                let later = order.dropFirst(available).map { candidates[$0].availableAt }
                #expect(later.allSatisfy { $0 > Strategies.now } && later == later.sorted(), "\(kind): \(later)")
            }
        }
    }

    /// The deterministic combo strategies against a stable sort by (unavailable, availableAt
    /// if unavailable, strategy key, list position).
    @Test func deterministicComboStrategiesMatchTheirReferenceModels() {
        var random = SplitMix64(seed: 2027)
        for _ in 0..<Self.setCount {
            let candidates = steps(&random)
            func reference(_ key: (ComboCandidate) -> [Int64]) -> [Int] {
                candidates.indices.sorted { a, b in
                    func full(_ i: Int) -> [Int64] {
                        let step = candidates[i]
                        let wait = step.availableAt <= Strategies.now ? [0, 0] : [1, step.availableAt.nanoseconds]
                        return wait + key(step) + [Int64(i)]
                    }
                    return full(a).lexicographicallyPrecedes(full(b))
                }
            }
            #expect(Strategies.order(.priority, candidates) == reference { _ in [] })
            #expect(Strategies.order(.leastUsed, candidates) == reference { [Int64($0.inFlight), $0.requests] })
            // Prices are whole numbers here, so scaled integers order them exactly.
            #expect(Strategies.order(.costOptimized, candidates) == reference { step in
                step.blendedPrice.map { [0, Int64($0 * 100)] } ?? [1, 0]
            })
        }
    }
}

/// Cost-optimized's key: lower priority, then the older last use.
private struct PriorityThenRest: Comparable {
    var candidate: AccountCandidate
    static func < (a: Self, b: Self) -> Bool {
        (a.candidate.priority, a.candidate.lastUsed) < (b.candidate.priority, b.candidate.lastUsed)
    }
    static func == (a: Self, b: Self) -> Bool { !(a < b) && !(b < a) }
}
