extension RequestFlow {
    /// Picks the next account and sends, or waits briefly for one, or answers with every
    /// attempt's story when there is nothing left to try.
    mutating func nextAttempt(at now: Instant, state: inout GatewayState, into out: inout [FlowAction]) {
        let resilience = table.settings.resilience
        if attempts.count >= resilience.maxAttempts { return exhausted(at: now, earliest: nil, state: &state, into: &out) }
        switch state.pick(&plan, table: table, now: now) {
        case .noneUntil(let earliest):
            // A short wait (a rate-limit gap, a cooldown about to end) beats an error.
            if earliest != .distantFuture, earliest - now <= resilience.maxQueueWait, earliest < deadline {
                phase = .waitingForAccount
                out.append(.startTimer(.retryPick, at: earliest))
                return
            }
            exhausted(at: now, earliest: earliest, state: &state, into: &out)
        case .account(let account, let model):
            send(account: account, model: model, at: now, state: &state, into: &out)
        }
    }

    private mutating func send(account: Int, model: Int, at now: Instant, state: inout GatewayState, into out: inout [FlowAction]) {
        let routed = table.models[model]
        let provider = table.providers[routed.provider]
        let body: [UInt8]
        do {
            switch kind {
            case .generate:
                let read = read!
                if clientFormat == provider.format, case .object(let top) = read.json,
                   let passed = SameFormatPassThrough.request(requestBody, top: top, spans: read.spans, signatures: read.signatures, format: clientFormat,
                                                              model: routed.upstreamID, stream: stream) {
                    body = passed
                } else {
                    // Only a translated attempt needs the IR with this attempt's model.
                    var request = read.request
                    request.model = routed.upstreamID
                    request.stream = stream
                    body = try UpstreamCall.body(for: request, source: read.json, from: clientFormat, to: provider.format, sizeHint: requestBody.count)
                }
            case .embeddings: body = EmbeddingsRequest.body(read!.json, upstreamModel: routed.upstreamID)
            }
        } catch let error as TranslationError {
            // The request cannot be said in this provider's format (bad tool arguments…): the client's fault.
            return reject(GatewayError(status: 400, code: "invalid_request", message: error.description, param: error.pathString), at: now, state: &state, into: &out)
        } catch {
            return reject(GatewayError(status: 400, code: "invalid_request", message: "\(error)"), at: now, state: &state, into: &out)
        }
        let number = attempts.count + 1
        if let previous = attempts.last, let reason = previous.reason {
            out.append(.notice(.failover(from: "\(previous.provider)/\(previous.model)", to: routed.name, reason: reason)))
        }
        attempts.append(AttemptRecord(provider: provider.id, account: table.accounts[account].id, model: routed.upstreamID, startedAt: now))
        for notice in state.begin(account: account, model: model, combo: plan.combo, table: table, now: now) { out.append(.notice(notice)) }
        attempt = Attempt(number: number, account: account, model: model, sentAt: now, lastChunkAt: now)
        phase = .awaitingHead
        out.append(.send(UpstreamCall.request(attempt: number, kind: kind, provider: provider, account: table.accounts[account], model: routed,
                                              body: body, stream: stream, clientFormat: clientFormat, clientHeaders: clientHeaders,
                                              connectTimeout: table.settings.resilience.timeouts.connect)))
        out.append(.startTimer(.firstByte(attempt: number), at: min(now + table.settings.resilience.timeouts.firstByte, deadline)))
    }

    /// An attempt is over without an answer for the client: settle the shared state, then
    /// fail over, give up, or (after the first client byte) end the stream with an error.
    mutating func attemptFailed(_ failure: AttemptFailure, at now: Instant, state: inout GatewayState, into out: inout [FlowAction]) {
        guard var current = attempt else { return }
        let model = table.models[current.model]
        let provider = table.providers[model.provider]
        let verdict = failure.verdict(now: now, settings: provider.cooldown)
        lastFailure = verdict
        attempts[attempts.count - 1].reason = verdict.reason.rawValue
        if let status = failure.status { attempts[attempts.count - 1].status = status }
        for notice in state.failed(account: current.account, model: current.model, combo: plan.combo, verdict: verdict, table: table, now: now) {
            out.append(.notice(notice))
        }
        if phase == .streaming {
            // Too late to fail over: the client's stream ends with an error event in its format.
            let error = IRStreamError(kind: verdict.reason == .streamCut ? .truncated : .upstream,
                                      message: "\(provider.id): \(verdict.reason.rawValue)", status: 502)
            let tail = current.translator?.abort(error) ?? []
            attempt = current
            relay(tail, into: &out)
            out.append(.endStream)
            let usage = current.translator?.usage
            current.translator = nil
            attempt = current
            return finish(status: 200, reason: verdict.reason.rawValue, usage: usage, at: now, state: &state, into: &out)
        }
        attempt = nil
        if now >= deadline { return exhausted(at: now, earliest: nil, state: &state, into: &out) }
        switch verdict.next {
        case .giveUp:
            let upstream = UpstreamErrorMessage.extract(from: current.body)
            let status = failure.status ?? 502
            let message = "\(provider.id)/\(model.upstreamID) answered \(status): " + (upstream ?? verdict.reason.rawValue)
            reject(GatewayError(status: status, code: verdict.reason.rawValue, message: message), at: now, state: &state, into: &out)
        case .anotherProvider:
            plan.skip(provider: model.provider)
            nextAttempt(at: now, state: &state, into: &out)
        case .anotherAccount:
            nextAttempt(at: now, state: &state, into: &out)
        }
    }

    /// Nothing more to try: one error that tells every attempt's story.
    mutating func exhausted(at now: Instant, earliest: Instant?, state: inout GatewayState, into out: inout [FlowAction]) {
        // When to come back: the earliest any of the request's models frees up, tried
        // accounts included (this request will not retry them; the client's retry may).
        var retryAfter: Span? = nil
        var soonest = earliest ?? .distantFuture
        for model in plan.models { soonest = min(soonest, state.availableAt(model: model, table: table, now: now)) }
        if soonest != .distantFuture, soonest > now { retryAfter = soonest - now }
        if attempts.isEmpty {
            let error = GatewayError(status: 503, code: "no_account_available",
                                     message: "No account can serve '\(requestedModel)' now (all cooling down, locked out, rate-limited or behind an open breaker)"
                                        + (retryAfter.map { "; the first frees up in \($0.wholeSecondsRoundedUp)s" } ?? ""),
                                     retryAfter: retryAfter)
            return reject(error, at: now, state: &state, into: &out)
        }
        let story = attempts.map { a in
            "\(a.provider)/\(a.model) via \(a.account): " + (a.status.map { "\($0) " } ?? "") + (a.reason ?? "failed")
        }.joined(separator: "; ")
        let reason = lastFailure?.reason
        let status: Int
        switch reason {
        case .rateLimited?, .quotaExhausted?: status = 429
        case .timeout?: status = 504
        default: status = 502
        }
        let error = GatewayError(status: status, code: "all_attempts_failed",
                                 message: "All \(attempts.count) attempt\(attempts.count == 1 ? "" : "s") for '\(requestedModel)' failed: \(story)",
                                 retryAfter: retryAfter)
        reject(error, at: now, state: &state, into: &out)
    }
}
