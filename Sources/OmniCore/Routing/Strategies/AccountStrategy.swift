/// Chooses the account of a provider that serves one upstream attempt (user guide,
/// "Routing-Strategien"). Pure apart from the cursor and the random source passed in.
///
/// Hot path: called at every attempt. It allocates nothing, reads the candidates in place
/// (an `UnsafeBufferPointer`, or an array through the overload below) and makes at most two
/// passes over them, plus one per random draw.
public enum AccountStrategy {
    /// The account for this attempt, never an unavailable one while an available one exists.
    ///
    /// - fill-first: the lowest `priority`, ties in list order — the first account serves
    ///   everything until it is unavailable. (`priority` defaults to the list position, so
    ///   this is list order unless the user reorders by priority, as the guide describes.)
    /// - round-robin: the current account serves `stickyLimit` requests in a row (values
    ///   below 1 count as 1), then the next available one in list order, wrapping.
    /// - p2c: two distinct available accounts drawn at random; the one with fewer requests in
    ///   flight wins, then fewer recent failures, then the older `lastUsed`; on a full tie
    ///   the first drawn (so the tie is broken at random).
    /// - random: a uniformly random available account — the first element of a
    ///   Fisher–Yates shuffle of the available ones, without building the shuffle.
    /// - least-used: the oldest `lastUsed` (never used first), ties in list order.
    /// - cost-optimized: the lowest `priority`, ties by least-used, then list order.
    ///
    /// Exclusion: accounts already tried in this request are passed with
    /// `availableAt = .distantFuture` (see `AccountCandidate.availableAt`).
    ///
    /// `cursor` is only touched by round-robin, and only when it returns an account: call
    /// once per attempt that is actually sent.
    public static func choose<R: RandomNumberGenerator>(
        _ kind: AccountStrategyKind, from candidates: UnsafeBufferPointer<AccountCandidate>, now: Instant,
        stickyLimit: Int, cursor: inout RoundRobinCursor, random: inout R
    ) -> AccountChoice {
        var available = 0
        var earliest = Instant.distantFuture
        for candidate in candidates {
            if candidate.isAvailable(at: now) {
                available += 1
            } else if candidate.availableAt < earliest {
                earliest = candidate.availableAt
            }
        }
        guard available > 0 else { return .noneUntil(earliest) }

        switch kind {
        case .fillFirst:
            return .account(best(of: candidates, now: now) { $0.priority < $1.priority })
        case .roundRobin:
            return .account(roundRobin(candidates, now: now, stickyLimit: stickyLimit, cursor: &cursor))
        case .powerOfTwoChoices:
            return .account(twoChoices(candidates, available: available, now: now, random: &random))
        case .random:
            let rank = StrategyRandom.below(available, using: &random)
            return .account(availableIndex(rank, in: candidates, now: now))
        case .leastUsed:
            return .account(best(of: candidates, now: now) { $0.lastUsed < $1.lastUsed })
        case .costOptimized:
            return .account(best(of: candidates, now: now) {
                $0.priority != $1.priority ? $0.priority < $1.priority : $0.lastUsed < $1.lastUsed
            })
        }
    }

    /// The same over an array (no copy: the array's storage is read in place).
    public static func choose<R: RandomNumberGenerator>(
        _ kind: AccountStrategyKind, from candidates: [AccountCandidate], now: Instant,
        stickyLimit: Int, cursor: inout RoundRobinCursor, random: inout R
    ) -> AccountChoice {
        candidates.withUnsafeBufferPointer {
            choose(kind, from: $0, now: now, stickyLimit: stickyLimit, cursor: &cursor, random: &random)
        }
    }

    // MARK: - The strategies

    /// The first available candidate that no later available one `isBetter` than; the
    /// caller has checked that one is available.
    @inline(__always)
    private static func best(
        of candidates: UnsafeBufferPointer<AccountCandidate>, now: Instant,
        isBetter: (AccountCandidate, AccountCandidate) -> Bool
    ) -> Int {
        var chosen = -1
        for index in candidates.indices where candidates[index].isAvailable(at: now) {
            if chosen < 0 || isBetter(candidates[index], candidates[chosen]) { chosen = index }
        }
        return chosen
    }

    private static func roundRobin(
        _ candidates: UnsafeBufferPointer<AccountCandidate>, now: Instant, stickyLimit: Int,
        cursor: inout RoundRobinCursor
    ) -> Int {
        let count = candidates.count
        let limit = Int32(clamping: max(stickyLimit, 1))
        let current = Int(cursor.current)
        let inRange = current >= 0 && current < count
        if inRange, candidates[current].isAvailable(at: now), cursor.uses < limit {
            cursor.uses += 1
            return current
        }
        // Move on: the next available account after the current one, wrapping (back to the
        // current one if it is the only one available). A cursor left out of range by a
        // shrunk account list starts over at the first account.
        let start = inRange ? current + 1 : 0
        for step in 0..<count {
            let index = (start + step) % count
            if candidates[index].isAvailable(at: now) {
                cursor = RoundRobinCursor(current: Int32(index), uses: 1)
                return index
            }
        }
        preconditionFailure("round-robin called with no available account")
    }

    private static func twoChoices<R: RandomNumberGenerator>(
        _ candidates: UnsafeBufferPointer<AccountCandidate>, available: Int, now: Instant, random: inout R
    ) -> Int {
        let firstRank = StrategyRandom.below(available, using: &random)
        let first = availableIndex(firstRank, in: candidates, now: now)
        guard available > 1 else { return first }
        // A second, distinct rank: draw among the other `available - 1` and skip the first.
        var secondRank = StrategyRandom.below(available - 1, using: &random)
        if secondRank >= firstRank { secondRank += 1 }
        let second = availableIndex(secondRank, in: candidates, now: now)
        return isHealthier(candidates[second], than: candidates[first]) ? second : first
    }

    /// Less loaded, then fewer recent failures, then rested longer.
    @inline(__always)
    private static func isHealthier(_ a: AccountCandidate, than b: AccountCandidate) -> Bool {
        if a.inFlight != b.inFlight { return a.inFlight < b.inFlight }
        if a.recentFailures != b.recentFailures { return a.recentFailures < b.recentFailures }
        return a.lastUsed < b.lastUsed
    }

    /// The index of the `rank`-th (from 0) available candidate.
    @inline(__always)
    private static func availableIndex(
        _ rank: Int, in candidates: UnsafeBufferPointer<AccountCandidate>, now: Instant
    ) -> Int {
        var seen = 0
        for index in candidates.indices where candidates[index].isAvailable(at: now) {
            if seen == rank { return index }
            seen += 1
        }
        preconditionFailure("rank \(rank) beyond the available accounts")
    }
}
