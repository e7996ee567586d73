/// The catalog and the config compiled once into dense, index-addressed tables: what every
/// routing decision reads. Providers, accounts and models are numbered so that the shared
/// state (`GatewayState`) can keep them in flat arrays rather than dictionaries keyed by name.
public struct RoutingTable: Sendable {
    /// Everything compiled from the config, shared by every copy of the table. Each request's
    /// `RequestFlow` holds a table: inline, its ~20 arrays, strings and dictionaries (288
    /// bytes) were retained on every flow's creation and released on its end, ~2 % of the
    /// engine's time per request (flow-speed profile); one reference is a single retain.
    final class Compiled: Sendable {
        let providers: [RoutedProvider]
        let accounts: [RoutedAccount]
        let models: [RoutedModel]
        let combos: [RoutedCombo]
        let settings: GatewayConfig
        let exact: [String: RouteTarget]
        let aliases: [CompiledAlias]
        let fallback: [Int]
        let catalogPrefixes: [String]

        init(providers: [RoutedProvider], accounts: [RoutedAccount], models: [RoutedModel], combos: [RoutedCombo], settings: GatewayConfig,
             exact: [String: RouteTarget], aliases: [CompiledAlias], fallback: [Int], catalogPrefixes: [String]) {
            (self.providers, self.accounts, self.models, self.combos, self.settings) = (providers, accounts, models, combos, settings)
            (self.exact, self.aliases, self.fallback, self.catalogPrefixes) = (exact, aliases, fallback, catalogPrefixes)
        }
    }

    let compiled: Compiled

    public var providers: [RoutedProvider] { compiled.providers }
    public var accounts: [RoutedAccount] { compiled.accounts }
    public var models: [RoutedModel] { compiled.models }
    public var combos: [RoutedCombo] { compiled.combos }
    /// The gateway keys in force. The one part that changes while the gateway runs: the
    /// management API adds and revokes keys, and the server swaps the table's key set.
    public var keys: GatewayKeys
    public var settings: GatewayConfig { compiled.settings }
    /// Exact names: `prefix/model`, combo names, bare model ids.
    var exact: [String: RouteTarget] { compiled.exact }
    /// Wildcard aliases, most specific first.
    var aliases: [CompiledAlias] { compiled.aliases }
    /// The global fallback chain (model indices), tried after a request's own targets.
    public var fallback: [Int] { compiled.fallback }
    /// Every catalog prefix, to tell "no accounts for it" from "no such provider".
    var catalogPrefixes: [String] { compiled.catalogPrefixes }

    public func provider(named id: String) -> RoutedProvider? { providers.first { $0.id == id } }
    /// The key a client presented, by its hash (the adapter hashed it; the core never sees keys).
    public func key(presented hash: KeyHash) -> RoutedKey? { keys.key(presented: hash) }
    /// Every name a client may send, for suggestions and `GET /v1/models`.
    public var knownNames: [String] { exact.keys.sorted() }
}

// Providers, accounts and models are immutable classes rather than structs: routing and
// the flow read them on every request (`let provider = table.providers[i]`), and copying
// the struct retained and released each of its strings and settings; a reference is one
// retain. Equality stays field by field.

public final class RoutedProvider: Sendable, Equatable {
    public let index: Int
    public let id: String
    public let name: String
    public let format: WireFormat
    public let baseURL: String
    public let auth: AuthStyle
    public let profile: ProviderProfile
    /// Indices into `RoutingTable.accounts`, in the config's (priority) order.
    public let accounts: Range<Int>
    public let strategy: AccountStrategyKind
    public let stickyLimit: Int
    public let breaker: BreakerSettings
    public let cooldown: CooldownSettings
    /// The URL of a generation request, made once (it depends on the model and on streaming
    /// only for gemini: nil there).
    let generateURL: String?

