import OmniCore

/// Plays a scenario on a virtual clock: one thread, one event queue, one seeded random
/// source, and the real engine (`RequestFlow`, `GatewayState`) in the middle, fed the events
/// a real transport would report. Nothing here reads a clock or sleeps, so a simulated day
/// runs in seconds and a seed replays a run byte for byte.
public struct SimRunner {
    enum Event: Sendable {
        case arrival
        case flow(id: Int, PendingEvent)
        /// Two events of one flow due at the same instant (headers with the first piece, the
        /// last piece with the end): one pass through the queue instead of two.
        case pair(id: Int, PendingEvent, PendingEvent)
    }

    /// A streamed answer arrives in this many pieces, or more when the generation is so slow
    /// that the gap between pieces would pass half the gateway's idle timeout (a real stream
    /// sends a token every few tens of milliseconds, and must not look idle here). The first
    /// piece comes with the headers, the last at the end; each piece is one engine event, so
    /// fewer pieces make a faster simulation. Two is enough: what a report shows of a stream
    /// (first byte, end, tokens, the idle timer) is the same as with four (all 17 bundled
    /// scenarios wrote byte-identical reports with 4 and with 2), and it is 6 % less CPU.
    static let streamPieces = 2
    static let maxStreamPieces = 64

    static func pieceCount(generation: Span, idleTimeout: Span) -> Int {
        guard idleTimeout > .zero, generation > .zero else { return streamPieces }
        let needed = Int((Double(generation.nanoseconds) / Double(idleTimeout.nanoseconds / 2)).rounded(.up)) + 1
        return min(maxStreamPieces, max(streamPieces, needed))
    }

    public let scenario: SimScenario
    private var queue = EventQueue<Event>()
    private var state: GatewayState
    private var flows = FlowTable()
    /// One simulated upstream per account (by the account's index in the routing table).
    private var upstreams: [SimulatedProvider] = []
    private var accountIndex: [String: Int] = [:]
    private var traffic: TrafficGenerator
    /// The next request, drawn when the one before arrives.
    private var pending: TrafficGenerator.Request?
    private(set) public var result: SimResult

    /// A request in flight: the engine's flow, and the attempts it cancelled (their scheduled
    /// events are dropped when due; they go with the flow).
    struct SimFlow {
        var flow: RequestFlow
        var cancelled = CancelledAttempts()
        /// A replayed request's recorded answer length, which the provider then gives.
        var outputTokens: Int?
        /// Its timers in the queue, taken out when it finishes (they could only be ignored).
        var timers = InlineList<EventQueue<Event>.Handle>()
    }

    /// Client requests are a function of these: each distinct one is written and translated once.
    struct RequestKey: Hashable {
        let model: String
        /// Hashed instead of the name when known (see `AnswerCache.Key`); keys compare by name.
        let modelSlot: Int
        let words: Int
        let stream: Bool
        let format: WireFormat

        func hash(into hasher: inout Hasher) {
            if modelSlot >= 0 { hasher.combine(modelSlot) } else { hasher.combine(model) }
            hasher.combine(words)
            hasher.combine(stream)
            hasher.combine(format)
        }
    }
    private var requests: [RequestKey: IncomingRequest] = [:]
    static let requestCacheCapacity = 100_000
    private var answers = AnswerCache()
    private var scratchActions: [FlowAction] = []
    private var scratchEvents: [(Span, PendingEvent)] = []
    private let idleTimeout: Span

    public init(_ scenario: SimScenario) {
        self.scenario = scenario
        let root = RandomSource(seed: scenario.seed)
        state = GatewayState(table: scenario.table, seed: scenario.seed)
        traffic = TrafficGenerator(scenario.traffic, duration: scenario.duration, seed: scenario.seed)
        idleTimeout = scenario.table.settings.resilience.timeouts.streamIdle
        result = SimResult(bucket: Timeline.bucketWidth(for: scenario.duration))
        for account in scenario.table.accounts {
            accountIndex[account.id] = account.index
            upstreams.append(SimulatedProvider(spec: scenario.mock(for: account), random: root.derived("account:" + account.id)))
        }
    }

    /// Runs to the scenario's end, then lets requests in flight finish (their timers bound
    /// them), and returns what was measured. `progress` is told the share of the scenario
    /// played, now and then (for a progress bar).
    public mutating func run(progress: ((Double) -> Void)? = nil) -> SimResult {
        var nextReport = scenario.start
        let reportEvery = Span(nanoseconds: max(1, scenario.duration.nanoseconds / 200))
        scheduleNextArrival()
        while let (now, event) = queue.next() {
            switch event {
            case .arrival:
                if let request = pending { arrive(request, at: now) }
                scheduleNextArrival()
            case .flow(let id, let pending):
                deliver(pending.event(at: now), to: id, at: now)
            case .pair(let id, let first, let second):
                deliver(first.event(at: now), to: id, at: now)
                deliver(second.event(at: now), to: id, at: now)
            }
            if let progress, now >= nextReport {
                progress(min(1, (now - scenario.start).seconds / max(scenario.duration.seconds, 1e-9)))
                nextReport = now + reportEvery
            }
        }
        result.unfinished = flows.count
        progress?(1)
        return result
    }

