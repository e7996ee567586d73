/// The gateway's configuration as values: what `omniroute serve --config` and a scenario's
/// `gateway:` key hold (DESIGN.md, "Config file"). The YAML loader (an adapter) fills it and
/// names the path and line of anything wrong; the core only reads it. Every default here
/// is the one users know from the original's guide, where it gives one.
public struct GatewayConfig: Sendable, Equatable {
    public var providers: [ProviderConfig] = []
    public var combos: [ComboConfig] = []
    public var routing = RoutingSettings()
    public var auth = AuthSettings()
    public var resilience = ResilienceSettings()
    public var cache = CacheSettings()
    public var idempotency = IdempotencySettings()

    public init() {}
}

/// A provider the user has accounts for. `id` is a catalog prefix (`glm`, `cc`, …), whose
/// format, base URL, auth style and models are inherited, or a new provider that then
/// names `format` and `baseURL` itself.
public struct ProviderConfig: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var format: WireFormat?
    public var baseURL: String?
    public var auth: AuthStyle?
    public var profile: ProviderProfile?
    /// One account per key, in priority order.
    public var accounts: [AccountConfig] = []
    /// Custom models, added to the catalog's (a price makes them cost-aware).
    public var models: [CatalogModel] = []
    /// This provider's account strategy (else `routing.strategy`).
    public var strategy: AccountStrategyKind?
    public var stickyLimit: Int?
    /// Rate limits for each of this provider's accounts (else `resilience.rateLimits`).
    public var limits: AccountLimits?

    public init(id: String) { self.id = id }
}

public struct AccountConfig: Sendable, Equatable {
    /// A name for logs, `/health` and usage rows; never the key.
    public var id: String
    public var apiKey: String
    /// Lower is preferred (fill-first, cost-optimized); defaults to the position in the list.
    public var priority: Int?
    public var limits: AccountLimits?

    public init(id: String, apiKey: String, priority: Int? = nil, limits: AccountLimits? = nil) {
        (self.id, self.apiKey, self.priority, self.limits) = (id, apiKey, priority, limits)
    }
}

/// Per-account rate limits; nil means unlimited.
public struct AccountLimits: Sendable, Equatable {
    public var requestsPerMinute: Int?
    /// The shortest gap between the starts of two requests on the account.
    public var minGap: Span?
    public var maxConcurrent: Int?

    public init(requestsPerMinute: Int? = nil, minGap: Span? = nil, maxConcurrent: Int? = nil) {
        (self.requestsPerMinute, self.minGap, self.maxConcurrent) = (requestsPerMinute, minGap, maxConcurrent)
    }

    /// Field by field, `self` where set, else `fallback`.
    public func over(_ fallback: AccountLimits) -> AccountLimits {
        AccountLimits(requestsPerMinute: requestsPerMinute ?? fallback.requestsPerMinute,
                      minGap: minGap ?? fallback.minGap,
                      maxConcurrent: maxConcurrent ?? fallback.maxConcurrent)
    }
}

public struct ComboConfig: Sendable, Equatable {
    public var name: String
    public var strategy: ComboStrategyKind = .priority
    public var steps: [ComboStep]

    public init(name: String, strategy: ComboStrategyKind = .priority, steps: [ComboStep]) {
        (self.name, self.strategy, self.steps) = (name, strategy, steps)
    }
}

public struct ComboStep: Sendable, Equatable {
    /// `prefix/model`, or another combo's name.
    public var model: String
    /// For the weighted strategy; 1 unless set.
    public var weight: Int = 1

    public init(model: String, weight: Int = 1) { (self.model, self.weight) = (model, weight) }
}

/// How the accounts of one provider are chosen.
public enum AccountStrategyKind: String, Sendable, Codable, CaseIterable {
    case fillFirst = "fill-first"
    case roundRobin = "round-robin"
    case powerOfTwoChoices = "p2c"
    case random
    case leastUsed = "least-used"
    case costOptimized = "cost-optimized"
}

/// How the steps of a combo are ordered for a request.
public enum ComboStrategyKind: String, Sendable, Codable, CaseIterable {
    case priority
    case roundRobin = "round-robin"
    case random
    case weighted
    case leastUsed = "least-used"
    case costOptimized = "cost-optimized"
}

public struct RoutingSettings: Sendable, Equatable {
    /// The account strategy of providers that name none.
    public var strategy: AccountStrategyKind = .fillFirst
    /// Round-robin: requests in a row on one account before moving on (guide: 3).
    public var stickyLimit: Int = 3
    /// `claude-sonnet-*` → `cc/claude-sonnet-4-5-20250929`; `*` and `?`, most specific wins.
    public var aliases: [ModelAlias] = []
    /// The global fallback chain: tried, in order, after a request's own targets.
    public var fallback: [String] = []

    public init() {}
}

public struct ModelAlias: Sendable, Equatable {
    public var pattern: String
    public var target: String
    public init(pattern: String, target: String) { (self.pattern, self.target) = (pattern, target) }
}

public struct AuthSettings: Sendable, Equatable {
    public var requireApiKey = true
    public var apiKeys: [GatewayKeyConfig] = []
    public init() {}
}

/// A key clients present to the gateway, with its own limits and budget. Only the key's
/// hash is kept: the config loader hashes each key as it reads it (with `API_KEY_SECRET`),
/// and the key itself goes no further.
public struct GatewayKeyConfig: Sendable, Equatable {
    public var hash: KeyHash
    /// A name for usage rows and reports (the key itself is never shown).
    public var name: String
    /// What listings show instead of the key: its first few characters and an ellipsis.
    public var mask: String
    public var requestsPerMinute: Int?
    public var budget: BudgetConfig?

