import OmniCore

/// `providers:` — the upstreams the user has accounts for, each a catalog prefix (whose
/// format, base URL and auth are inherited) or a provider of its own with `format` and `baseURL`.
struct ProviderSection {
    let reader: NodeReader
    let catalog: Catalog

    static let keys = ["id", "name", "format", "baseURL", "auth", "profile", "apiKeys", "accounts",
                       "models", "strategy", "stickyLimit", "limits"]

    func read(_ located: Located) throws -> [ProviderConfig] {
        var providers: [ProviderConfig] = []
        var providerIndex: [String: Int] = [:]
        // Account ids name accounts in logs, /health and usage rows, so they are unique across
        // the whole file, not just within one provider.
        var accountPlaces: [String: String] = [:]
        for (index, item) in try reader.list(located, what: "a list of providers").enumerated() {
            let fields = try reader.fields(item, allowed: Self.keys, what: "a provider (a mapping with id, format, baseURL, apiKeys, …)")
            guard let idAt = fields["id"] else { throw reader.error(at: item, "a provider needs \"id\" (the prefix in model names, e.g. glm)") }
            var provider = try readProvider(fields, id: ProviderID.read(idAt, reader: reader), at: item)
            if let first = providerIndex[provider.id] {
                throw reader.error(at: idAt, "duplicate provider id \"\(provider.id)\" (first at providers[\(first)]): give each account of one provider in its apiKeys or accounts list")
            }
            providerIndex[provider.id] = index
            for (account, at) in try readAccounts(fields, providerID: provider.id) {
                if let first = accountPlaces[account.id] {
                    throw reader.error(at: at, "duplicate account id \"\(account.id)\" (first used by \(first))")
                }
                accountPlaces[account.id] = "providers[\(index)]"
                provider.accounts.append(account)
            }
            providers.append(provider)
        }
        return providers
    }

    private func readProvider(_ fields: Fields, id: String, at item: Located) throws -> ProviderConfig {
        var provider = ProviderConfig(id: id)
        if let name = fields["name"] { provider.name = try reader.nonEmptyString(name) }
        if let format = fields["format"] { provider.format = try reader.choice(format, WireFormat.self) }
        if let baseURL = fields["baseURL"] { provider.baseURL = try BaseURL.read(baseURL, reader: reader) }
        if let auth = fields["auth"] { provider.auth = try reader.choice(auth, AuthStyle.self) }
        if let profile = fields["profile"] { provider.profile = try reader.choice(profile, ProviderProfile.self) }
        if catalog.provider(id) == nil {
            let missing = ["format", "baseURL"].filter { fields[$0] == nil }
            if !missing.isEmpty {
                let known = catalog.providers.map(\.id).joined(separator: ", ")
                throw reader.error(at: fields["id"] ?? item,
                                   "provider \"\(id)\" is not in the catalog, so it needs \(missing.joined(separator: " and ")) (catalog providers: \(known))")
            }
        }
        if let models = fields["models"] { provider.models = try ModelListReader.read(models, reader: reader) }
        if let strategy = fields["strategy"] { provider.strategy = try reader.choice(strategy, AccountStrategyKind.self) }
        if let sticky = fields["stickyLimit"] { provider.stickyLimit = try reader.positiveInt(sticky) }
        if let limits = fields["limits"] { provider.limits = try LimitsReader.read(limits, reader: reader) }
        return provider
    }

    /// `apiKeys` (one account each, named `<provider>-1`, `-2`, …) then `accounts` (the long
    /// form); numbering runs on across both so a default id never repeats. Each account comes
    /// with where it was written (its `id` if given), for a duplicate-id error.
    private func readAccounts(_ fields: Fields, providerID: String) throws -> [(account: AccountConfig, at: Located)] {
        var accounts: [(account: AccountConfig, at: Located)] = []
        if let keys = fields["apiKeys"] {
            for item in try reader.list(keys, what: "a list of keys (one account each)") {
                accounts.append((AccountConfig(id: "\(providerID)-\(accounts.count + 1)", apiKey: try reader.secret(item)), item))
            }
        }
        if let list = fields["accounts"] {
            for item in try reader.list(list, what: "a list of accounts") {
                let account = try reader.fields(item, allowed: ["id", "apiKey", "priority", "limits"],
                                                what: "an account (a mapping with id, apiKey, priority, limits)")
                guard let key = account["apiKey"] else { throw reader.error(at: item, "an account needs \"apiKey\"") }
                var config = AccountConfig(id: "\(providerID)-\(accounts.count + 1)", apiKey: try reader.secret(key))
                var at = item
                if let id = account["id"] { config.id = try reader.nonEmptyString(id); at = id }
                if let priority = account["priority"] { config.priority = try reader.nonNegativeInt(priority) }
                if let limits = account["limits"] { config.limits = try LimitsReader.read(limits, reader: reader) }
                accounts.append((config, at))
            }
        }
        return accounts
    }
}

/// `limits:` of an account, a provider or `resilience.rateLimits`.
enum LimitsReader {
    static func read(_ located: Located, reader: NodeReader) throws -> AccountLimits {
        let fields = try reader.fields(located, allowed: ["requestsPerMinute", "minGap", "maxConcurrent"])
        var limits = AccountLimits()
        if let rpm = fields["requestsPerMinute"] { limits.requestsPerMinute = try reader.positiveInt(rpm) }
        if let gap = fields["minGap"] { limits.minGap = try reader.duration(gap, allowZero: true) }
        if let concurrent = fields["maxConcurrent"] { limits.maxConcurrent = try reader.positiveInt(concurrent) }
        return limits
    }
}
