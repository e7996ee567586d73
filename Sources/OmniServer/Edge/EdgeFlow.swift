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
    /// The flow's timers, and one NIO task for the earliest of them: most timers (first byte,
    /// total) never fire, and a request's later ones need no task of their own.
    private var timers: [(timer: FlowTimer, at: Int64)] = []
    private var wakeUp: (task: Scheduled<Void>, at: Int64)?
    /// Events that arrive while actions are being carried out (an upstream failing at once,
    /// a write noticing the client left) wait here: the flow sees events one at a time.
    private var queued: [FlowEvent] = []
    private var busy = false
    private(set) var finished = false

    init(services: EdgeServices, loop: any EventLoop, edge: EdgeHandler) {
        self.services = services
        self.loop = loop
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
                if wakeUp == nil || at.nanoseconds < wakeUp!.at { scheduleWakeUp(at: at.nanoseconds) }
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

    private func scheduleWakeUp(at deadline: Int64) {
        wakeUp?.task.cancel()
        let delay = max(0, deadline - WallClock.now().nanoseconds)
        let task = loop.assumeIsolated().scheduleTask(in: .nanoseconds(delay)) { [weak self] () -> Void in self?.timersDue() }
        wakeUp = (task, deadline)
    }

    /// Delivers every timer that is due, then waits for the next one.
    private func timersDue() {
        wakeUp = nil
        let now = WallClock.now()
        var due: [FlowTimer] = []
        timers.removeAll { entry in
            guard entry.at <= now.nanoseconds else { return false }
            due.append(entry.timer)
            return true
        }
        for timer in due { handle(.timerFired(timer, at: now)) }
        // Timers the handling started may have scheduled a later wake-up than one still waiting.
        if !finished, let next = timers.min(by: { $0.at < $1.at }), wakeUp == nil || next.at < wakeUp!.at { scheduleWakeUp(at: next.at) }
    }

    /// Once the flow is over nothing it started may outlive it.
    private func finish() {
        guard !finished else { return }
        finished = true
        wakeUp?.task.cancel()
        wakeUp = nil
        timers.removeAll()
        for exchange in exchanges.values { exchange.cancel() }
        exchanges.removeAll()
        edge?.flowFinished(self)
        edge = nil
    }
}