    init(index: Int, id: String, name: String, format: WireFormat, baseURL: String, auth: AuthStyle, profile: ProviderProfile,
         accounts: Range<Int>, strategy: AccountStrategyKind, stickyLimit: Int, breaker: BreakerSettings, cooldown: CooldownSettings) {
        (self.index, self.id, self.name, self.format, self.baseURL, self.auth) = (index, id, name, format, baseURL, auth)
        (self.profile, self.accounts, self.strategy, self.stickyLimit, self.breaker, self.cooldown) = (profile, accounts, strategy, stickyLimit, breaker, cooldown)
        generateURL = format == .gemini ? nil : UpstreamCall.url(baseURL: baseURL, kind: .generate, format: format, model: "", stream: false)
    }

    public static func == (a: RoutedProvider, b: RoutedProvider) -> Bool {
        a.index == b.index && a.id == b.id && a.name == b.name && a.format == b.format && a.baseURL == b.baseURL && a.auth == b.auth
            && a.profile == b.profile && a.accounts == b.accounts && a.strategy == b.strategy && a.stickyLimit == b.stickyLimit
            && a.breaker == b.breaker && a.cooldown == b.cooldown
    }
}

public final class RoutedAccount: Sendable, Equatable {
    public let index: Int
    public let provider: Int
    /// The account's name (never its key).
    public let id: String
    public let apiKey: String
    public let priority: Int
    public let limits: AccountLimits
    /// `Bearer <key>`, made once rather than on every request.
    let bearerAuthorization: String

    init(index: Int, provider: Int, id: String, apiKey: String, priority: Int, limits: AccountLimits) {
        (self.index, self.provider, self.id, self.apiKey, self.priority, self.limits) = (index, provider, id, apiKey, priority, limits)
        bearerAuthorization = "Bearer " + apiKey
    }

    public static func == (a: RoutedAccount, b: RoutedAccount) -> Bool {
        a.index == b.index && a.provider == b.provider && a.id == b.id && a.apiKey == b.apiKey && a.priority == b.priority && a.limits == b.limits
    }
}

/// One model at one provider: the unit a request is sent to.
public final class RoutedModel: Sendable, Equatable {
    public let index: Int
    public let provider: Int
    /// The id the upstream knows it by.
    public let upstreamID: String
    /// `prefix/model`.
    public let name: String
    public let price: ModelPrice?

    init(index: Int, provider: Int, upstreamID: String, name: String, price: ModelPrice?) {
        (self.index, self.provider, self.upstreamID, self.name, self.price) = (index, provider, upstreamID, name, price)
    }

    public static func == (a: RoutedModel, b: RoutedModel) -> Bool {
        a.index == b.index && a.provider == b.provider && a.upstreamID == b.upstreamID && a.name == b.name && a.price == b.price
    }
}

public struct RoutedCombo: Sendable, Equatable {
    public let index: Int
    public let name: String
    public let strategy: ComboStrategyKind
    /// Model indices (nested combos flattened) with their weights.
    public let steps: [Int]
    public let weights: [Int]
}

/// A gateway key in force: its name, limits and budget (the key itself is only ever seen
/// by the adapter, which hands the engine its hash). A class like the routed values above:
/// every flow holds its request's key, and as a struct it was 120 bytes of the flow and
/// retained its name and budget at every copy.
public final class RoutedKey: Sendable, Equatable {
    public let index: Int
    public let name: String
    public let requestsPerMinute: Int?
    public let budget: BudgetConfig?

    init(index: Int, name: String, requestsPerMinute: Int?, budget: BudgetConfig?) {
        (self.index, self.name, self.requestsPerMinute, self.budget) = (index, name, requestsPerMinute, budget)
    }

    public static func == (a: RoutedKey, b: RoutedKey) -> Bool {
        a.index == b.index && a.name == b.name && a.requestsPerMinute == b.requestsPerMinute && a.budget == b.budget
    }
}

/// What a model name resolves to.
public enum RouteTarget: Sendable, Equatable {
    /// Models tried in this order (one for `prefix/model`; every provider serving a bare id).
    case models([Int])
    case combo(Int)
}

struct CompiledAlias: Sendable {
    let pattern: WildcardPattern
    let target: RouteTarget
    let targetName: String
}
