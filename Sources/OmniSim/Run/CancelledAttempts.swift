/// The attempts a flow cancelled (their events are dropped when due): attempt numbers are
/// small, so a bit each; a stream's end cancels its attempt, and a set per stream was an
/// allocation.
struct CancelledAttempts {
    private var bits: UInt64 = 0
    private var more: Set<Int> = []

    mutating func insert(_ attempt: Int) {
        if (0..<64).contains(attempt) { bits |= 1 << UInt64(attempt) } else { more.insert(attempt) }
    }

    func contains(_ attempt: Int) -> Bool {
        (0..<64).contains(attempt) ? bits & (1 << UInt64(attempt)) != 0 : more.contains(attempt)
    }
}