    private mutating func scheduleNextArrival() {
        pending = traffic.next()
        if let request = pending { queue.schedule(.arrival, at: scenario.start + request.offset) }
    }

    private mutating func arrive(_ request: TrafficGenerator.Request, at now: Instant) {
        let requestKey = RequestKey(model: request.model, modelSlot: request.modelSlot, words: request.words, stream: request.stream, format: request.format)
        let key = scenario.traffic.keys[request.key].key
        // Each distinct request is written, translated, wrapped and read once: reading a body
        // is a pure function of its bytes (`readBody()`), so every later arrival of the same
        // request hands the flow the same JSON and IR it would have read itself.
        var incoming: IncomingRequest
        if let cached = requests[requestKey] {
            incoming = cached
        } else {
            let parts = SyntheticTraffic.request(model: requestKey.model, words: requestKey.words, stream: requestKey.stream, format: requestKey.format)
            incoming = IncomingRequest(format: requestKey.format, body: parts.body, pathModel: parts.pathModel, pathStream: parts.pathStream,
                                       headers: ["content-type": "application/json"], at: now)
            incoming.readBody()
            if requests.count < Self.requestCacheCapacity { requests[requestKey] = incoming }
        }
        incoming.gatewayKey = key
        incoming.at = now
        let id = flows.insert(SimFlow(flow: RequestFlow(table: scenario.table), outputTokens: request.outputTokens))
        deliver(.arrived(incoming), to: id, at: now)
    }

    private mutating func deliver(_ event: FlowEvent, to id: Int, at now: Instant) {
        guard let slot = flows.slot(id) else { return }
        if let attempt = event.attempt, flows.isCancelled(slot: slot, attempt: attempt) { return }
        // One buffer for every event's actions (taken out while they are performed).
        var actions = scratchActions
        scratchActions = []
        flows.update(slot: slot) { $0.flow.handle(event, state: &state, into: &actions) }
        // Performed where they lie: `for action in actions` copied each out (a retain and a
        // release of every string in a usage row or an upstream request).
        actions.withUnsafeBufferPointer { actions in
            for index in actions.indices { perform(actions[index], flow: id, at: now) }
        }
        actions.removeAll(keepingCapacity: true)
        scratchActions = actions
        if flows.isFinished(slot: slot) {
            flows.update(slot: slot, { $0.timers }).forEach { queue.cancel($0) }
            flows.remove(slot: slot)
        }
    }

    private mutating func perform(_ action: FlowAction, flow id: Int, at now: Instant) {
        switch action {
        case .send(let request):
            send(request, flow: id, at: now)
        case .cancelUpstream(let attempt):
            if let slot = flows.slot(id) { flows.update(slot: slot) { $0.cancelled.insert(attempt) } }
        case .startTimer(let timer, let at):
            // A timer fires at its time or, if that has passed, now (as a real timer would).
            let handle = queue.schedule(.flow(id: id, .timer(timer, at: at)), at: max(at, now))
            if let slot = flows.slot(id) { flows.update(slot: slot) { $0.timers.append(handle) } }
        case .record(let row):
            result.record(row, offset: row.arrivedAt - scenario.start)
        case .notice(let notice):
            result.notices.record(notice, at: now, start: scenario.start)
        case .respond, .startStream, .relay, .endStream:
            // The client's side: what it sees is in the usage row (status, first byte, end).
            break
        }
    }

    /// The provider decides the outcome; its events are scheduled as a transport would report them.
    private mutating func send(_ request: UpstreamRequest, flow id: Int, at now: Instant) {
        guard let account = upstreams.indices.contains(request.accountIndex) ? request.accountIndex : accountIndex[request.account] else {
            queue.schedule(.flow(id: id, .failed(attempt: request.attempt, failure: .connectRefused)), at: now)
            return
        }
        var fixedTokens: Int?
        if let slot = flows.slot(id) { fixedTokens = flows.outputTokens(slot: slot) }
        let outcome = upstreams[account].outcome(at: now - scenario.start, model: request.model, outputTokens: fixedTokens)
        // Into a buffer kept between sends (an array per send was an allocation per request).
        var events = scratchEvents
        scratchEvents = []
        defer { events.removeAll(keepingCapacity: true); scratchEvents = events }
        Self.transportEvents(outcome, request: request, at: now, idleTimeout: idleTimeout, answers: &answers, into: &events)
        var index = 0
        while index < events.count {
            let offset = events[index].0
            if index + 1 < events.count, events[index + 1].0 == offset {
                queue.schedule(.pair(id: id, events[index].1, events[index + 1].1), at: now + offset)
                index += 2
            } else {
                queue.schedule(.flow(id: id, events[index].1), at: now + offset)
                index += 1
            }
        }
    }

    /// Made once: a literal per answer allocated its list.
    static let jsonHeaders: HeaderFields = ["content-type": "application/json"]
    static let sseHeaders: HeaderFields = ["content-type": "text/event-stream"]

