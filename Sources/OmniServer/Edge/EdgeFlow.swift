import NIOCore
import OmniCore

/// Runs one `RequestFlow` on its client connection's event loop: upstream attempts on that
/// loop's pool, timers on that loop, answers written by the connection. The flow decides;
/// this only does what the actions say. Loop-confined, so nothing is locked but the shared
/// gateway state inside `SharedGateway.handle`.
final class EdgeFlow {
    private let services: EdgeServices
    private let loop: any EventLoop
    private var edge: EdgeHandler?
    private var flow: RequestFlow
    private var exchanges: [Int: UpstreamExchange] = [:]
    /// The flow's timers; the loop's `LoopTimers` holds the earliest of them.
    private var timers: [(timer: FlowTimer, at: Int64)] = []
    private let loopTimers: LoopTimers
    /// This flow's place in `loopTimers` (-1: none) and the deadline it holds there.
    var timerSlot = -1
    var timerDeadline = Int64.max
    /// Events that arrive while actions are being carried out (an upstream failing at once,
    /// a write noticing the client left) wait here: the flow sees events one at a time.
    private var queued: [FlowEvent] = []
    private var busy = false
    private(set) var finished = false

    init(services: EdgeServices, loop: any EventLoop, timers: LoopTimers, edge: EdgeHandler) {
        self.services = services
        self.loop = loop
        loopTimers = timers
        self.edge = edge
        flow = RequestFlow(table: services.gateway.table)
    }

    func handle(_ event: FlowEvent) {
        guard !finished else { return }
        if busy { return queued.append(event) }
        busy = true
        apply(services.gateway.handle(event, flow: &flow))
        while !finished, !queued.isEmpty {
            apply(services.gateway.handle(queued.removeFirst(), flow: &flow))
        }
        busy = false
    }

    /// The client cannot take more bytes now: stop reading the upstream (backpressure).
    func pause() { for exchange in exchanges.values { exchange.pause() } }
    func resume() { for exchange in exchanges.values { exchange.resume() } }

    func clientGone() { handle(.clientGone(at: WallClock.now())) }

    private func apply(_ actions: [FlowAction]) {
        for action in actions {
            switch action {
            case .send(let request):
                let exchange = services.client.execute(request, on: loop) { [weak self] event in self?.handle(event) }
                if let exchange, !exchange.isDone { exchanges[request.attempt] = exchange }
            case .cancelUpstream(let attempt):
                exchanges.removeValue(forKey: attempt)?.cancel()
            case .respond(let response):
                edge?.respond(response)
            case .startStream(let headers):
                edge?.startStream(headers)
            case .relay(let bytes):
                edge?.relay(bytes)
            case .endStream:
                edge?.endStream()
            case .startTimer(let timer, let at):
                timers.append((timer, at.nanoseconds))
                if at.nanoseconds < timerDeadline { loopTimers.set(self, at: at.nanoseconds) }
            case .record(let record):
                services.onRecord(record)
            case .notice(let notice):
                services.onNotice?(notice, WallClock.now())
            }
        }
        if Self.isFinished(&flow) { finish() }
    }

    /// Read in place: `flow.isFinished` on the stored property copied the whole flow out of
    /// this object (a retain and a release of each of its fields) after every event.
    private static func isFinished(_ flow: inout RequestFlow) -> Bool { flow.isFinished }

    /// Called by the loop's timers once the earliest deadline passed (this flow is out of
    /// them by then): every timer that is due is delivered, then the next one is set.
    func timersDue() {
        timerDeadline = .max
        let now = WallClock.now()
        var due: [FlowTimer] = []
        timers.removeAll { entry in
            guard entry.at <= now.nanoseconds else { return false }
            due.append(entry.timer)
            return true
        }
        for timer in due { handle(.timerFired(timer, at: now)) }
        // Timers the handling started may already have set an earlier deadline.
        if !finished, let next = timers.min(by: { $0.at < $1.at }), next.at < timerDeadline { loopTimers.set(self, at: next.at) }
    }

    /// Once the flow is over nothing it started may outlive it.
    private func finish() {
        guard !finished else { return }
        finished = true
        loopTimers.remove(self)
        timerDeadline = .max
        timers.removeAll()
        for exchange in exchanges.values { exchange.cancel() }
        exchanges.removeAll()
        edge?.flowFinished(self)
        edge = nil
    }
}
