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
