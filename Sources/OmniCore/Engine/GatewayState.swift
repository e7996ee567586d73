/// Everything routing remembers between requests — breakers, cooldowns, lockouts, rate-limit
/// counters, last-used times, round-robin cursors, budget spend — as one value the adapter
/// owns and passes to every flow call (the server behind a lock, the simulator as a plain
/// variable). Flat arrays indexed like `RoutingTable`'s: a routing decision touches a few
/// cache lines, never a dictionary of strings. `snapshot()`/`init(table:restoring:)` carry
/// it across a restart, matched by names so that a changed config keeps what still fits.
public struct GatewayState: Sendable {
    public var providers: [ProviderState]
    public var accounts: [AccountState]
    public var combos: [ComboState]
    /// By `RoutedKey.index`; a key created while the gateway runs gets its entry on first use.
    public var keys: [KeyState]
    /// Per-model cooldowns, sparse: `account << 32 | model` → cooldown.
    public var modelCooldowns: [Int64: CooldownState] = [:]
    /// The injected random source of the random, p2c and weighted strategies.
    public var random: SplitMix64
    /// The exact-response cache and idempotency entries (not part of a snapshot).
    public var cache: InMemoryResponseCache
    public var idempotency = InMemoryIdempotencyStore()
    /// Reused candidate buffer, so a decision allocates nothing.
    var candidates: [AccountCandidate] = []
    /// Scratch for `plan`: a combo's steps and their order.
    var comboSteps: [ComboCandidate] = []
    var comboOrder: [Int] = []

    public init(table: RoutingTable, seed: UInt64) {
        providers = table.providers.map { _ in ProviderState() }
        accounts = table.accounts.map { _ in AccountState() }
        combos = table.combos.map { ComboState(steps: $0.steps.count) }
        keys = table.keys.slots.map { _ in KeyState() }
        random = SplitMix64(seed: seed)
        cache = InMemoryResponseCache(settings: table.settings.cache)
        candidates.reserveCapacity(table.providers.map(\.accounts.count).max() ?? 0)
    }

    static func modelKey(account: Int, model: Int) -> Int64 { Int64(account) << 32 | Int64(model) }

    /// A gateway key's rate-limit and budget state. Keys added through the management API
    /// after this state was made are numbered past the end of `keys`: the array grows to them.
    subscript(key key: RoutedKey) -> KeyState {
        get { key.index < keys.count ? keys[key.index] : KeyState() }
        set {
            if key.index >= keys.count { keys.append(contentsOf: repeatElement(KeyState(), count: key.index + 1 - keys.count)) }
            keys[key.index] = newValue
        }
    }
}

public struct ProviderState: Sendable, Codable, Equatable {
    public var breaker = CircuitBreaker()
    public var cursor = RoundRobinCursor()
    public init() {}
}

public struct AccountState: Sendable, Codable, Equatable {
    public var breaker = CircuitBreaker()
    /// Requests per minute, minimum gap and in-flight count.
    public var limiter = RateLimitState()
    /// Account-wide cooldown (quota exhausted; a 429 without a model to pin it on).
    public var cooldown = CooldownState()
    public var lockout = Lockout()
    public var lastUsed = Instant.distantPast
    /// Failures since the last success: p2c's health signal.
    public var recentFailures: Int32 = 0
    public var requests: Int64 = 0
    public init() {}
}

public struct ComboState: Sendable, Codable, Equatable {
    public var cursor = ComboCursor()
    public var inFlight: [Int32]
    public var requests: [Int64]
    public init(steps: Int) {
        inFlight = Array(repeating: 0, count: steps)
        requests = Array(repeating: 0, count: steps)
    }
}

public struct KeyState: Sendable, Codable, Equatable {
    public var limiter = RateLimitState()
    public var ledger = BudgetLedger()
    public init() {}
}
