extension RequestFlow {
    /// Checks in the order a client can act on: who you are, how fast you go, what you may
    /// spend, what you sent, what you asked for; then the gateway's own shortcuts (idempotent
    /// replay, the response cache) and finally the first attempt.
    mutating func arrive(_ incoming: IncomingRequest, state: inout GatewayState, into out: inout [FlowAction]) {
        let now = incoming.at
        clientFormat = incoming.format
        kind = incoming.kind
        clientHeaders = incoming.headers
        arrivedAt = now
        deadline = now + table.settings.resilience.timeouts.total
        requestedModel = incoming.pathModel ?? ""

        // Who: a key that is required must be known; a key offered when none is required
        // is used if known (for its budget and name) and otherwise ignored.
        let known = incoming.gatewayKey.flatMap { table.key(presented: $0) }
        if table.settings.auth.requireApiKey, known == nil {
            let message = incoming.gatewayKey == nil
                ? "Missing API key: send the gateway key as 'Authorization: Bearer <key>', 'x-api-key', 'x-goog-api-key' or '?key='"
                : "Invalid API key"
            return reject(GatewayError(status: 401, code: "invalid_api_key", message: message), at: now, state: &state, into: &out)
        }
        key = known
        if let key {
            if let wait = state.admitKey(key, now: now) {
                return reject(GatewayError(status: 429, code: "rate_limit_exceeded",
                                           message: "Gateway key '\(key.name)' is over its limit of \(key.requestsPerMinute ?? 0) requests per minute",
                                           retryAfter: wait), at: now, state: &state, into: &out)
            }
            if let budget = key.budget {
                let verdict = state[key: key].ledger.verdict(config: budget, now: now)
                if case .exhausted(_, _, _, let resetsAt) = verdict, let message = verdict.message(keyName: key.name) {
                    return reject(GatewayError(status: 402, code: "budget_exhausted", message: message, retryAfter: resetsAt - now), at: now, state: &state, into: &out)
                }
            }
        }

        // What: the body in the endpoint's format (embeddings: OpenAI's, checked, not translated),
        // unless the adapter read it already.
        let body: RequestBody.ReadBody
        switch incoming.parsedBody ?? RequestBody.read(incoming.body, kind: kind, format: clientFormat) {
        case .read(let readBody):
            body = readBody
        case .invalid(let error):
            return reject(error, at: now, state: &state, into: &out)
        }
        read = body
        let request = body.request
        if let model = request.model, incoming.pathModel == nil { requestedModel = model }
        if requestedModel.isEmpty {
            return reject(GatewayError(status: 400, code: "missing_model", message: "model: required (a model name, combo or alias)", param: "model"), at: now, state: &state, into: &out)
        }
        if let provider = incoming.provider {
            switch DedicatedRoute.model(requestedModel, provider: provider, table: table) {
            case .success(let name): requestedModel = name
            case .failure(let error): return reject(error, at: now, state: &state, into: &out)
            }
        }
        stream = incoming.pathStream ?? request.stream ?? false

        // Which: the model name's target.
        let resolvedTarget: RouteTarget
        switch table.resolve(requestedModel) {
        case .success(let resolved): resolvedTarget = resolved
        case .failure(let unknown):
            return reject(GatewayError(status: 404, code: "model_not_found", message: unknown.description, param: "model"), at: now, state: &state, into: &out)
        }

        if kind == .embeddings, let error = EmbeddingsRoute.unsupported(table.models(of: resolvedTarget), model: requestedModel, table: table) {
            return reject(error, at: now, state: &state, into: &out)
        }
        target = resolvedTarget
        requestBody = incoming.body

        // Shortcuts: the same request again within the idempotency window, or a cached answer.
        if let idempotency = IdempotencyPolicy.key(headers: incoming.headers, gatewayKey: key?.name ?? "") {
            waitingFor = (idempotency, IdempotencyPolicy.fingerprint(model: requestedModel, body: incoming.body))
            return checkIdempotency(at: now, state: &state, into: &out)
        }
        proceed(at: now, state: &state, into: &out)
    }

    /// How often a duplicate polls for the first request's answer while that one runs.
    static let idempotencyPoll = Span.milliseconds(50)

