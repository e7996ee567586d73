import OmniCore
import Testing

@Suite struct AccountStrategyTests {
    private let free = AccountCandidate()
    private let cooling = AccountCandidate(availableAt: Strategies.at(30))

    // MARK: fill-first

    @Test func fillFirstSendsEverythingToTheFirstAvailableAccount() {
        let accounts = [free, free, free]
        #expect(Strategies.choose(.fillFirst, accounts) == .account(0))
        #expect(Strategies.choose(.fillFirst, [cooling, free, free]) == .account(1))
        #expect(Strategies.choose(.fillFirst, [cooling, cooling, free]) == .account(2))
    }

    @Test func fillFirstFollowsPriorityBeforeListOrder() {
        let accounts = [AccountCandidate(priority: 2), AccountCandidate(priority: 1), AccountCandidate(priority: 1)]
        #expect(Strategies.choose(.fillFirst, accounts) == .account(1))
    }

    @Test func fillFirstReturnsToTheFirstAccountWhenItRecovers() {
        var accounts = [cooling, free]
        #expect(Strategies.choose(.fillFirst, accounts) == .account(1))
        accounts[0].availableAt = Strategies.now  // available again exactly now
        #expect(Strategies.choose(.fillFirst, accounts) == .account(0))
    }

    // MARK: round-robin

    /// Bound: every run is exactly `stickyLimit` long (the last possibly cut by the end of the
    /// picks), runs visit the accounts in list order, and each account gets k×n/n = k picks
    /// ±stickyLimit.
    @Test(arguments: [(1, 1), (3, 1), (3, 4), (1, 5), (2, 3), (5, 4)])
    func roundRobinServesStickyLimitInARowThenMovesOn(stickyLimit: Int, accountCount: Int) {
        let accounts = Array(repeating: free, count: accountCount)
        let k = 50
        var cursor = RoundRobinCursor()
        var random = SplitMix64(seed: 7)
        var picks: [Int] = []
        for _ in 0..<(k * accountCount) {
            guard case .account(let index) = AccountStrategy.choose(
                .roundRobin, from: accounts, now: Strategies.now, stickyLimit: stickyLimit, cursor: &cursor, random: &random)
            else { Issue.record("no account"); return }
            picks.append(index)
        }
        for (position, index) in picks.enumerated() {
            #expect(index == (position / stickyLimit) % accountCount)
        }
        for account in 0..<accountCount {
            let count = picks.filter { $0 == account }.count
            #expect(abs(count - k) <= stickyLimit)
        }
    }

    @Test func roundRobinSkipsUnavailableAccountsAndLeavesOneThatBecomesUnavailable() {
        var accounts = [free, cooling, free]
        var cursor = RoundRobinCursor()
        var random = SplitMix64(seed: 1)
        func next() -> AccountChoice {
            Strategies.choose(.roundRobin, accounts, cursor: &cursor, random: &random)
        }
        #expect([next(), next(), next()] == [.account(0), .account(0), .account(0)])
        #expect([next(), next()] == [.account(2), .account(2)])
        accounts[2] = cooling  // mid-run: the sticky account goes away
        #expect(next() == .account(0))
        #expect(cursor == RoundRobinCursor(current: 0, uses: 1))
    }

    @Test func roundRobinStaysOnTheOnlyAvailableAccount() {
        let accounts = [cooling, free, cooling]
        var cursor = RoundRobinCursor()
        var random = SplitMix64(seed: 1)
        for _ in 0..<10 {
            #expect(Strategies.choose(.roundRobin, accounts, cursor: &cursor, random: &random) == .account(1))
        }
    }

    @Test func roundRobinStartsOverWhenTheCursorIsOutOfRange() {
        var cursor = RoundRobinCursor(current: 9, uses: 1)  // the account list shrank
        var random = SplitMix64(seed: 1)
        let choice = Strategies.choose(.roundRobin, [free, free], cursor: &cursor, random: &random)
        #expect(choice == .account(0))
        #expect(cursor == RoundRobinCursor(current: 0, uses: 1))
    }

    @Test func roundRobinLeavesTheCursorAloneWhenNoAccountIsAvailable() {
        var cursor = RoundRobinCursor(current: 1, uses: 2)
        var random = SplitMix64(seed: 1)
        let choice = Strategies.choose(.roundRobin, [cooling, cooling], cursor: &cursor, random: &random)
        #expect(choice == .noneUntil(Strategies.at(30)))
        #expect(cursor == RoundRobinCursor(current: 1, uses: 2))
    }

    // MARK: power of two choices

    @Test func twoChoicesWithTwoAccountsAlwaysPicksTheLessLoaded() {
        let accounts = [AccountCandidate(inFlight: 5), AccountCandidate(inFlight: 2)]
        var cursor = RoundRobinCursor()
        var random = SplitMix64(seed: 11)
        for _ in 0..<1000 {
            #expect(Strategies.choose(.powerOfTwoChoices, accounts, cursor: &cursor, random: &random) == .account(1))
        }
    }

