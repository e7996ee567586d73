import OmniCore

/// The simulator's agenda: events in order of their virtual time, and events due at the same
/// instant in the order they were scheduled, so a run depends on its seed and nothing else
/// (no hash order, no thread timing). A binary heap on (time, sequence).
public struct EventQueue<Event: Sendable>: Sendable {
    private struct Entry: Sendable {
        let at: Instant
        let sequence: UInt64
        let event: Event

        func precedes(_ other: Entry) -> Bool {
            at != other.at ? at < other.at : sequence < other.sequence
        }
    }

    private var heap: [Entry] = []
    private var scheduled: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { heap.isEmpty }
    public var count: Int { heap.count }
    /// When the next event is due.
    public var nextTime: Instant? { heap.first?.at }

    public mutating func schedule(_ event: Event, at: Instant) {
        heap.append(Entry(at: at, sequence: scheduled, event: event))
        scheduled += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest event and its time, removed from the agenda.
    public mutating func next() -> (at: Instant, event: Event)? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
                if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return (first.at, first.event)
    }
}

