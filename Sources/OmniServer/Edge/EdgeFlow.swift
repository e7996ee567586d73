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
    private var exchanges = AttemptExchanges()
    /// The flow's timers; the loop's `LoopTimers` holds the earliest of them.
    private var timers: [(timer: FlowTimer, at: Int64)] = []
    /// The actions of the event being handled: one list for all of the flow's events.
    private var actions: [FlowAction] = []
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
        // A whole answer sets three timers (deadline, first byte, idle): room for them at once.
        self.timers.reserveCapacity(4)
        actions.reserveCapacity(4)
    }

    func handle(_ event: FlowEvent) {
        guard !finished else { return }
        if busy { return queued.append(event) }
        busy = true
        services.gateway.handle(event, flow: &flow, into: &actions)
        apply()
        while !finished, !queued.isEmpty {
            services.gateway.handle(queued.removeFirst(), flow: &flow, into: &actions)
            apply()
        }
        busy = false
    }

    /// The client cannot take more bytes now: stop reading the upstream (backpressure).
    func pause() { exchanges.forEach { $0.pause() } }
    func resume() { exchanges.forEach { $0.resume() } }

    func clientGone() { handle(.clientGone(at: WallClock.now())) }

    /// Carries out `actions` and empties the list. Nothing adds to it meanwhile: an event
    /// that an action causes waits in `queued`. Each action is taken out of the list (swapped
    /// for a placeholder), not copied out of it: a copy retained the bytes and fields it
    /// carries (a request, a usage row), and the list released them again when it was emptied.
    private func apply() {
        for index in actions.indices {
            var action = FlowAction.endStream
            swap(&action, &actions[index])
            switch consume action {
            case .send(let request):
                // The request is moved into its exchange: nothing reads it after.
                let attempt = request.attempt
                // Held strongly until the exchange is done (it lets go of its report then).
                let exchange = services.client.execute(request, on: loop) { event in self.handle(event) }
                if let exchange, !exchange.isDone { exchanges.add(exchange, attempt: attempt) }
            case .cancelUpstream(let attempt):
                exchanges.remove(attempt: attempt)?.cancel()
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
        actions.removeAll(keepingCapacity: true)
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
        exchanges.forEach { $0.cancel() }
        exchanges = AttemptExchanges()
        edge?.flowFinished(self)
        edge = nil
    }
}

/// A flow's upstream exchanges in progress by attempt number. There is nearly always one at
/// a time (a failover cancels the attempt before the next): it has a field of its own, so a
/// flow makes no dictionary.
struct AttemptExchanges {
    private var first: (attempt: Int, exchange: UpstreamExchange)?
    private var others: [Int: UpstreamExchange] = [:]

    mutating func add(_ exchange: UpstreamExchange, attempt: Int) {
        if first == nil || first?.attempt == attempt { first = (attempt, exchange) } else { others[attempt] = exchange }
    }

    mutating func remove(attempt: Int) -> UpstreamExchange? {
        if let first, first.attempt == attempt {
            self.first = nil
            return first.exchange
        }
        return others.removeValue(forKey: attempt)
    }

    func forEach(_ body: (UpstreamExchange) -> Void) {
        if let first { body(first.exchange) }
        for exchange in others.values { body(exchange) }
    }
}
