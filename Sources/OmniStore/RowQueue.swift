import Synchronization

/// Rows queued by the event loops and taken, all at once, by a writer off the request path
/// (the usage store, the metrics, the traffic recording).
public final class RowQueue<Row: Sendable>: Sendable {
    private let rows = Mutex<[Row]>([])

    public init() {}

    /// Takes `row` over: it is moved into the queue, not copied.
    public func append(_ row: consuming Row) {
        var moving: Row? = row
        rows.withLock { $0.append(moving.take()!) }
    }

    /// Rows taken from another queue, after those queued here.
    public func append(contentsOf more: consuming [Row]) {
        rows.withLock { queued in
            if queued.isEmpty { swap(&queued, &more) } else { queued += more }
        }
    }

    /// Every queued row, in order. The queue starts over with the capacity it had, so steady
    /// traffic appends without growing it again.
    public func takeAll() -> [Row] {
        rows.withLock { queued in
            var taken: [Row] = []
            taken.reserveCapacity(queued.capacity)
            swap(&taken, &queued)
            return taken
        }
    }
}
