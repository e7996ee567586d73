import OmniCore

/// A flow event waiting in the simulator's queue, without its time (the queue holds that)
/// and without the client-arrival case (arrivals are made when due). A `FlowEvent` is sized
/// by the incoming request it can carry, about 100 bytes; this is a third of that, and every
/// queued event is moved a few times on its way through the heap.
enum PendingEvent: Sendable {
    case head(attempt: Int, status: Int, headers: HeaderFields)
    case chunk(attempt: Int, bytes: [UInt8])
    /// A piece of a simulated answer, patched for its request when delivered (`AnswerCache`).
    case piece(attempt: Int, template: AnswerCache.Template, inputTokens: Int32, index: Int32)
    case end(attempt: Int)
    case failed(attempt: Int, failure: TransportFailure)
    /// A timer keeps its own time: one set in the past is delivered now but says when it was due.
    case timer(FlowTimer, at: Instant)

    init(_ event: FlowEvent) {
        switch event {
        case .upstreamHead(let attempt, let status, let headers, _): self = .head(attempt: attempt, status: status, headers: headers)
        case .upstreamChunk(let attempt, let bytes, _): self = .chunk(attempt: attempt, bytes: bytes)
        case .upstreamEnd(let attempt, _): self = .end(attempt: attempt)
        case .upstreamFailed(let attempt, let failure, _): self = .failed(attempt: attempt, failure: failure)
        case .timerFired(let timer, let at): self = .timer(timer, at: at)
        case .arrived, .clientGone:
            preconditionFailure("the simulator never queues a client's events")
        }
    }

    /// The flow event, stamped with the time it is delivered at.
    func event(at now: Instant) -> FlowEvent {
        switch self {
        case .head(let attempt, let status, let headers): return .upstreamHead(attempt: attempt, status: status, headers: headers, at: now)
        case .chunk(let attempt, let bytes): return .upstreamChunk(attempt: attempt, bytes: bytes, at: now)
        case .piece(let attempt, let template, let inputTokens, let index):
            let answer = AnswerCache.Answer(template: template, inputTokens: Int(inputTokens))
            return .upstreamChunk(attempt: attempt, bytes: answer.piece(Int(index)), at: now)
        case .end(let attempt): return .upstreamEnd(attempt: attempt, at: now)
        case .failed(let attempt, let failure): return .upstreamFailed(attempt: attempt, failure: failure, at: now)
        case .timer(let timer, let at): return .timerFired(timer, at: at)
        }
    }
}
