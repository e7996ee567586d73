import Synchronization

/// Rows queued by the event loops and taken, all at once, by a writer off the request path
/// (the usage store, the metrics, the traffic recording).
///
/// `@inlinable`, so that a queue of rows of another module is specialized there: called as
/// a generic across modules, every append looked up the type metadata of its row type at
/// run time (a quarter of a microsecond a request under load).
public final class RowQueue<Row: Sendable>: Sendable {
    @usableFromInline let rows = Mutex<[Row]>([])

    @inlinable public init() {}

    /// Takes `row` over: it is moved into the queue, not copied.
    @inlinable public func append(_ row: consuming Row) {
        var moving: Row? = row
        rows.withLock { $0.append(moving.take()!) }
    }

    /// Rows taken from another queue, after those queued here.
    @inlinable public func append(contentsOf more: consuming [Row]) {
        rows.withLock { queued in
            if queued.isEmpty { swap(&queued, &more) } else { queued += more }
        }
    }

    /// Every queued row, in order. The queue starts over with the capacity it had, so steady
    /// traffic appends without growing it again.
    @inlinable public func takeAll() -> [Row] {
        rows.withLock { queued in
            var taken: [Row] = []
            taken.reserveCapacity(queued.capacity)
            swap(&taken, &queued)
            return taken
        }
    }
}
