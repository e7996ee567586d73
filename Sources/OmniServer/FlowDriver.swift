import Hummingbird
import NIOCore
import NIOPosix
import OmniCore

/// Runs one `RequestFlow` with real I/O: upstream attempts on AsyncHTTPClient tasks, timers
/// as sleeping tasks, all of them reporting back into one event stream the driver consumes
/// in order. The flow decides; the driver only does what the actions say.
///
/// Used by one task at a time — the request handler until the answer's shape is known, then
/// the response body writer of a stream — hence `@unchecked Sendable`.
final class FlowDriver: @unchecked Sendable {
    enum Start {
        case whole(ClientResponse)
        case stream(HeaderFields)
    }

    private let gateway: SharedGateway
    private let transport: UpstreamTransport
    private let onRecord: @Sendable (UsageRecord) -> Void
    private var flow: RequestFlow
    private let sink: AsyncStream<FlowEvent>.Continuation
    private var iterator: AsyncStream<FlowEvent>.AsyncIterator
    private var upstreams: [Int: Task<Void, Never>] = [:]
    /// Timers run on a NIO event loop: scheduling one is a heap insert, where a sleeping
    /// task per timer cost a task each (three a request).
    private var timers: [Scheduled<Void>] = []
    private let loop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()
    private var start: Start?
    private var pending: [[UInt8]] = []
    private var ended = false

    init(gateway: SharedGateway, transport: UpstreamTransport, onRecord: @escaping @Sendable (UsageRecord) -> Void) {
        self.gateway = gateway
        self.transport = transport
        self.onRecord = onRecord
        flow = RequestFlow(table: gateway.table)
        let (stream, continuation) = AsyncStream<FlowEvent>.makeStream()
        sink = continuation
        iterator = stream.makeAsyncIterator()
    }

    /// Feeds the request and runs until the flow has decided what kind of answer it gives.
    func begin(_ request: IncomingRequest) async -> Start {
        apply(gateway.handle(.arrived(request), flow: &flow))
        while start == nil, !flow.isFinished, let event = await iterator.next() {
            apply(gateway.handle(event, flow: &flow))
        }
        if start == nil {
            // The handler task was cancelled (the client left) before any answer.
            clientGone()
            return .whole(GatewayError(status: 499, code: "client_gone", message: "client closed the request").response(for: .openai))
        }
        if case .whole = start { finishIfDone() }
        return start!
    }

    /// Writes the stream's bytes as the flow relays them, until it ends it. A write that
    /// fails means the client left: the flow is told, and cancels its upstream.
    func stream(into writer: inout any ResponseBodyWriter) async throws {
        defer { finishIfDone(force: true) }
        while true {
            for bytes in pending {
                do {
                    try await writer.write(ByteBuffer(bytes: bytes))
                } catch {
                    clientGone()
                    throw error
                }
            }
            pending.removeAll()
            if ended || flow.isFinished { break }
            guard let event = await iterator.next() else { break }
            apply(gateway.handle(event, flow: &flow))
        }
        try await writer.finish(nil)
    }

    private func clientGone() {
        if !flow.isFinished { apply(gateway.handle(.clientGone(at: WallClock.now()), flow: &flow)) }
        finishIfDone(force: true)
    }

    private func apply(_ actions: [FlowAction]) {
        for action in actions {
            switch action {
            case .send(let request):
                let sink = self.sink, transport = self.transport
                upstreams[request.attempt] = Task { await transport.perform(request) { sink.yield($0) } }
            case .cancelUpstream(let attempt):
                upstreams.removeValue(forKey: attempt)?.cancel()
            case .respond(let response):
                start = .whole(response)
            case .startStream(let headers):
                start = .stream(headers)
            case .relay(let bytes):
                pending.append(bytes)
            case .endStream:
                ended = true
            case .startTimer(let timer, let at):
                let delay = max(0, at.nanoseconds - WallClock.now().nanoseconds)
                let sink = self.sink
                timers.append(loop.scheduleTask(in: .nanoseconds(delay)) { sink.yield(.timerFired(timer, at: WallClock.now())) })
            case .record(let record):
                onRecord(record)
            case .notice:
                break
            }
        }
    }

    /// Once the flow is over nothing it started may outlive it.
    private func finishIfDone(force: Bool = false) {
        guard flow.isFinished || force else { return }
        for task in timers { task.cancel() }
        timers.removeAll()
        for task in upstreams.values { task.cancel() }
        upstreams.removeAll()
        sink.finish()
    }
}