    /// What a transport would report for `outcome`, each event with its delay after the send.
    package static func transportEvents(_ outcome: MockOutcome, request: UpstreamRequest, at now: Instant, idleTimeout: Span,
                                        answers: inout AnswerCache) -> [(Span, FlowEvent)] {
        var events: [(Span, PendingEvent)] = []
        events.reserveCapacity(8)
        transportEvents(outcome, request: request, at: now, idleTimeout: idleTimeout, answers: &answers, into: &events)
        return events.map { ($0.0, $0.1.event(at: now + $0.0)) }
    }

    /// `transportEvents`, appended to `events`; answer pieces are patched when delivered.
    static func transportEvents(_ outcome: MockOutcome, request: UpstreamRequest, at now: Instant, idleTimeout: Span,
                                answers: inout AnswerCache, into events: inout [(Span, PendingEvent)]) {
        let attempt = request.attempt, format = request.format, model = request.model
        let input = max(1, request.body.count / 6)
        func head(_ offset: Span, _ status: Int, _ headers: HeaderFields) {
            events.append((offset, .head(attempt: attempt, status: status, headers: headers)))
        }
        func chunk(_ offset: Span, _ bytes: [UInt8]) { events.append((offset, .chunk(attempt: attempt, bytes: bytes))) }
        func piece(_ offset: Span, _ answer: AnswerCache.Answer, _ index: Int) {
            // Input counts come from bodies under the size limit: far below Int32's range.
            events.append((offset, .piece(attempt: attempt, template: answer.template, inputTokens: Int32(clamping: answer.inputTokens), index: Int32(index))))
        }
        func end(_ offset: Span) { events.append((offset, .end(attempt: attempt))) }
        func failed(_ offset: Span, _ failure: TransportFailure) { events.append((offset, .failed(attempt: attempt, failure: failure))) }
        let json = Self.jsonHeaders, sse = Self.sseHeaders

        switch outcome {
        case .answer(let firstByte, let duration, let tokens):
            if request.stream {
                head(firstByte, 200, sse)
                let generation = Span(nanoseconds: duration.nanoseconds - firstByte.nanoseconds)
                let parts = pieceCount(generation: generation, idleTimeout: idleTimeout)
                let answer = answers.answer(.init(model: model, modelIndex: request.modelIndex, format: format, kind: .stream(parts: parts), outputTokens: tokens), inputTokens: input)
                for index in 0..<answer.count {
                    let share = answer.count > 1 ? Double(index) / Double(answer.count - 1) : 1
                    piece(firstByte + generation * share, answer, index)
                }
                end(duration)
            } else {
                head(firstByte, 200, json)
                piece(duration, answers.answer(.init(model: model, modelIndex: request.modelIndex, format: format, kind: .whole, outputTokens: tokens), inputTokens: input), 0)
                end(duration)
            }
        case .status(let status, let retryAfter, let after, let code):
            var headers = json
            if let retryAfter { headers.append("retry-after", String(max(1, retryAfter.wholeSecondsRoundedUp))) }
            head(after, status, headers)
            chunk(after, GatewayError(status: status, code: code ?? "simulated", message: "simulated \(status)").response(for: format).body)
            end(after)
        case .hangBeforeHeaders:
            break   // the engine's first-byte timer ends it
        case .hangMidStream(let firstByte, let tokens):
            head(firstByte, 200, request.stream ? sse : json)
            if request.stream {
                let answer = answers.answer(.init(model: model, modelIndex: request.modelIndex, format: format, kind: .partialStream, outputTokens: tokens), inputTokens: input)
                if answer.count > 0 { piece(firstByte, answer, 0) }
            }
        case .cutStream(let firstByte, let duration, let tokens):
            head(firstByte, 200, request.stream ? sse : json)
            if request.stream {
                let answer = answers.answer(.init(model: model, modelIndex: request.modelIndex, format: format, kind: .partialStream, outputTokens: tokens), inputTokens: input)
                for index in 0..<answer.count { piece(firstByte, answer, index) }
            }
            failed(duration, .connectionReset)
        case .malformedBody(let firstByte):
            head(firstByte, 200, request.stream ? sse : json)
            chunk(firstByte, Array((request.stream ? "data: {\"choices\": [\n\n" : "{\"id\": \"broken").utf8))
            end(firstByte)
        case .htmlError(let firstByte):
            head(firstByte, 502, ["content-type": "text/html"])
            chunk(firstByte, Array("<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>".utf8))
            end(firstByte)
        case .refused:
            failed(.milliseconds(1), .connectRefused)
        }
    }
}

extension FlowEvent {
    /// The upstream attempt an event belongs to, if any.
    var attempt: Int? {
        switch self {
        case .upstreamHead(let attempt, _, _, _), .upstreamChunk(let attempt, _, _), .upstreamEnd(let attempt, _), .upstreamFailed(let attempt, _, _):
            return attempt
        case .arrived, .timerFired, .clientGone:
            return nil
        }
    }
}

extension Span {
    static func * (span: Span, factor: Double) -> Span { Span(nanoseconds: Int64((Double(span.nanoseconds) * factor).rounded())) }
}
