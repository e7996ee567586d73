import NIOCore
import NIOEmbedded
import Testing
@testable import OmniServer

/// Writes flush at the end of the loop's turn, together and once per connection, and every `batchLimit` connections
/// within a long turn; a write made by a flush (a pipelined answer) is flushed in the same turn.
@Suite struct LoopFlushesTests {
    /// Counts its flushes; may write again (ask for another flush) when flushed.
    final class Connection: FlushesAtTurnEnd {
        var flushWaits = false
        var flushes = 0
        var onFlush: (() -> Void)?
        func flushWritten() {
            flushes += 1
            onFlush?()
        }
    }

    @Test func aTurnsWritesAreFlushedTogetherAtItsEnd() throws {
        let loop = EmbeddedEventLoop()
        let flushes = LoopFlushes(loop: loop)
        let connections = (0..<3).map { _ in Connection() }
        // Each wrote twice in the turn.
        for connection in connections + connections { flushes.flushAtTurnEnd(connection) }
        // The turn is not over: nothing has gone out yet.
        #expect(connections.allSatisfy { $0.flushes == 0 })
        loop.run()
        #expect(connections.allSatisfy { $0.flushes == 1 })
        // Nothing waits any more: another turn flushes nothing twice.
        loop.run()
        #expect(connections.allSatisfy { $0.flushes == 1 })
    }

    @Test func aLongTurnFlushesEveryBatchLimitConnections() throws {
        let loop = EmbeddedEventLoop()
        let flushes = LoopFlushes(loop: loop)
        let connections = (0..<(LoopFlushes.batchLimit + 3)).map { _ in Connection() }
        for connection in connections { flushes.flushAtTurnEnd(connection) }
        // The first batch went out at once; the rest waits for the end of the turn.
        #expect(connections.prefix(LoopFlushes.batchLimit).allSatisfy { $0.flushes == 1 })
        #expect(connections.dropFirst(LoopFlushes.batchLimit).allSatisfy { $0.flushes == 0 })
        loop.run()
        #expect(connections.allSatisfy { $0.flushes == 1 })
    }

    @Test func aWriteMadeWhileFlushingIsFlushedInTheSameTurn() throws {
        let loop = EmbeddedEventLoop()
        let flushes = LoopFlushes(loop: loop)
        let first = Connection(), second = Connection()
        // Flushing `first` lets a pipelined answer be written on `second`.
        first.onFlush = { flushes.flushAtTurnEnd(second) }
        flushes.flushAtTurnEnd(first)
        loop.run()
        #expect(first.flushes == 1)
        #expect(second.flushes == 1)
    }
}
