import OmniCore

/// The simulator's agenda: events in order of their virtual time, and events due at the same
/// instant in the order they were scheduled, so a run depends on its seed and nothing else
/// (no hash order, no thread timing).
///
/// A binary heap on (time, sequence) whose entries are plain numbers: the events themselves
/// (which hold byte arrays) sit in a slab and only move twice, in and out. Sifting entries
/// that held the events retained and released their payloads at every swap, which was a
/// seventh of a simulated request's time.
public struct EventQueue<Event: Sendable>: Sendable {
    private struct Entry: Sendable {
        let at: Int64
        let sequence: UInt64
        let slot: Int32

        @inline(__always) func precedes(_ other: Entry) -> Bool {
            at != other.at ? at < other.at : sequence < other.sequence
        }
    }

    private var heap: [Entry] = []
    private var slab: [Event?] = []
    private var freeSlots: [Int32] = []
    private var scheduled: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { heap.isEmpty }
    public var count: Int { heap.count }
    /// When the next event is due.
    public var nextTime: Instant? { heap.first.map { Instant(nanoseconds: $0.at) } }

    public mutating func schedule(_ event: Event, at: Instant) {
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slab[Int(free)] = event
        } else {
            slot = Int32(slab.count)
            slab.append(event)
        }
        let entry = Entry(at: at.nanoseconds, sequence: scheduled, slot: slot)
        scheduled += 1
        // Sift up by moving parents down into the hole, then place the entry once.
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entry.precedes(heap[parent]) else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = entry
    }

    /// The earliest event and its time, removed from the agenda.
    public mutating func next() -> (at: Instant, event: Event)? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            // Sift down: move the smaller child up into the hole until `last` fits.
            var parent = 0
            let count = heap.count
            while true {
                let left = 2 * parent + 1
                if left >= count { break }
                let right = left + 1
                let smaller = right < count && heap[right].precedes(heap[left]) ? right : left
                guard heap[smaller].precedes(last) else { break }
                heap[parent] = heap[smaller]
                parent = smaller
            }
            heap[parent] = last
        }
        let slot = Int(first.slot)
        let event = slab[slot].take()!
        freeSlots.append(first.slot)
        return (Instant(nanoseconds: first.at), event)
    }
}
