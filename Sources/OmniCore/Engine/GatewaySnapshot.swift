/// The part of `GatewayState` that must outlive a restart — breakers, cooldowns, lockouts,
/// budget spend, round-robin cursors — keyed by names rather than indices, so a restart
/// with a changed config restores what still exists and starts the rest fresh. In-flight
/// counts are not kept (nothing is in flight after a restart); nor are the caches.
public struct GatewaySnapshot: Sendable, Codable, Equatable {
    public var providers: [String: ProviderState] = [:]
    /// `provider/account`.
    public var accounts: [String: AccountState] = [:]
    /// `provider/account/model`.
    public var modelCooldowns: [String: CooldownState] = [:]
    /// Gateway key names.
    public var keys: [String: KeyState] = [:]
    public var combos: [String: ComboCursor] = [:]
    public var random: SplitMix64

    public init(random: SplitMix64) { self.random = random }
}

extension GatewayState {
    public func snapshot(table: RoutingTable) -> GatewaySnapshot {
        var snapshot = GatewaySnapshot(random: random)
        for provider in table.providers { snapshot.providers[provider.id] = providers[provider.index] }
        for account in table.accounts {
            var state = accounts[account.index]
            state.limiter.clearInFlight()
            snapshot.accounts[Self.name(account, table)] = state
        }
        for (key, cooldown) in modelCooldowns {
            let account = table.accounts[Int(key >> 32)]
            let model = table.models[Int(key & 0xFFFF_FFFF)]
            snapshot.modelCooldowns[Self.name(account, table) + "/" + model.upstreamID] = cooldown
        }
        for key in table.keys.active {
            var state = self[key: key]
            state.limiter.clearInFlight()
            snapshot.keys[key.name] = state
        }
        for combo in table.combos { snapshot.combos[combo.name] = combos[combo.index].cursor }
        return snapshot
    }

    public init(table: RoutingTable, restoring snapshot: GatewaySnapshot) {
        self.init(table: table, seed: 0)
        random = snapshot.random
        for provider in table.providers { if let state = snapshot.providers[provider.id] { providers[provider.index] = state } }
        for account in table.accounts { if let state = snapshot.accounts[Self.name(account, table)] { accounts[account.index] = state } }
        for model in table.models {
            for account in table.providers[model.provider].accounts {
                if let cooldown = snapshot.modelCooldowns[Self.name(table.accounts[account], table) + "/" + model.upstreamID] {
                    modelCooldowns[Self.modelKey(account: account, model: model.index)] = cooldown
                }
            }
        }
        for key in table.keys.active { if let state = snapshot.keys[key.name] { self[key: key] = state } }
        for combo in table.combos { if let cursor = snapshot.combos[combo.name] { combos[combo.index].cursor = cursor } }
    }

    private static func name(_ account: RoutedAccount, _ table: RoutingTable) -> String {
        table.providers[account.provider].id + "/" + account.id
    }
}
