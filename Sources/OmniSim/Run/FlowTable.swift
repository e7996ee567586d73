import OmniCore

/// The requests in flight, in reusable slots: a flow's id is its slot and the slot's
/// generation, so an event scheduled for a finished flow (a timer, a cancelled attempt's
/// answer) never reaches the request that reuses the slot. Flows are handled in place:
/// copying one out of a dictionary and back copied its buffers at every event.
struct FlowTable {
    private var slots: [SimRunner.SimFlow?] = []
    private var generations: [UInt32] = []
    private var free: [Int] = []
    private(set) var count = 0

    /// A new flow's id.
    mutating func insert(_ flow: SimRunner.SimFlow) -> Int {
        let slot: Int
        if let reused = free.popLast() {
            slot = reused
            slots[slot] = flow
        } else {
            slot = slots.count
            slots.append(flow)
            generations.append(0)
        }
        count += 1
        return Int(generations[slot]) << 32 | slot
    }

    /// The slot of a live flow, nil when `id` is of a flow that has finished.
    @inline(__always) func slot(_ id: Int) -> Int? {
        let slot = id & 0xFFFF_FFFF
        return slot < slots.count && Int(generations[slot]) == id >> 32 && slots[slot] != nil ? slot : nil
    }

    subscript(slot slot: Int) -> SimRunner.SimFlow {
        _read { yield slots[slot]! }
        _modify { yield &slots[slot]! }
    }

    mutating func remove(slot: Int) {
        slots[slot] = nil
        generations[slot] &+= 1
        free.append(slot)
        count -= 1
    }
}
