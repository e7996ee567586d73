/// The routing decisions over the shared state: ordering a request's models, picking each
/// attempt's account, and settling the state when an attempt begins and ends.
extension GatewayState {
    /// The request's models in the order its combo strategy says, then the fallback chain.
    public mutating func plan(_ models: [Int], combo: Int?, fallback: [Int], table: RoutingTable, now: Instant) -> RoutePlan {
        var plan = RoutePlan()
        plan.combo = combo
        if let combo {
            let routed = table.combos[combo]
            // In the state's scratch buffers (as `candidates`): two arrays per request otherwise.
            var steps = comboSteps, order = comboOrder
            (comboSteps, comboOrder) = ([], [])
            steps.removeAll(keepingCapacity: true)
            for (s, model) in routed.steps.enumerated() {
                steps.append(ComboCandidate(availableAt: availableAt(model: model, table: table, now: now), weight: routed.weights[s],
                                            blendedPrice: table.models[model].price?.blendedPerMillion,
                                            inFlight: combos[combo].inFlight[s], requests: combos[combo].requests[s]))
            }
            ComboStrategy.order(routed.strategy, steps, now: now, cursor: &combos[combo].cursor, random: &random, into: &order)
            plan.models.reserveCapacity(order.count + fallback.count)
            for step in order { plan.models.append(routed.steps[step]) }
            (comboSteps, comboOrder) = (steps, order)
        } else {
            plan.models = models
        }
        plan.comboSteps = plan.models.count
        for model in fallback where !plan.models.contains(model) { plan.models.append(model) }
        return plan
    }

    /// When a model could next take a request: its provider's breaker and its best account.
    func availableAt(model: Int, table: RoutingTable, now: Instant) -> Instant {
        let provider = table.providers[table.models[model].provider]
        let gate = providers[provider.index].breaker.availableAt(now: now, settings: provider.breaker)
        var best = Instant.distantFuture
        for account in provider.accounts {
            best = min(best, availableAt(account: account, model: model, table: table, now: now))
            if best <= now { break }
        }
        return max(gate, best)
    }

    /// The latest of everything that holds an account back.
    func availableAt(account: Int, model: Int, table: RoutingTable, now: Instant) -> Instant {
        let state = accounts[account]
        let routed = table.accounts[account]
        let breaker = table.providers[routed.provider].breaker
        var at = state.cooldown.until
        at = max(at, state.lockout.availableAt(now: now))
        at = max(at, state.breaker.availableAt(now: now, settings: breaker))
        at = max(at, state.limiter.availableAt(now: now, limits: routed.limits))
        if !modelCooldowns.isEmpty, let cooldown = modelCooldowns[Self.modelKey(account: account, model: model)] { at = max(at, cooldown.until) }
        return at
    }

    /// The account for the next attempt, by the provider's strategy, among those not yet tried.
    public mutating func pick(_ plan: inout RoutePlan, table: RoutingTable, now: Instant) -> AttemptPick {
        var earliest = Instant.distantFuture
        for model in plan.models {
            let provider = table.providers[table.models[model].provider]
            if plan.skipped.contains(provider.index) { continue }
            let gate = providers[provider.index].breaker.availableAt(now: now, settings: provider.breaker)
            if gate > now { earliest = min(earliest, gate); continue }
            candidates.removeAll(keepingCapacity: true)
            for account in provider.accounts {
                let tried = plan.tried.contains(Self.modelKey(account: account, model: model))
                let state = accounts[account]
                candidates.append(AccountCandidate(
                    availableAt: tried ? .distantFuture : availableAt(account: account, model: model, table: table, now: now),
                    priority: table.accounts[account].priority, lastUsed: state.lastUsed,
                    inFlight: state.limiter.inFlight, recentFailures: state.recentFailures))
            }
            let choice = candidates.withUnsafeBufferPointer { buffer in
                AccountStrategy.choose(provider.strategy, from: buffer, now: now, stickyLimit: provider.stickyLimit,
                                       cursor: &providers[provider.index].cursor, random: &random)
            }
            switch choice {
            case .account(let offset):
                let account = provider.accounts.lowerBound + offset
                plan.tried.append(Self.modelKey(account: account, model: model))
                return .account(account, model: model)
            case .noneUntil(let at):
                earliest = min(earliest, at)
            }
        }
        return .noneUntil(earliest)
    }

    /// An attempt is sent: count it everywhere it counts.
    public mutating func begin(account: Int, model: Int, combo: Int?, table: RoutingTable, now: Instant) -> [GatewayNotice] {
        var notices: [GatewayNotice] = []
        let routed = table.accounts[account]
        let provider = table.providers[routed.provider]
        accounts[account].limiter.start(now: now, limits: routed.limits)
        accounts[account].lastUsed = now
        accounts[account].requests &+= 1
        if let t = providers[provider.index].breaker.acquire(now: now, settings: provider.breaker) {
            notices.append(.breaker(provider: provider.id, account: nil, t))
        }
        if let t = accounts[account].breaker.acquire(now: now, settings: provider.breaker) {
            notices.append(.breaker(provider: provider.id, account: routed.id, t))
        }
        _ = accounts[account].lockout.acquire(now: now)
        if let combo, let step = table.combos[combo].steps.firstIndex(of: model) {
            combos[combo].inFlight[step] &+= 1
            combos[combo].requests[step] &+= 1
        }
        return notices
    }

