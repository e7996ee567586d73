/// What `/health` and the dashboard show, and what an operator may do by hand: the state of
/// every breaker, cooldown and lockout, "reset all" after an outage (the guide's "Alle
/// zurücksetzen"), and unlocking one account.
public struct GatewayHealth: Sendable, Equatable {
    public struct Provider: Sendable, Equatable {
        public var id: String
        public var breaker: BreakerState
        /// When an open breaker lets a probe through.
        public var reopensAt: Instant?
        public var accounts: [Account]
    }

    public struct Account: Sendable, Equatable {
        public var id: String
        public var breaker: BreakerState
        public var coolingDownUntil: Instant?
        public var lockedOut: Bool
        public var retestAt: Instant?
        public var inFlight: Int
        public var lastUsed: Instant?
        public var requests: Int64
        /// Models this account is cooling down for, with when each ends.
        public var modelCooldowns: [String: Instant]
    }

    public var providers: [Provider]
}

extension GatewayState {
    public func health(table: RoutingTable, now: Instant) -> GatewayHealth {
        var cooldownsByAccount: [Int: [String: Instant]] = [:]
        for (key, cooldown) in modelCooldowns where cooldown.isCoolingDown(now: now) {
            cooldownsByAccount[Int(key >> 32), default: [:]][table.models[Int(key & 0xFFFF_FFFF)].upstreamID] = cooldown.until
        }
        return GatewayHealth(providers: table.providers.map { provider in
            let breaker = providers[provider.index].breaker
            return GatewayHealth.Provider(
                id: provider.id, breaker: breaker.state, reopensAt: breaker.state == .open ? breaker.reopenAt : nil,
                accounts: provider.accounts.map { index in
                    let state = accounts[index]
                    return GatewayHealth.Account(
                        id: table.accounts[index].id, breaker: state.breaker.state,
                        coolingDownUntil: state.cooldown.isCoolingDown(now: now) ? state.cooldown.until : nil,
                        lockedOut: state.lockout.isLocked, retestAt: state.lockout.isLocked ? state.lockout.retestAt : nil,
                        inFlight: Int(state.limiter.inFlight), lastUsed: state.lastUsed == .distantPast ? nil : state.lastUsed,
                        requests: state.requests, modelCooldowns: cooldownsByAccount[index] ?? [:])
                })
        })
    }

    /// Closes every breaker and ends every cooldown and lockout. Counters, in-flight counts,
    /// last-used times and budgets stay.
    public mutating func resetAll(table: RoutingTable, now: Instant) -> [GatewayNotice] {
        var notices: [GatewayNotice] = []
        for provider in table.providers {
            if let t = providers[provider.index].breaker.reset(now: now) { notices.append(.breaker(provider: provider.id, account: nil, t)) }
            for account in provider.accounts {
                if let t = accounts[account].breaker.reset(now: now) {
                    notices.append(.breaker(provider: provider.id, account: table.accounts[account].id, t))
                }
                accounts[account].cooldown.clear()
                accounts[account].lockout.unlock()
                accounts[account].recentFailures = 0
            }
        }
        modelCooldowns.removeAll()
        return notices
    }

    /// Lifts one account's lockout and cooldowns (after its key was replaced, say).
    public mutating func unlock(account: Int) {
        accounts[account].lockout.unlock()
        accounts[account].cooldown.clear()
        modelCooldowns = modelCooldowns.filter { Int($0.key >> 32) != account }
    }
}
