import OmniCore

/// Shared set-up for the strategy tests.
enum Strategies {
    static let now = Instant(seconds: 1_750_000_000)

    /// `now` moved by whole seconds (negative: in the past).
    static func at(_ offset: Int64) -> Instant { now + .seconds(offset) }

    /// Upper critical values of chi-square at significance 0.001, by degrees of freedom
    /// (standard table). Each seeded test is deterministic; the bound says how far from the
    /// distribution a correct implementation can plausibly land, so exceeding it means bias.
    static let chiSquareCritical001: [Int: Double] = [2: 13.816, 3: 16.266, 4: 18.467, 5: 20.515, 23: 49.728]

    /// Pearson's chi-square statistic of observed counts against a uniform expectation.
    static func chiSquareUniform(_ observed: [Int]) -> Double {
        let expected = Double(observed.reduce(0, +)) / Double(observed.count)
        return observed.reduce(0) { sum, count in
            let difference = Double(count) - expected
            return sum + difference * difference / expected
        }
    }

    /// One choice with a fresh cursor and a fixed seed: for the deterministic strategies.
    static func choose(_ kind: AccountStrategyKind, _ candidates: [AccountCandidate]) -> AccountChoice {
        var cursor = RoundRobinCursor()
        var random = SplitMix64(seed: 1)
        return AccountStrategy.choose(kind, from: candidates, now: now, stickyLimit: 3, cursor: &cursor, random: &random)
    }

    /// One order with a fresh cursor and a fixed seed: for the deterministic strategies.
    static func order(_ kind: ComboStrategyKind, _ steps: [ComboCandidate]) -> [Int] {
        var cursor = ComboCursor()
        var random = SplitMix64(seed: 1)
        var result: [Int] = []
        ComboStrategy.order(kind, steps, now: now, cursor: &cursor, random: &random, into: &result)
        return result
    }
}

extension Strategies {
    /// A choice at `now` with the caller's cursor and generator, sticky limit 3.
    static func choose(_ kind: AccountStrategyKind, _ candidates: [AccountCandidate],
                       cursor: inout RoundRobinCursor, random: inout SplitMix64) -> AccountChoice {
        AccountStrategy.choose(kind, from: candidates, now: now, stickyLimit: 3, cursor: &cursor, random: &random)
    }

    /// An order at `now` with the caller's cursor, generator and scratch array.
    @discardableResult
    static func order(_ kind: ComboStrategyKind, _ steps: [ComboCandidate],
                      cursor: inout ComboCursor, random: inout SplitMix64, into order: inout [Int]) -> Int {
        ComboStrategy.order(kind, steps, now: now, cursor: &cursor, random: &random, into: &order)
    }
}
