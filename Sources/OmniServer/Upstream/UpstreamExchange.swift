import NIOCore
import OmniCore

/// One upstream attempt, from the engine's `send` until its end, on one event loop.
///
/// It waits for a pooled connection, then runs on it; it reports what happens as flow events
/// and stops reporting once it is cancelled. Loop-confined: every method runs on the loop of
/// the client connection that started it (the pool is that loop's too).
final class UpstreamExchange {
    enum State {
        case waiting
        case running(UpstreamConnection)
        case done
    }

    let request: UpstreamRequest
    let target: UpstreamTarget
    /// Where events go until the exchange is done; dropped then. The flow it reports to holds
    /// this exchange, and the closure holds the flow strongly: dropping it at the end is what
    /// breaks the cycle (a `weak` flow gave every flow a side table, which made each of its
    /// retains and releases the slow kind, and cost a weak load per event).
    private var report: ((FlowEvent) -> Void)?
    var state: State = .waiting
    /// A request that found its reused connection closed before any answer is sent once more
    /// on a fresh one (the server closed an idle connection as we wrote); never twice.
    var resent = false
    /// Whether the client side asked to stop reading (backpressure); applied to whichever
    /// connection runs the exchange.
    private(set) var paused = false

    init(request: UpstreamRequest, target: UpstreamTarget, report: @escaping (FlowEvent) -> Void) {
        self.request = request
        self.target = target
        self.report = report
    }

    var isDone: Bool { if case .done = state { true } else { false } }

    /// The request as it goes on the wire: `Host`, the engine's fields, the length, the body.
    func writeRequest(into out: inout ByteBuffer) {
        HTTP1Writer.requestLine(method: request.method, target: target.path, host: target.origin.hostHeader, into: &out)
        HTTP1Writer.fields(request.headers, into: &out)
        HTTP1Writer.contentLength(request.body.count, into: &out)
        out.writeStaticString("\r\n")
        out.writeBytes(request.body)
    }

    // MARK: from the connection

    func received(_ head: HTTP1ResponseHead) {
        guard !isDone else { return }
        report?(.upstreamHead(attempt: request.attempt, status: head.status, headers: head.headers, at: WallClock.now()))
    }

    func received(_ body: ByteBuffer) {
        guard !isDone else { return }
        report?(.upstreamChunk(attempt: request.attempt, bytes: Array(body.readableBytesView), at: WallClock.now()))
    }

    func ended() {
        guard !isDone, let report else { return }
        done()
        report(.upstreamEnd(attempt: request.attempt, at: WallClock.now()))
    }

    func failed(_ failure: TransportFailure) {
        guard !isDone, let report else { return }
        done()
        report(.upstreamFailed(attempt: request.attempt, failure: failure, at: WallClock.now()))
    }

    /// Nothing more is reported: the report (and the flow it holds) is let go.
    private func done() {
        state = .done
        report = nil
    }

    // MARK: from the engine's driver

    /// `cancelUpstream`: nothing more is reported; a connection mid-answer is closed (its
    /// remaining bytes would be the next request's garbage).
    func cancel() {
        let previous = state
        done()
        if case .running(let connection) = previous { connection.abandon(self) }
    }

    func pause() {
        paused = true
        if case .running(let connection) = state { connection.setReading(false) }
    }

    func resume() {
        paused = false
        if case .running(let connection) = state { connection.setReading(true) }
    }
}
