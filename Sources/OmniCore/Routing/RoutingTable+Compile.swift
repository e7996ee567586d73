/// A config that does not fit together (a combo naming an unknown model, a duplicate key…):
/// the config path and what is wrong, for the loader to print with the file name.
public struct RoutingConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) { (self.path, self.message) = (path, message) }
    public var description: String { "\(path): \(message)" }
}

extension RoutingTable {
    /// Compiles the user's config over the catalog. Providers are those of the config (a
    /// catalog provider without accounts is not routable); a config provider with a catalog
    /// id inherits what it does not set.
    public init(catalog: Catalog, config: GatewayConfig) throws(RoutingConfigError) {
        var providers: [RoutedProvider] = []
        var accounts: [RoutedAccount] = []
        var models: [RoutedModel] = []
        var exact: [String: RouteTarget] = [:]
        var bare: [String: [Int]] = [:]
        var bareOrder: [String] = []

        for (p, provider) in config.providers.enumerated() {
            let path = "providers[\(p)]"
            if providers.contains(where: { $0.id == provider.id }) {
                throw RoutingConfigError(path: "\(path).id", message: "provider '\(provider.id)' is listed twice")
            }
            let known = catalog.provider(provider.id)
            guard let format = provider.format ?? known?.format else {
                throw RoutingConfigError(path: path, message: "'\(provider.id)' is not in the catalog, so it needs a format (openai, anthropic, gemini or responses)")
            }
            guard let baseURL = provider.baseURL ?? known?.baseURL else {
                throw RoutingConfigError(path: path, message: "'\(provider.id)' is not in the catalog, so it needs a baseURL")
            }
            let auth = provider.auth ?? known?.auth ?? .bearer
            let profile = provider.profile ?? known?.profile ?? .apiKey
            let limits = (provider.limits ?? AccountLimits()).over(config.resilience.rateLimits)

            var configured = provider.accounts
            if configured.isEmpty, auth == .none { configured = [AccountConfig(id: "\(provider.id)-1", apiKey: "")] }
            if configured.isEmpty {
                throw RoutingConfigError(path: path, message: "'\(provider.id)' has no apiKeys or accounts: add at least one (or auth: none for a local server)")
            }
            let first = accounts.count
            for (a, account) in configured.enumerated() {
                if configured[..<a].contains(where: { $0.id == account.id }) {
                    throw RoutingConfigError(path: "\(path).accounts[\(a)].id", message: "account '\(account.id)' is listed twice")
                }
                accounts.append(RoutedAccount(index: accounts.count, provider: p, id: account.id, apiKey: account.apiKey,
                                              priority: account.priority ?? a, limits: (account.limits ?? AccountLimits()).over(limits)))
            }
            let resilience = config.resilience.profile(profile)
            providers.append(RoutedProvider(
                index: p, id: provider.id, name: provider.name ?? known?.name ?? provider.id, format: format,
                baseURL: baseURL, auth: auth, profile: profile, accounts: first..<accounts.count,
                strategy: provider.strategy ?? config.routing.strategy,
                stickyLimit: provider.stickyLimit ?? config.routing.stickyLimit,
                breaker: resilience.breaker, cooldown: resilience.cooldown))

            // Catalog models first, then custom ones (a custom entry with a known id sets its price).
            var list = known?.models ?? []
            for custom in provider.models {
                if let i = list.firstIndex(where: { $0.id == custom.id }) {
                    if custom.price != nil { list[i].price = custom.price }
                } else {
                    list.append(custom)
                }
            }
            for model in list {
                let index = models.count
                let name = "\(provider.id)/\(model.id)"
                models.append(RoutedModel(index: index, provider: p, upstreamID: model.id, name: name, price: model.price))
                exact[name] = .models([index])
                if bare[model.id] == nil { bareOrder.append(model.id) }
                bare[model.id, default: []].append(index)
            }
        }

        // Combos may name models or other combos; nested ones are flattened in place.
        var combos: [RoutedCombo] = []
        let comboConfigs = config.combos
        for (c, combo) in comboConfigs.enumerated() {
            if comboConfigs[..<c].contains(where: { $0.name == combo.name }) {
                throw RoutingConfigError(path: "combos[\(c)].name", message: "combo '\(combo.name)' is listed twice")
            }
            if exact[combo.name] != nil {
                throw RoutingConfigError(path: "combos[\(c)].name", message: "'\(combo.name)' is already a model name; combos need their own")
            }
            if combo.steps.isEmpty {
                throw RoutingConfigError(path: "combos[\(c)].models", message: "a combo needs at least one model")
            }
        }
        func expand(_ name: String, path: String, visiting: [String]) throws(RoutingConfigError) -> [(model: Int, weight: Int)] {
            if let target = exact[name], case .models(let list) = target { return list.map { ($0, 1) } }
            if let nested = comboConfigs.first(where: { $0.name == name }) {
                if visiting.contains(name) {
                    throw RoutingConfigError(path: path, message: "combo '\(name)' contains itself (\((visiting + [name]).joined(separator: " → ")))")
                }
                var out: [(Int, Int)] = []
                for step in nested.steps {
                    for (model, _) in try expand(step.model, path: path, visiting: visiting + [name]) where !out.contains(where: { $0.0 == model }) {
                        out.append((model, step.weight))
                    }
                }
                return out
            }
            if let list = bare[name] { return list.map { ($0, 1) } }
            let suggestions = ModelSuggestions.closest(to: name, among: Array(exact.keys) + comboConfigs.map(\.name))
            throw RoutingConfigError(path: path, message: "unknown model '\(name)'" + ModelSuggestions.phrase(suggestions))
        }
        for (c, combo) in comboConfigs.enumerated() {
            var steps: [Int] = [], weights: [Int] = []
            for (s, step) in combo.steps.enumerated() {
                let path = "combos[\(c)].models[\(s)]"
                if step.weight < 0 { throw RoutingConfigError(path: "\(path).weight", message: "a weight cannot be negative") }
                for (model, nestedWeight) in try expand(step.model, path: path, visiting: [combo.name]) where !steps.contains(model) {
                    steps.append(model)
                    // A nested combo's own weights scale inside this step's weight.
                    weights.append(exact[step.model] != nil || bare[step.model] != nil ? step.weight : step.weight * max(nestedWeight, 1))
                }
            }
            if combo.strategy == .weighted, weights.allSatisfy({ $0 == 0 }) {
                throw RoutingConfigError(path: "combos[\(c)].models", message: "a weighted combo needs at least one weight above 0")
            }
            combos.append(RoutedCombo(index: c, name: combo.name, strategy: combo.strategy, steps: steps, weights: weights))
        }
        for combo in combos { exact[combo.name] = .combo(combo.index) }
        // A bare id names every provider serving it, in config order — unless a combo or a
        // `prefix/model` already has that name.
        for id in bareOrder where exact[id] == nil { exact[id] = .models(bare[id]!) }

        var aliases: [CompiledAlias] = []
        for (i, alias) in config.routing.aliases.enumerated() {
            guard let target = exact[alias.target] else {
                let suggestions = ModelSuggestions.closest(to: alias.target, among: Array(exact.keys))
                throw RoutingConfigError(path: "routing.aliases[\(i)].target", message: "unknown model '\(alias.target)'" + ModelSuggestions.phrase(suggestions))
            }
            aliases.append(CompiledAlias(pattern: WildcardPattern(alias.pattern), target: target, targetName: alias.target))
        }
        // Stable: of two equally specific patterns the one listed first wins.
        aliases = aliases.enumerated().sorted { a, b in
            if WildcardPattern.moreSpecific(a.element.pattern, than: b.element.pattern) { return true }
            if WildcardPattern.moreSpecific(b.element.pattern, than: a.element.pattern) { return false }
            return a.offset < b.offset
        }.map(\.element)

        var fallback: [Int] = []
        for (i, name) in config.routing.fallback.enumerated() {
            for (model, _) in try expand(name, path: "routing.fallback[\(i)]", visiting: []) where !fallback.contains(model) {
                fallback.append(model)
            }
        }

        var keys = GatewayKeys()
        for (k, key) in config.auth.apiKeys.enumerated() {
            do {
                try keys.add(key)
            } catch {
                switch error {
                case .sameKey: throw RoutingConfigError(path: "auth.apiKeys[\(k)]", message: "this key is listed twice")
                case .sameName: throw RoutingConfigError(path: "auth.apiKeys[\(k)].name", message: "key name '\(key.name)' is used twice")
                }
            }
        }

        self.keys = keys
        compiled = Compiled(providers: providers, accounts: accounts, models: models, combos: combos, settings: config,
                            exact: exact, aliases: aliases, fallback: fallback, catalogPrefixes: catalog.providers.map(\.id))
    }
}