    public init(hash: KeyHash, name: String, mask: String = "…", requestsPerMinute: Int? = nil, budget: BudgetConfig? = nil) {
        (self.hash, self.name, self.mask, self.requestsPerMinute, self.budget) = (hash, name, mask, requestsPerMinute, budget)
    }
}

/// Spending limits in US dollars per window; each window resets at `resetTime` (minutes after
/// midnight, in the fixed `utcOffset`): daily every day, weekly on Mondays, monthly on the 1st.
public struct BudgetConfig: Sendable, Equatable {
    public var daily: Double?
    public var weekly: Double?
    public var monthly: Double?
    /// Minutes after local midnight, 0..<1440.
    public var resetMinuteOfDay: Int = 0
    /// Minutes east of UTC (`+02:00` is 120).
    public var utcOffsetMinutes: Int = 0
    /// The share of a limit at which a warning is raised.
    public var warnAt: Double = 0.8

    public init(daily: Double? = nil, weekly: Double? = nil, monthly: Double? = nil) {
        (self.daily, self.weekly, self.monthly) = (daily, weekly, monthly)
    }
}

public struct ResilienceSettings: Sendable, Equatable {
    public var timeouts = Timeouts()
    /// Upstream attempts per request, all accounts and combo steps together.
    public var maxAttempts = 3
    /// When no account is free, wait this long at most for one (a rate-limit gap, a
    /// cooldown about to end) before answering with an error and `Retry-After`.
    public var maxQueueWait: Span = .seconds(2)
    /// Breaker and cooldown values per provider profile.
    public var profiles: [ProviderProfile: ResilienceProfile] = ResilienceProfile.defaults
    /// Default per-account limits (unlimited unless set).
    public var rateLimits = AccountLimits()

    public init() {}

    public func profile(_ kind: ProviderProfile) -> ResilienceProfile { profiles[kind] ?? ResilienceProfile.defaults[kind]! }
}

public struct Timeouts: Sendable, Equatable {
    /// TCP/TLS connect to the upstream (enforced by the transport, reported as a failure).
    public var connect: Span = .seconds(5)
    /// Request sent → response headers.
    public var firstByte: Span = .seconds(60)
    /// Gap between two upstream stream chunks.
    public var streamIdle: Span = .seconds(30)
    /// The whole request, all attempts.
    public var total: Span = .minutes(10)

    public init() {}
}

public struct ResilienceProfile: Sendable, Equatable {
    public var breaker: BreakerSettings
    public var cooldown: CooldownSettings

    public init(breaker: BreakerSettings, cooldown: CooldownSettings) { (self.breaker, self.cooldown) = (breaker, cooldown) }

    public static let defaults: [ProviderProfile: ResilienceProfile] = [
        .apiKey: ResilienceProfile(
            breaker: BreakerSettings(failureThreshold: 5, resetTimeout: .seconds(30), maxResetTimeout: .minutes(10)),
            cooldown: CooldownSettings(base: .seconds(5), max: .minutes(5))),
        .subscription: ResilienceProfile(
            breaker: BreakerSettings(failureThreshold: 3, resetTimeout: .seconds(60), maxResetTimeout: .minutes(30)),
            cooldown: CooldownSettings(base: .seconds(30), max: .hours(1))),
        .local: ResilienceProfile(
            breaker: BreakerSettings(failureThreshold: 3, resetTimeout: .seconds(5), maxResetTimeout: .minutes(1)),
            cooldown: CooldownSettings(base: .seconds(1), max: .seconds(30))),
    ]
}

public struct BreakerSettings: Sendable, Equatable {
    /// Consecutive failures that open the breaker.
    public var failureThreshold: Int
    /// How long it stays open the first time.
    public var resetTimeout: Span
    /// Each reopening without a full recovery multiplies the open time by this…
    public var escalationFactor: Int64 = 2
    /// …up to this.
    public var maxResetTimeout: Span
    /// Requests let through at once while half-open.
    public var halfOpenProbes: Int = 1
    /// Probe successes that close it again.
    public var successesToClose: Int = 1

    public init(failureThreshold: Int, resetTimeout: Span, maxResetTimeout: Span, escalationFactor: Int64 = 2, halfOpenProbes: Int = 1, successesToClose: Int = 1) {
        (self.failureThreshold, self.resetTimeout, self.maxResetTimeout) = (failureThreshold, resetTimeout, maxResetTimeout)
        (self.escalationFactor, self.halfOpenProbes, self.successesToClose) = (escalationFactor, halfOpenProbes, successesToClose)
    }
}

/// Cooling an account down after a 429 without `Retry-After`: `base × factor^(n-1)` for the
/// n-th in a row, capped at `max` (which also caps what a `Retry-After` may ask for).
public struct CooldownSettings: Sendable, Equatable {
    public var base: Span
    public var factor: Int64 = 2
    public var max: Span
    /// A locked-out (401/403) account is re-tested with one request after this long.
    public var lockoutRetest: Span = .minutes(10)

    public init(base: Span, max: Span, factor: Int64 = 2, lockoutRetest: Span = .minutes(10)) {
        (self.base, self.max, self.factor, self.lockoutRetest) = (base, max, factor, lockoutRetest)
    }
}

public struct CacheSettings: Sendable, Equatable {
    /// The exact-response cache for non-streaming requests at temperature 0.
    public var enabled = true
    public var ttl: Span = .minutes(10)
    public var maxEntries = 10_000
    public init() {}
}

public struct IdempotencySettings: Sendable, Equatable {
    /// The same `Idempotency-Key` or `X-Request-Id` within this window gets the first answer.
    public var window: Span = .seconds(5)
    public init() {}
}
