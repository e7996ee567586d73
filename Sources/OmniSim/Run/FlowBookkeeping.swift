// What the simulator keeps of a flow besides the engine's state, inline.

/// A flow's timers in the queue, to take out when it finishes: a request sets three (its
/// total, first-byte and idle timers), kept inline so a flow allocates no array for them.
struct TimerHandles<Handle> {
    private var first: Handle?
    private var second: Handle?
    private var third: Handle?
    private var more: [Handle] = []

    mutating func append(_ handle: Handle) {
        if first == nil { first = handle } else if second == nil { second = handle } else if third == nil { third = handle } else { more.append(handle) }
    }

    func forEach(_ body: (Handle) -> Void) {
        if let first { body(first) }
        if let second { body(second) }
        if let third { body(third) }
        more.forEach(body)
    }
}

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