    @Test func twoChoicesBreaksLoadTiesByFailuresThenByRest() {
        let byFailures = [AccountCandidate(inFlight: 1, recentFailures: 3), AccountCandidate(inFlight: 1, recentFailures: 0)]
        let byRest = [AccountCandidate(lastUsed: Strategies.at(-1), inFlight: 1),
                      AccountCandidate(lastUsed: Strategies.at(-60), inFlight: 1)]
        var cursor = RoundRobinCursor()
        var random = SplitMix64(seed: 12)
        for _ in 0..<200 {
            #expect(Strategies.choose(.powerOfTwoChoices, byFailures, cursor: &cursor, random: &random) == .account(1))
            #expect(Strategies.choose(.powerOfTwoChoices, byRest, cursor: &cursor, random: &random) == .account(1))
        }
    }

    /// Three accounts loaded 0, 1, 9: the most loaded loses every pair it is drawn into, so
    /// it is never chosen; the least loaded wins both pairs it is in, 2/3 of draws. Bound:
    /// ±2 percentage points over 30,000 choices (about 7 standard deviations).
    @Test func twoChoicesNeverPicksTheMostLoadedOfThree() {
        let accounts = [AccountCandidate(inFlight: 9), AccountCandidate(inFlight: 0), AccountCandidate(inFlight: 1)]
        var cursor = RoundRobinCursor()
        var random = SplitMix64(seed: 13)
        var counts = [0, 0, 0]
        let trials = 30_000
        for _ in 0..<trials {
            guard case .account(let index) = Strategies.choose(.powerOfTwoChoices, accounts, cursor: &cursor, random: &random)
            else { Issue.record("no account"); return }
            counts[index] += 1
        }
        #expect(counts[0] == 0)
        #expect(abs(Double(counts[1]) / Double(trials) - 2.0 / 3.0) < 0.02)
    }

    @Test func twoChoicesWithOneAvailableAccountPicksIt() {
        #expect(Strategies.choose(.powerOfTwoChoices, [cooling, AccountCandidate(inFlight: 50), cooling]) == .account(1))
    }

    // MARK: random

    /// Bound: over 50,000 picks among 5 available accounts (2 more unavailable), the counts
    /// pass a chi-square uniformity test at significance 0.001 (df 4, critical 18.467).
    @Test func randomPicksUniformlyAmongAvailableAccounts() {
        let accounts = [free, cooling, free, free, cooling, free, free]
        var cursor = RoundRobinCursor()
        var random = SplitMix64(seed: 21)
        var counts = Array(repeating: 0, count: accounts.count)
        for _ in 0..<50_000 {
            guard case .account(let index) = Strategies.choose(.random, accounts, cursor: &cursor, random: &random)
            else { Issue.record("no account"); return }
            counts[index] += 1
        }
        #expect(counts[1] == 0 && counts[4] == 0)
        let availableCounts = [counts[0], counts[2], counts[3], counts[5], counts[6]]
        #expect(Strategies.chiSquareUniform(availableCounts) < Strategies.chiSquareCritical001[4]!)
    }

    @Test func theSameSeedChoosesTheSameAccounts() {
        let accounts = Array(repeating: free, count: 6)
        func run() -> [AccountChoice] {
            var cursor = RoundRobinCursor()
            var random = SplitMix64(seed: 99)
            return (0..<100).map { _ in
                Strategies.choose(.random, accounts, cursor: &cursor, random: &random)
            }
        }
        #expect(run() == run())
    }

    // MARK: least-used and cost-optimized

    @Test func leastUsedPicksANeverUsedAccountFirstThenTheOldest() {
        let used = [-10, -50, -20].map { AccountCandidate(lastUsed: Strategies.at($0)) }
        #expect(Strategies.choose(.leastUsed, used) == .account(1))
        #expect(Strategies.choose(.leastUsed, used + [AccountCandidate()]) == .account(3))
        #expect(Strategies.choose(.leastUsed, [free, free]) == .account(0))  // tie: list order
    }

    @Test func leastUsedSkipsAnUnavailableAccountEvenIfItIsTheOldest() {
        let accounts = [AccountCandidate(availableAt: Strategies.at(5), lastUsed: Strategies.at(-500)),
                        AccountCandidate(lastUsed: Strategies.at(-10))]
        #expect(Strategies.choose(.leastUsed, accounts) == .account(1))
    }

    @Test func costOptimizedPicksTheLowestPriorityThenTheLeastUsed() {
        let accounts = [
            AccountCandidate(priority: 2, lastUsed: Strategies.at(-100)),
            AccountCandidate(priority: 1, lastUsed: Strategies.at(-5)),
            AccountCandidate(priority: 1, lastUsed: Strategies.at(-30)),
            AccountCandidate(availableAt: Strategies.at(1), priority: 0),
        ]
        #expect(Strategies.choose(.costOptimized, accounts) == .account(2))
    }

    // MARK: nothing available

    @Test func noAccountAvailableGivesTheEarliestTimeOneWillBe() {
        let accounts = [AccountCandidate(availableAt: Strategies.at(40)), AccountCandidate(availableAt: .distantFuture),
                        AccountCandidate(availableAt: Strategies.at(7))]
        for kind in AccountStrategyKind.allCases {
            #expect(Strategies.choose(kind, accounts) == .noneUntil(Strategies.at(7)))
        }
    }

    @Test func noCandidatesOrAllExcludedGivesTheDistantFuture() {
        for kind in AccountStrategyKind.allCases {
            #expect(Strategies.choose(kind, []) == .noneUntil(.distantFuture))
            #expect(Strategies.choose(kind, [AccountCandidate(availableAt: .distantFuture)]) == .noneUntil(.distantFuture))
        }
    }
}
