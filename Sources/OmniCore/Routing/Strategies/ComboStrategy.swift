/// Orders the steps of a combo for one request (user guide, "Combo-Balancing-Strategien");
/// the engine then tries them in that order until one answers or attempts run out.
///
/// Hot path: called once per request. The order is written into a caller-owned `[Int]`
/// (cleared, capacity kept), so a reused scratch array means no allocation. Sorting is an
/// insertion sort in place: combos are short lists a user writes, where it beats anything
/// cleverer and is stable, which keeps ties in list order.
public enum ComboStrategy {
    /// Writes a permutation of `0..<steps.count` into `order` and returns how many of its
    /// leading steps are available (`availableAt <= now`).
    ///
    /// Available steps come first, in the strategy's order; unavailable ones after, by
    /// `availableAt` (ties in the strategy's order).
    /// - priority: as listed.
    /// - round-robin: listed order rotated to start at the cursor; the cursor then moves to
    ///   the step after the one placed first (only when a step is available).
    /// - random: a uniform shuffle (Fisher–Yates).
    /// - weighted: weighted random order without replacement: the first step is step `i`
    ///   with probability `weight(i) / total`, the next among the rest likewise. Steps with
    ///   no positive weight follow in list order.
    /// - least-used: fewest in flight, then fewest requests so far, then list order.
    /// - cost-optimized: cheapest blended price first, unpriced steps after priced ones,
    ///   ties in list order.
    ///
    /// Weighted and random order all steps first and then move the available ones forward;
    /// restricted to the available steps that is still the same distribution (a weighted
    /// order without replacement, restricted to a subset, is that subset's weighted order).
    @discardableResult
    public static func order<R: RandomNumberGenerator>(
        _ kind: ComboStrategyKind, _ steps: UnsafeBufferPointer<ComboCandidate>, now: Instant,
        cursor: inout ComboCursor, random: inout R, into order: inout [Int]
    ) -> Int {
        let count = steps.count
        order.removeAll(keepingCapacity: true)
        guard count > 0 else { return 0 }
        switch kind {
        case .priority:
            order.append(contentsOf: 0..<count)
        case .roundRobin:
            let start = Int(cursor.next) % count
            let first = start < 0 ? start + count : start
            for offset in 0..<count { order.append((first + offset) % count) }
        case .random:
            order.append(contentsOf: 0..<count)
            shuffle(&order, random: &random)
        case .weighted:
            weightedOrder(steps, into: &order, random: &random)
        case .leastUsed:
            order.append(contentsOf: 0..<count)
            insertionSort(&order) { a, b in
                let (x, y) = (steps[a], steps[b])
                return x.inFlight != y.inFlight ? x.inFlight < y.inFlight : x.requests < y.requests
            }
        case .costOptimized:
            order.append(contentsOf: 0..<count)
            insertionSort(&order) { a, b in
                guard let x = steps[a].price else { return false }
                guard let y = steps[b].price else { return true }
                return x < y
            }
        }
        let available = moveAvailableFirst(&order, steps, now: now)
        if kind == .roundRobin, available > 0 {
            cursor.next = Int32((order[0] + 1) % count)
        }
        return available
    }

    /// The same over an array (no copy: the array's storage is read in place).
    @discardableResult
    public static func order<R: RandomNumberGenerator>(
        _ kind: ComboStrategyKind, _ steps: [ComboCandidate], now: Instant,
        cursor: inout ComboCursor, random: inout R, into order: inout [Int]
    ) -> Int {
        steps.withUnsafeBufferPointer {
            self.order(kind, $0, now: now, cursor: &cursor, random: &random, into: &order)
        }
    }

    // MARK: - Orders

    /// Fisher–Yates with our own draw, so a seed shuffles the same on every Swift version.
    private static func shuffle<R: RandomNumberGenerator>(_ order: inout [Int], random: inout R) {
        var remaining = order.count
        while remaining > 1 {
            let pick = StrategyRandom.below(remaining, using: &random)
            remaining -= 1
            order.swapAt(pick, remaining)
        }
    }

    /// Positive weights first, each position drawn with probability proportional to weight
    /// among the steps not yet placed; then the rest in list order.
    private static func weightedOrder<R: RandomNumberGenerator>(
        _ steps: UnsafeBufferPointer<ComboCandidate>, into order: inout [Int], random: inout R
    ) {
        var total: UInt64 = 0
        for index in steps.indices where steps[index].drawWeight > 0 {
            order.append(index)
            total += steps[index].drawWeight
        }
        let weighted = order.count
        for index in steps.indices where steps[index].drawWeight == 0 { order.append(index) }

        // The pool is order[position..<weighted]; draw a point in its total weight and swap
        // the step it lands on into place.
        for position in 0..<max(weighted - 1, 0) {
            var point = StrategyRandom.below(total, using: &random)
            var chosen = position
            while point >= steps[order[chosen]].drawWeight {
                point -= steps[order[chosen]].drawWeight
                chosen += 1
            }
            order.swapAt(position, chosen)
            total -= steps[order[position]].drawWeight
        }
    }

    /// Stable: available steps keep their order in front, unavailable ones follow by
    /// `availableAt`, keeping their order on ties. Returns the number available.
    private static func moveAvailableFirst(
        _ order: inout [Int], _ steps: UnsafeBufferPointer<ComboCandidate>, now: Instant
    ) -> Int {
        var available = 0
        for index in steps.indices where steps[index].isAvailable(at: now) { available += 1 }
        if available == steps.count { return available }
        // Every available step sorts as `distantPast`: an unavailable one is later than
        // `now`, hence than `distantPast`.
        insertionSort(&order) { a, b in
            let x = steps[a].isAvailable(at: now) ? Instant.distantPast : steps[a].availableAt
            let y = steps[b].isAvailable(at: now) ? Instant.distantPast : steps[b].availableAt
            return x < y
        }
        return available
    }

    /// Stable in-place insertion sort of step indices; `precedes` is a strict weak order.
    @inline(__always)
    private static func insertionSort(_ order: inout [Int], by precedes: (Int, Int) -> Bool) {
        guard order.count > 1 else { return }
        for position in 1..<order.count {
            let item = order[position]
            var slot = position
            while slot > 0, precedes(item, order[slot - 1]) {
                order[slot] = order[slot - 1]
                slot -= 1
            }
            order[slot] = item
        }
    }
}
