import OmniCore

/// The requests in flight, in reusable slots: a flow's id is its slot and the slot's
/// generation, so an event scheduled for a finished flow (a timer, a cancelled attempt's
/// answer) never reaches the request that reuses the slot. Flows are handled in place:
/// copying one out of a dictionary and back copied its buffers at every event.
///
/// Slots are not optional: reading a member through `slots[i]!` copied the whole flow. A
/// finished flow stays in its slot (marked not live) until a new one takes the slot.
struct FlowTable {
    private var slots: [SimRunner.SimFlow] = []
    private var live: [Bool] = []
    private var generations: [UInt32] = []
    private var free: [Int] = []
    private(set) var count = 0

    /// A new flow's id.
    mutating func insert(_ flow: consuming SimRunner.SimFlow) -> Int {
        let slot: Int
        if let reused = free.popLast() {
            slot = reused
            slots[slot] = flow
        } else {
            slot = slots.count
            slots.append(flow)
            live.append(false)
            generations.append(0)
        }
        live[slot] = true
        count += 1
        return Int(generations[slot]) << 32 | slot
    }

    /// The slot of a live flow, nil when `id` is of a flow that has finished.
    @inline(__always) func slot(_ id: Int) -> Int? {
        let slot = id & 0xFFFF_FFFF
        return slot < slots.count && Int(generations[slot]) == id >> 32 && live[slot] ? slot : nil
    }

    /// A live flow, changed in place.
    mutating func update<Result>(slot: Int, _ body: (inout SimRunner.SimFlow) -> Result) -> Result {
        body(&slots[slot])
    }

    // Reads go through the in-place path too: reading a member of `slots[slot]` by value
    // copied the whole flow (its retains were a tenth of a simulated request's time).
    mutating func isCancelled(slot: Int, attempt: Int) -> Bool { update(slot: slot) { $0.cancelled.contains(attempt) } }
    mutating func isFinished(slot: Int) -> Bool { update(slot: slot) { $0.flow.isFinished } }
    mutating func outputTokens(slot: Int) -> Int? { update(slot: slot) { $0.outputTokens } }

    mutating func remove(slot: Int) {
        live[slot] = false
        generations[slot] &+= 1
        free.append(slot)
        count -= 1
    }
}