    /// A duplicate of a request still in flight waits for its answer (polling the store on a
    /// timer) rather than being refused: the guide's "gets the first request's answer". If
    /// the first fails without an answer its key is freed and this one goes ahead instead.
    mutating func checkIdempotency(at now: Instant, state: inout GatewayState, into out: inout [FlowAction]) {
        guard let (idempotency, fingerprint) = waitingFor else { return }
        switch state.idempotency.begin(idempotency, fingerprint: fingerprint, now: now, window: table.settings.idempotency.window) {
        case .proceed:
            waitingFor = nil
            idempotencyKey = idempotency
            if stream { replayBuffer = [] }
            proceed(at: now, state: &state, into: &out)
        case .replay(let cached):
            waitingFor = nil
            out.append(.respond(ClientResponse(status: cached.status, headers: cachedHeaders(cached, marker: "x-omniroute-idempotent-replay"), body: cached.body)))
            record(status: cached.status, reason: nil, at: now, usage: nil, cost: 0, cacheHit: true, into: &out)
        case .conflict:
            if now + Self.idempotencyPoll >= deadline {
                waitingFor = nil
                return reject(GatewayError(status: 409, code: "idempotency_conflict", message: idempotency.conflictMessage), at: now, state: &state, into: &out)
            }
            phase = .waitingForIdempotent
            out.append(.startTimer(.idempotencyPoll, at: now + Self.idempotencyPoll))
        case .mismatch:
            waitingFor = nil
            reject(GatewayError(status: 422, code: "idempotency_key_reused", message: idempotency.mismatchMessage), at: now, state: &state, into: &out)
        }
    }

    /// The response cache, then the first attempt.
    mutating func proceed(at now: Instant, state: inout GatewayState, into out: inout [FlowAction]) {
        let decision = ResponseCachePolicy.decide(settings: table.settings.cache, isStreaming: stream, temperature: read?.request.temperature,
                                                  headers: clientHeaders, clientFormat: clientFormat, model: requestedModel, body: requestBody,
                                                  partition: key?.name ?? "")
        if case .use(let key) = decision {
            if let cached = state.cache.lookup(key, body: requestBody, now: now) {
                let response = ClientResponse(status: cached.status, headers: cachedHeaders(cached, marker: "x-omniroute-cache"), body: cached.body)
                out.append(.respond(response))
                completeIdempotency(response, at: now, state: &state)
                record(status: cached.status, reason: nil, at: now, usage: nil, cost: 0, cacheHit: true, into: &out)
                return
            }
            cacheKey = key
        }

        switch kind {
        case .generate:
            plan = state.plan(table.models(of: target), combo: target.combo, fallback: table.fallback, table: table, now: now)
        case .embeddings:
            // The global fallback chain names chat models: an embeddings request does not fall back to them.
            plan = state.plan(table.models(of: target), combo: target.combo, fallback: [], table: table, now: now)
            EmbeddingsRoute.keepServing(&plan, table: table)
        }
        out.append(.startTimer(.total, at: deadline))
        nextAttempt(at: now, state: &state, into: &out)
    }

    private func cachedHeaders(_ cached: CachedResponse, marker: String) -> HeaderFields {
        var headers: HeaderFields = ["content-type": cached.contentType]
        headers.append(marker, "true")
        return headers
    }
}

extension RouteTarget {
    var combo: Int? { if case .combo(let c) = self { return c } else { return nil } }
}

/// `/v1/providers/{p}/…`: the provider's prefix is added when the model has none; a model of
/// another provider is a 400 (the guide: "Nicht übereinstimmende Modelle geben 400 zurück").
enum DedicatedRoute {
    static func model(_ model: String, provider: String, table: RoutingTable) -> Result<String, GatewayError> {
        guard table.provider(named: provider) != nil else {
            return .failure(GatewayError(status: 404, code: "provider_not_found", message: "unknown provider '\(provider)'"))
        }
        if model.hasPrefix(provider + "/") { return .success(model) }
        if let slash = model.firstIndex(of: "/"), table.provider(named: String(model[..<slash])) != nil {
            return .failure(GatewayError(status: 400, code: "model_provider_mismatch",
                                         message: "model '\(model)' belongs to provider '\(model[..<slash])', not '\(provider)'", param: "model"))
        }
        return .success(provider + "/" + model)
    }
}