    public mutating func succeeded(account: Int, model: Int, combo: Int?, table: RoutingTable, now: Instant) -> [GatewayNotice] {
        var notices: [GatewayNotice] = []
        let routed = table.accounts[account]
        let provider = table.providers[routed.provider]
        end(account: account, model: model, combo: combo, table: table)
        if let t = providers[provider.index].breaker.recordSuccess(now: now, settings: provider.breaker) {
            notices.append(.breaker(provider: provider.id, account: nil, t))
        }
        if let t = accounts[account].breaker.recordSuccess(now: now, settings: provider.breaker) {
            notices.append(.breaker(provider: provider.id, account: routed.id, t))
        }
        accounts[account].cooldown.recordSuccess()
        accounts[account].lockout.recordSuccess()
        accounts[account].recentFailures = 0
        // As for the account: the backoff starts again, the cooldown stands. A request sent
        // before the 429 may succeed after it; erasing the cooldown then sent the next requests
        // straight back into the limit (the simulator's rate-limit-429-storm scenario).
        if !modelCooldowns.isEmpty { modelCooldowns[Self.modelKey(account: account, model: model)]?.recordSuccess() }
        return notices
    }

    /// An attempt failed: apply what the error classification says about the upstream.
    public mutating func failed(account: Int, model: Int, combo: Int?, verdict: FailureVerdict, table: RoutingTable, now: Instant) -> [GatewayNotice] {
        var notices: [GatewayNotice] = []
        let routed = table.accounts[account]
        let provider = table.providers[routed.provider]
        end(account: account, model: model, combo: combo, table: table)
        accounts[account].recentFailures &+= 1
        if verdict.effect == .breakerFailure {
            if let t = providers[provider.index].breaker.recordFailure(now: now, settings: provider.breaker) {
                notices.append(.breaker(provider: provider.id, account: nil, t))
            }
            if let t = accounts[account].breaker.recordFailure(now: now, settings: provider.breaker) {
                notices.append(.breaker(provider: provider.id, account: routed.id, t))
            }
        } else {
            // The upstream answered (a 429, a 400): alive, but this was no successful probe.
            providers[provider.index].breaker.releaseProbe()
            accounts[account].breaker.releaseProbe()
        }
        switch verdict.effect {
        case .coolDownAccount(let until, let perModel):
            accounts[account].lockout.releaseRetest()
            if perModel {
                let key = Self.modelKey(account: account, model: model)
                var cooldown = modelCooldowns[key] ?? CooldownState()
                let at = cooldown.coolDown(now: now, until: until, settings: provider.cooldown)
                modelCooldowns[key] = cooldown
                notices.append(.cooldown(provider: provider.id, account: routed.id, model: table.models[model].upstreamID, until: at, reason: verdict.reason.rawValue))
            } else {
                let at = accounts[account].cooldown.coolDown(now: now, until: until, settings: provider.cooldown)
                notices.append(.cooldown(provider: provider.id, account: routed.id, model: nil, until: at, reason: verdict.reason.rawValue))
            }
        case .lockOutAccount:
            accounts[account].lockout.recordFailure(now: now, settings: provider.cooldown)
            notices.append(.lockout(provider: provider.id, account: routed.id, reason: verdict.reason.rawValue))
        case .breakerFailure, .none:
            // The credentials were not refused; a re-test that hit a 5xx tells nothing either way.
            accounts[account].lockout.releaseRetest()
        }
        return notices
    }

    /// An attempt ended with no verdict on the upstream (the client left).
    public mutating func released(account: Int, model: Int, combo: Int?, table: RoutingTable, now: Instant) {
        end(account: account, model: model, combo: combo, table: table)
        providers[table.accounts[account].provider].breaker.releaseProbe()
        accounts[account].breaker.releaseProbe()
        accounts[account].lockout.releaseRetest()
    }

    private mutating func end(account: Int, model: Int, combo: Int?, table: RoutingTable) {
        accounts[account].limiter.finish()
        if let combo, let step = table.combos[combo].steps.firstIndex(of: model), combos[combo].inFlight[step] > 0 {
            combos[combo].inFlight[step] -= 1
        }
    }

    /// A gateway key's request-per-minute check; nil when it may go, else how long to wait.
    public mutating func admitKey(_ key: RoutedKey, now: Instant) -> Span? {
        guard let rpm = key.requestsPerMinute else { return nil }
        let limits = AccountLimits(requestsPerMinute: rpm)
        let at = self[key: key].limiter.availableAt(now: now, limits: limits)
        if at > now { return at - now }
        self[key: key].limiter.start(now: now, limits: limits)
        self[key: key].limiter.finish()
        return nil
    }
}
