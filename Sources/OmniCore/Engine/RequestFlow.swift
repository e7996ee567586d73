/// One client request from arrival to its usage row, as a sans-I/O state machine
/// (STYLE.md; h11, quinn-proto): the adapter feeds it `FlowEvent`s and performs the
/// `FlowAction`s it returns. It decides everything — auth, limits, budget, cache,
/// idempotency, model resolution, which account gets each attempt, translation both ways,
/// timeouts, failover — and performs nothing. The server runs it on sockets and the wall
/// clock, the simulator on a virtual clock; both run this same code.
///
/// State shared between requests (breakers, cooldowns, counters) is not here: it lives in
/// `GatewayState`, which the adapter owns and passes to every call.
public struct RequestFlow: Sendable {
    public let table: RoutingTable

    enum Phase: Sendable, Equatable {
        case new
        /// A request with the same idempotency key is in flight; polling for its answer.
        case waitingForIdempotent
        /// No account is available yet; a `retryPick` timer is due.
        case waitingForAccount
        /// Sent; waiting for the status line.
        case awaitingHead
        /// A 2xx whole response being read.
        case readingBody
        /// A non-2xx answer being read, to classify it by its body.
        case readingError(status: Int, headers: HeaderFields)
        /// A 2xx stream whose first client byte has not gone out: failover is still possible.
        case streamPending
        /// Client bytes have gone out: no more failover.
        case streaming
        case finished
    }

    /// The attempt in progress.
    struct Attempt: Sendable {
        var number: Int
        var account: Int
        var model: Int
        var sentAt: Instant
        var lastChunkAt: Instant
        var body: [UInt8] = []
        /// A stream's translator, out of line: inline (1.5 KB) it made every flow 2.4 KB,
        /// copied whole wherever a flow or its attempt was copied.
        var stream: StreamBox?

        var translator: StreamTranslator? {
            get { stream?.translator }
            set { stream = newValue.map(StreamBox.init) }
        }

        /// Runs `body` on the stream's translator in place (copied first if a copy of this
        /// flow shares it, so flows stay values).
        mutating func withTranslator<R>(_ body: (inout StreamTranslator) -> R) -> R {
            if !isKnownUniquelyReferenced(&stream) { stream = StreamBox(stream!.translator) }
            return body(&stream!.translator)
        }
    }

    /// The box of `Attempt.stream`. `@unchecked Sendable`: it is only changed through
    /// `withTranslator`, which first makes it unique (copy on write), like the standard
    /// library's own buffers.
    final class StreamBox: @unchecked Sendable {
        var translator: StreamTranslator
        init(_ translator: StreamTranslator) { self.translator = translator }
    }

    var phase: Phase = .new
    var clientFormat: WireFormat = .openai
    var kind: RequestKind = .generate
    /// The client's body as read (JSON, member positions, IR), shared, not copied: the IR
    /// inline made every flow 344 bytes larger and copying it retained each of its fields;
    /// a translating attempt copies it to set the model.
    var read: RequestBody.ReadBody?
    var requestedModel = ""
    var stream = false
    var key: RoutedKey?
    var clientHeaders: HeaderFields = [:]
    var plan = RoutePlan()
    var attempt: Attempt?
    var attempts: [AttemptRecord] = []
    var arrivedAt = Instant.epoch
    var deadline = Instant.distantFuture
    var firstByteAt: Instant?
    var cacheKey: CacheKey?
    /// The client's body as it came (the cache compares it on a hit).
    var requestBody: [UInt8] = []
    var target = RouteTarget.models([])
    /// A duplicate waiting for the first request with its idempotency key to answer.
    var waitingFor: (key: IdempotencyKey, fingerprint: Digest128)?
    var idempotencyKey: IdempotencyKey?
    /// What went to the client of a stream, kept for idempotent replay (up to a cap).
    var replayBuffer: [UInt8]? = nil
    var lastFailure: FailureVerdict?
    /// What `prepare` did for the event being handled; cleared when `handle` returns.
    var prepared: Prepared?

    public init(table: RoutingTable) { self.table = table }

    public var isFinished: Bool { phase == .finished }

    public mutating func handle(_ event: FlowEvent, state: inout GatewayState) -> [FlowAction] {
        var out: [FlowAction] = []
        // An arrival usually answers with three actions (two timers and a send), an end
        // with two or more: room for them at once instead of growing 1 → 2 → 4.
        switch event {
        case .arrived, .upstreamEnd: out.reserveCapacity(4)
        default: break
        }
        handle(event, state: &state, into: &out)
        return out
    }

    /// `handle`, appending to `out`: a driver that keeps one buffer for every event (the
    /// simulator) spares an array per event.
    public mutating func handle(_ event: FlowEvent, state: inout GatewayState, into out: inout [FlowAction]) {
        defer { prepared = nil }
        // Events are matched to the attempt by number (`attempt?.number`), not by binding a
        // copy of the attempt: a copy alive while a chunk is appended made the append copy
        // the whole body.
        switch event {
        case .arrived(let incoming):
            guard phase == .new else { return }
            arrive(incoming, state: &state, into: &out)
        case .upstreamHead(let number, let status, let headers, let at):
            guard attempt?.number == number, phase == .awaitingHead else { return }
            head(status: status, headers: headers, at: at, state: &state, into: &out)
        case .upstreamChunk(let number, let bytes, let at):
            guard attempt?.number == number else { return }
            chunk(bytes, at: at, state: &state, into: &out)
        case .upstreamEnd(let number, let at):
            guard attempt?.number == number else { return }
            end(at: at, state: &state, into: &out)
        case .upstreamFailed(let number, let failure, let at):
            guard attempt?.number == number, phase != .finished else { return }
            // A connection that breaks while a body is being read has cut the answer short.
            let midBody = phase == .streaming || phase == .streamPending || phase == .readingBody
            if midBody, failure == .connectionReset || failure == .other {
                attemptFailed(.stream(IRStreamError(kind: .truncated, message: "the upstream closed the connection mid-answer", status: 502)),
                              at: at, state: &state, into: &out)
            } else {
                attemptFailed(.upstream(.transport(failure)), at: at, state: &state, into: &out)
            }
        case .timerFired(let timer, let at):
            fire(timer, at: at, state: &state, into: &out)
        case .clientGone(let at):
            clientGone(at: at, state: &state, into: &out)
        }
    }
}
