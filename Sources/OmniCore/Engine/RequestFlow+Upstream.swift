extension RequestFlow {
    /// Largest error body kept to classify a failure (the start says what it is).
    static let errorBodyLimit = 64 * 1024
    /// Largest whole response accepted from an upstream.
    static let responseBodyLimit = 64 * 1024 * 1024

    /// The client's answer headers, made once: a literal per answer allocated its list.
    static let jsonHeaders: HeaderFields = ["content-type": "application/json"]
    static let streamHeaders: HeaderFields = ["content-type": "text/event-stream", "cache-control": "no-cache"]

    /// The only fields of a 2xx head the flow reads (lowercase): a transport may pass just
    /// these (the server's upstream client does, sparing a string per field per answer). An
    /// error's head is read whole (Retry-After, the rate-limit fields).
    public static let successFieldsRead = ["content-type"]

    mutating func head(status: Int, headers: HeaderFields, at now: Instant, state: inout GatewayState, into out: inout [FlowAction]) {
        guard attempt != nil else { return }
        startHead(at: now, into: &out)
        if Self.isPortalPage(status: status, headers: headers) {
            out.append(.cancelUpstream(attempt: attempt!.number))
            return attemptFailed(.upstream(.transport(.malformedResponse)), at: now, state: &state, into: &out)
        }
        acceptHead(status: status, headers: headers)
    }

    /// A 2xx HTML page is a captive portal or a proxy's error page, not an answer.
    static func isPortalPage(status: Int, headers: HeaderFields) -> Bool {
        guard (200..<300).contains(status), let type = headers["content-type"] else { return false }
        return ASCIICase.contains(type, lowercaseNeedle: "text/html")
    }

    /// What every head starts: the attempt's idle timer.
    mutating func startHead(at now: Instant, into out: inout [FlowAction]) {
        attempt!.lastChunkAt = now
        out.append(.startTimer(.idle(attempt: attempt!.number), at: min(now + table.settings.resilience.timeouts.streamIdle, deadline)))
    }

    /// A head that is not a portal page: an error's body is read to classify it, a 2xx one's
    /// answered (a stream gets its translator).
    mutating func acceptHead(status: Int, headers: HeaderFields) {
        guard (200..<300).contains(status) else {
            phase = .readingError(status: status, headers: headers)
            return
        }
        if stream {
            let provider = table.providers[table.models[attempt!.model].provider]
            attempt!.translator = StreamTranslator(from: provider.format, to: clientFormat, model: requestedModel, created: Int(arrivedAt.secondsSinceEpoch))
            phase = .streamPending
        } else {
            phase = .readingBody
        }
    }

    // `chunk` and `end` change the attempt in place (`attempt!.…`): working on a copy (`var
    // current = attempt` … `attempt = current`) left the body and the stream translator's
    // buffers shared with the copy while they were appended to, so each chunk copied them.
    // The translator is fed in its box (`withTranslator`), and only what the flow needs of
    // it afterwards (outcome, usage) is read out.
    mutating func chunk(_ bytes: [UInt8], at now: Instant, state: inout GatewayState, into out: inout [FlowAction]) {
        guard attempt != nil else { return }
        attempt!.lastChunkAt = now
        switch phase {
        case .readingBody where overResponseLimit(adding: bytes):
            out.append(.cancelUpstream(attempt: attempt!.number))
            return attemptFailed(.upstream(.transport(.malformedResponse)), at: now, state: &state, into: &out)
        case .readingBody, .readingError:
            keepBody(bytes)
        case .streamPending, .streaming:
            let step = takePreparedStep(attempt: attempt!.number) ?? feedTranslator(bytes)
            streamed(step.bytes, outcome: step.outcome, usage: step.usage, ended: false, at: now, state: &state, into: &out)
        default:
            break
        }
    }

    /// Whether `bytes` would take a whole answer over `responseBodyLimit`.
    func overResponseLimit(adding bytes: [UInt8]) -> Bool {
        attempt!.body.count + bytes.count > Self.responseBodyLimit
    }

    /// A whole answer's chunk, or an error's (only its start is kept).
    mutating func keepBody(_ bytes: [UInt8]) {
        if case .readingError = phase {
            let room = Self.errorBodyLimit - attempt!.body.count
            if room > 0 { attempt!.body.append(contentsOf: bytes.prefix(room)) }
        } else if attempt!.body.isEmpty {
            // The usual whole answer comes in one chunk: kept as it came, not copied.
            attempt!.body = bytes
        } else {
            attempt!.body.append(contentsOf: bytes)
        }
    }

    mutating func end(at now: Instant, state: inout GatewayState, into out: inout [FlowAction]) {
        guard let current = attempt else { return }
        switch phase {
        case .readingBody:
            wholeResponse(current.body, at: now, state: &state, into: &out)
        case .readingError(let status, let headers):
            attemptFailed(.upstream(.http(status: status, headers: headers, body: current.body)), at: now, state: &state, into: &out)
        case .streamPending, .streaming:
            let step = takePreparedStep(attempt: current.number) ?? finishTranslator()
            streamed(step.bytes, outcome: step.outcome, usage: step.usage, ended: true, at: now, state: &state, into: &out)
        default:
            break
        }
    }

    /// What a stream chunk (or its end) produced. Before the first client byte an upstream
    /// error is still a failover; after it, it goes to the client as the stream's last event.
    private mutating func streamed(_ bytes: [UInt8], outcome: StreamTranslator.Outcome?, usage: IRUsage?, ended: Bool, at now: Instant,
                                   state: inout GatewayState, into out: inout [FlowAction]) {
        if phase == .streamPending, case .failed(let error)? = outcome {
            out.append(.cancelUpstream(attempt: attempt!.number))
            return attemptFailed(.stream(error), at: now, state: &state, into: &out)
        }
        relayStreamed(bytes, at: now, into: &out)
        switch outcome {
        case .complete?:
            if phase == .streamPending { // a stream that completed without a single event
                out.append(.startStream(Self.streamHeaders))
                firstByteAt = now
            }
            out.append(.endStream)
            if !ended { out.append(.cancelUpstream(attempt: attempt!.number)) }
            succeeded(usage: usage, status: 200, at: now, state: &state, into: &out)
        case .failed(let error)?:
            // Already relayed as the client's last event.
            out.append(.endStream)
            if !ended { out.append(.cancelUpstream(attempt: attempt!.number)) }
            let verdict = AttemptFailure.stream(error).verdict(now: now, settings: table.providers[table.models[attempt!.model].provider].cooldown)
            attempts[attempts.count - 1].reason = verdict.reason.rawValue
            for notice in state.failed(account: attempt!.account, model: attempt!.model, combo: plan.combo, verdict: verdict, table: table, now: now) {
                out.append(.notice(notice))
            }
            finish(status: 200, reason: verdict.reason.rawValue, usage: usage, at: now, state: &state, into: &out)
        case nil:
            break
        }
    }

    /// A stream's translated bytes to the client; the first ones start its answer.
    mutating func relayStreamed(_ bytes: [UInt8], at now: Instant, into out: inout [FlowAction]) {
        guard !bytes.isEmpty else { return }
        if phase == .streamPending {
            phase = .streaming
            firstByteAt = now
            out.append(.startStream(Self.streamHeaders))
        }
        relay(bytes, into: &out)
    }

    /// A whole 2xx body: translated into the client's format (`answer`, unless `prepare` did),
    /// or a malformed answer to fail over from.
    private mutating func wholeResponse(_ body: [UInt8], at now: Instant, state: inout GatewayState, into out: inout [FlowAction]) {
        guard let (translated, usage) = takePreparedAnswer(attempt: attempt!.number) ?? answer(body) else {
            return attemptFailed(.upstream(.transport(.malformedResponse)), at: now, state: &state, into: &out)
        }
        firstByteAt = now
        let response = ClientResponse(status: 200, headers: Self.jsonHeaders, body: translated)
        out.append(.respond(response))
        if let cacheKey {
            state.cache.store(cacheKey, body: requestBody, response: CachedResponse(status: 200, contentType: "application/json", body: translated),
                              now: now, ttl: table.settings.cache.ttl)
        }
        completeIdempotency(response, at: now, state: &state)
        succeeded(usage: usage, status: 200, at: now, state: &state, into: &out)
    }

    private mutating func succeeded(usage: IRUsage?, status: Int, at now: Instant, state: inout GatewayState, into out: inout [FlowAction]) {
        guard let current = attempt else { return }
        for notice in state.succeeded(account: current.account, model: current.model, combo: plan.combo, table: table, now: now) {
            out.append(.notice(notice))
        }
        if stream, let replayBuffer { completeIdempotency(ClientResponse(status: 200, headers: ["content-type": "text/event-stream"], body: replayBuffer), at: now, state: &state) }
        finish(status: status, reason: nil, usage: usage, at: now, state: &state, into: &out)
    }
}
