/// The providers the gateway knows: what each speaks, where it lives, how it authenticates,
/// its models and their prices. Read from `Catalog/catalog.yaml` by an adapter and handed
/// to the core as this value; the user's config adds providers and models on top.
public struct Catalog: Sendable, Equatable, Codable {
    public var providers: [CatalogProvider]

    public init(providers: [CatalogProvider] = []) { self.providers = providers }

    public func provider(_ id: String) -> CatalogProvider? { providers.first { $0.id == id } }
}

public struct CatalogProvider: Sendable, Equatable, Codable {
    /// The prefix in model names (`cc` in `cc/claude-opus-4-6`).
    public var id: String
    /// What people call it (`Claude Code`).
    public var name: String
    public var format: WireFormat
    /// The vendor SDK's own base-URL convention (DESIGN.md, "Base URLs").
    public var baseURL: String
    public var auth: AuthStyle
    public var profile: ProviderProfile
    public var models: [CatalogModel]

    public init(id: String, name: String, format: WireFormat, baseURL: String, auth: AuthStyle, profile: ProviderProfile, models: [CatalogModel] = []) {
        (self.id, self.name, self.format, self.baseURL, self.auth, self.profile, self.models) = (id, name, format, baseURL, auth, profile, models)
    }
}

public struct CatalogModel: Sendable, Equatable, Codable {
    /// The model id as the upstream knows it (may contain `/`: `meta-llama/Llama-3.3-70B-Instruct-Turbo`).
    public var id: String
    public var price: ModelPrice?

    public init(id: String, price: ModelPrice? = nil) { (self.id, self.price) = (id, price) }
}

/// US dollars per 1 M tokens, as the vendor's pricing page said on `asOf`.
public struct ModelPrice: Sendable, Equatable, Codable {
    public var input: Double
    /// Cache reads; nil when the vendor has no discount (then input's price applies).
    public var cachedInput: Double?
    /// Output, reasoning tokens included.
    public var output: Double
    /// `YYYY-MM-DD`: when the price was taken from the vendor's page.
    public var asOf: String?

    public init(input: Double, cachedInput: Double? = nil, output: Double, asOf: String? = nil) {
        (self.input, self.cachedInput, self.output, self.asOf) = (input, cachedInput, output, asOf)
    }
}

/// Where the upstream expects its key.
public enum AuthStyle: String, Sendable, Codable, CaseIterable {
    /// `Authorization: Bearer <key>` (OpenAI and every OpenAI-compatible vendor, OAuth tokens).
    case bearer
    /// `x-api-key: <key>` (Anthropic).
    case xApiKey = "x-api-key"
    /// `x-goog-api-key: <key>` (Gemini).
    case xGoogApiKey = "x-goog-api-key"
    /// No key (a local server).
    case none
}

/// Which resilience defaults a provider gets (`resilience.profiles` overrides each).
public enum ProviderProfile: String, Sendable, Codable, CaseIterable {
    /// Pay-per-use API keys: fail fast, recover fast.
    case apiKey = "api-key"
    /// Subscription/OAuth accounts (Claude Code, Codex, Gemini CLI, Copilot): quota windows
    /// of hours, so rate limits cool down longer and the breaker is more patient.
    case subscription
    /// A server on the local network: no rate limits, quick probes.
    case local
}
