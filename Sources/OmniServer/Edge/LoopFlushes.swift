import NIOCore

/// A connection whose written bytes wait for the end of its loop's turn.
protocol FlushesAtTurnEnd: AnyObject {
    /// Whether the connection waits for its loop's flush; kept by `LoopFlushes` alone.
    var flushWaits: Bool { get set }
    /// Sends what was written since the last flush (nothing if the connection has gone).
    func flushWritten()
}

/// Flushes held to the end of the event loop's turn. A turn handles every socket that was
/// ready at once: with each write flushed as it came, the answers of one turn left a few
/// microseconds apart, and the reader (the client, the upstream) had often gone back to sleep
/// between two of them, so each write paid for waking it: on a VM an inter-processor
/// interrupt and an exit, the largest single cost of a proxied request under load (`perf`:
/// `sock_def_readable`). Flushed together, the writes of a turn wake each reader once.
/// A lone request pays nothing for it: its turn ends right after its write.
///
/// A turn that writes to many connections (a burst of stream events from a thousand slow
/// streams) flushes every `batchLimit` of them: a relayed event then waits for at most that
/// many others' work, not the whole turn's (`run.sh`'s 1,000 streams: with no limit, a few
/// first events came more than 5 ms after the upstream's).
final class LoopFlushes {
    private let loop: any EventLoop
    private var waiting: [any FlushesAtTurnEnd] = []
    private var scheduled = false
    static let batchLimit = 16

    init(loop: any EventLoop) { self.loop = loop }

    /// `connection` has written and flushes at the end of this turn, once however often it
    /// wrote.
    func flushAtTurnEnd(_ connection: any FlushesAtTurnEnd) {
        guard !connection.flushWaits else { return }
        connection.flushWaits = true
        waiting.append(connection)
        if waiting.count >= Self.batchLimit { return flushWaiting() }
        guard !scheduled else { return }
        scheduled = true
        // NIO runs tasks after the turn's ready sockets: this comes after every write of the turn.
        loop.assumeIsolated().execute {
            self.scheduled = false
            self.flushWaiting()
        }
    }

    private func flushWaiting() {
        // A flush can lead to another write (a pipelined request's answer): that one waits
        // for the next flush, so the list is taken first.
        var flushing: [any FlushesAtTurnEnd] = []
        swap(&flushing, &waiting)
        for connection in flushing {
            connection.flushWaits = false
            connection.flushWritten()
        }
        flushing.removeAll(keepingCapacity: true)
        if waiting.isEmpty { swap(&flushing, &waiting) }
    }
}
