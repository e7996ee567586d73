extension RequestFlow {
    mutating func fire(_ timer: FlowTimer, at now: Instant, state: inout GatewayState, into out: inout [FlowAction]) {
        guard phase != .finished else { return }
        let timeouts = table.settings.resilience.timeouts
        switch timer {
        case .total:
            guard now >= deadline else { return out.append(.startTimer(.total, at: deadline)) }
            if let current = attempt { out.append(.cancelUpstream(attempt: current.number)) }
            if phase == .streaming || phase == .streamPending || phase == .awaitingHead || phase == .readingBody || isReadingError {
                return attemptFailed(.totalTimeout, at: now, state: &state, into: &out)
            }
            exhausted(at: now, earliest: nil, state: &state, into: &out)
        case .firstByte(let number):
            guard let current = attempt, current.number == number, phase == .awaitingHead else { return }
            let due = min(current.sentAt + timeouts.firstByte, deadline)
            guard now >= due else { return out.append(.startTimer(timer, at: due)) }
            out.append(.cancelUpstream(attempt: number))
            attemptFailed(.upstream(.transport(.firstByteTimeout)), at: now, state: &state, into: &out)
        case .idle(let number):
            guard let current = attempt, current.number == number, phase != .awaitingHead else { return }
            // Re-armed lazily: chunks only move `lastChunkAt`, the timer checks it when due.
            let due = min(current.lastChunkAt + timeouts.streamIdle, deadline)
            guard now >= due else { return out.append(.startTimer(timer, at: due)) }
            out.append(.cancelUpstream(attempt: number))
            attemptFailed(.upstream(.transport(.idleTimeout)), at: now, state: &state, into: &out)
        case .retryPick:
            guard phase == .waitingForAccount else { return }
            nextAttempt(at: now, state: &state, into: &out)
        case .idempotencyPoll:
            guard phase == .waitingForIdempotent else { return }
            checkIdempotency(at: now, state: &state, into: &out)
        }
    }

    private var isReadingError: Bool { if case .readingError = phase { return true } else { return false } }

    mutating func clientGone(at now: Instant, state: inout GatewayState, into out: inout [FlowAction]) {
        guard phase != .finished, phase != .new else { return }
        if let current = attempt {
            out.append(.cancelUpstream(attempt: current.number))
            // Not the upstream's fault: free the account without a verdict.
            state.released(account: current.account, model: current.model, combo: plan.combo, table: table, now: now)
            attempts[attempts.count - 1].reason = "client_gone"
        }
        idempotencyKey.map { state.idempotency.abandon($0) }
        idempotencyKey = nil
        waitingFor = nil
        let usage = attempt?.translator?.usage
        finish(status: 499, reason: "client_gone", usage: usage, at: now, state: &state, into: &out)
    }

    /// Answers with an error before any upstream byte reached the client.
    mutating func reject(_ error: GatewayError, at now: Instant, state: inout GatewayState, into out: inout [FlowAction]) {
        out.append(.respond(error.response(for: clientFormat)))
        // A failed first request does not hold its key: the client's retry may proceed.
        if let idempotencyKey { state.idempotency.abandon(idempotencyKey) }
        idempotencyKey = nil
        record(status: error.status, reason: error.code, at: now, usage: nil, cost: 0, cacheHit: false, into: &out)
    }

    /// The request is over: charge the key, write the usage row.
    mutating func finish(status: Int, reason: String?, usage: IRUsage?, at now: Instant, state: inout GatewayState, into out: inout [FlowAction]) {
        // An answer that was not kept for replay (a stream that broke, one too long to keep)
        // frees its idempotency key, so a duplicate waiting for it goes ahead on its own.
        if let idempotencyKey { state.idempotency.abandon(idempotencyKey) }
        idempotencyKey = nil
        var cost = 0.0
        if let usage, let current = attempt, let price = table.models[current.model].price {
            cost = Cost.of(usage: usage, price: price)
        }
        if let key, cost > 0, let budget = key.budget {
            for event in state[key: key].ledger.record(cost: cost, config: budget, now: now) {
                out.append(.notice(.budget(key: key.name, event)))
            }
        }
        record(status: status, reason: reason, at: now, usage: usage, cost: cost, cacheHit: false, into: &out)
    }

    mutating func record(status: Int, reason: String?, at now: Instant, usage: IRUsage?, cost: Double, cacheHit: Bool, into out: inout [FlowAction]) {
        phase = .finished
        // The last attempt's names read in place: `attempts.last` copied the attempt.
        let last = attempts.indices.last
        let row = UsageRecord(
            arrivedAt: arrivedAt, finishedAt: now, firstByteAt: firstByteAt ?? (cacheHit ? now : nil), keyName: key?.name,
            clientFormat: clientFormat, requestedModel: requestedModel, stream: stream,
            provider: last.map { attempts[$0].provider }, account: last.map { attempts[$0].account }, model: last.map { attempts[$0].model },
            status: status, attempts: attempts,
            usage: usage, cost: cost, errorReason: reason, cacheHit: cacheHit)
        // Moved into the action: built inside the call, the row was copied into it.
        out.append(.record(consume row))
    }

    mutating func relay(_ bytes: [UInt8], into out: inout [FlowAction]) {
        guard !bytes.isEmpty else { return }
        if replayBuffer != nil {
            if replayBuffer!.count + bytes.count <= Self.replayLimit { replayBuffer!.append(contentsOf: bytes) } else { replayBuffer = nil }
        }
        out.append(.relay(bytes))
    }

    /// Streams longer than this are not kept for idempotent replay.
    static let replayLimit = 4 * 1024 * 1024

    mutating func completeIdempotency(_ response: ClientResponse, at now: Instant, state: inout GatewayState) {
        guard let idempotencyKey else { return }
        let cached = CachedResponse(status: response.status, contentType: response.headers["content-type"] ?? "application/json", body: response.body)
        state.idempotency.complete(idempotencyKey, response: cached, now: now)
        self.idempotencyKey = nil
    }
}
