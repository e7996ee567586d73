extension RequestFlow {
    /// Handles `event` if it needs nothing of the state the flows share, and says whether it
    /// did; when it did not, it changed nothing and `handle` must be given the event. The
    /// server calls it (after `prepare`) before it takes the lock around that state: most of
    /// an answer's events — its head, a whole answer's chunks, a stream's chunks before its
    /// last — only change this flow, and taking the lock for them had the two loops wait on
    /// each other for nothing. The actions are exactly `handle`'s (`PreparedEventTests`
    /// plays flows both ways); a driver that does not call it (the simulator) gets the same.
    ///
    /// Left to `handle`: arrivals, ends, failures, timers, a client gone, a 2xx portal page,
    /// a whole answer over the limit, a stream's chunk that ends or fails it, and a stream's
    /// chunk `prepare` did not translate.
    public mutating func handleAlone(_ event: FlowEvent, into out: inout [FlowAction]) -> Bool {
        switch event {
        case .upstreamHead(let number, let status, let headers, let at):
            // `handle` ignores a head that is not awaited, and so does this.
            guard attempt?.number == number, phase == .awaitingHead else { return handledAlone() }
            guard !Self.isPortalPage(status: status, headers: headers) else { return false }
            startHead(at: at, into: &out)
            acceptHead(status: status, headers: headers)
        case .upstreamChunk(let number, let bytes, let at):
            guard attempt?.number == number else { return handledAlone() }
            switch phase {
            case .readingBody where overResponseLimit(adding: bytes):
                return false
            case .readingBody, .readingError:
                attempt!.lastChunkAt = at
                keepBody(bytes)
            case .streamPending, .streaming:
                guard case .streamed(let step, let prepared)? = prepared, prepared == number, step.outcome == nil else { return false }
                attempt!.lastChunkAt = at
                relayStreamed(step.bytes, at: at, into: &out)
            default:
                attempt!.lastChunkAt = at
            }
        case .arrived, .upstreamEnd, .upstreamFailed, .timerFired, .clientGone:
            return false
        }
        return handledAlone()
    }

    /// Ends an event handled alone: what `prepare` made for it is spent, as `handle` leaves it.
    private mutating func handledAlone() -> Bool {
        prepared = nil
        return true
    }
}
