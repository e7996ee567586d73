import Yams
import OmniCore

/// `combos:` — named model lists with a strategy, usable wherever a model name is.
struct ComboSection {
    let reader: NodeReader

    func read(_ located: Located) throws -> [ComboConfig] {
        var combos: [ComboConfig] = []
        var seen: [String: Int] = [:]
        for (index, item) in try reader.list(located, what: "a list of combos").enumerated() {
            let fields = try reader.fields(item, allowed: ["name", "strategy", "models"], what: "a combo (a mapping with name, strategy, models)")
            guard let nameAt = fields["name"] else { throw reader.error(at: item, "a combo needs \"name\"") }
            let name = try reader.nonEmptyString(nameAt)
            if let first = seen[name] { throw reader.error(at: nameAt, "duplicate combo name \"\(name)\" (first at combos[\(first)])") }
            seen[name] = index
            guard let modelsAt = fields["models"] else { throw reader.error(at: item, "a combo needs \"models\" (the models to try)") }
            var combo = ComboConfig(name: name, steps: try readSteps(modelsAt))
            if let strategy = fields["strategy"] { combo.strategy = try reader.choice(strategy, ComboStrategyKind.self) }
            combos.append(combo)
        }
        return combos
    }

    /// Each step a model name, or `{model, weight}` for the weighted strategy.
    private func readSteps(_ located: Located) throws -> [ComboStep] {
        let items = try reader.list(located, what: "a list of models")
        guard !items.isEmpty else { throw reader.error(at: located, "a combo needs at least one model") }
        return try items.map { item in
            if case .scalar = item.node { return ComboStep(model: try reader.nonEmptyString(item)) }
            let fields = try reader.fields(item, allowed: ["model", "weight"], what: "a model name, or a mapping with model and weight")
            guard let model = fields["model"] else { throw reader.error(at: item, "a combo step needs \"model\"") }
            var step = ComboStep(model: try reader.nonEmptyString(model))
            if let weight = fields["weight"] { step.weight = try reader.positiveInt(weight) }
            return step
        }
    }
}

/// `routing:` — the default account strategy, wildcard aliases and the global fallback chain.
struct RoutingSection {
    let reader: NodeReader

    func read(_ located: Located) throws -> RoutingSettings {
        let fields = try reader.fields(located, allowed: ["strategy", "stickyLimit", "aliases", "fallback"])
        var routing = RoutingSettings()
        if let strategy = fields["strategy"] { routing.strategy = try reader.choice(strategy, AccountStrategyKind.self) }
        if let sticky = fields["stickyLimit"] { routing.stickyLimit = try reader.positiveInt(sticky) }
        if let aliases = fields["aliases"] { routing.aliases = try readAliases(aliases) }
        if let fallback = fields["fallback"] {
            routing.fallback = try reader.list(fallback, what: "a list of models").map(reader.nonEmptyString)
        }
        return routing
    }

    /// Either a list of `{pattern, target}` or a mapping `pattern: target`; a pattern appears once.
    private func readAliases(_ located: Located) throws -> [ModelAlias] {
        var aliases: [(alias: ModelAlias, at: Located)] = []
        if case .mapping = located.node {
            for entry in try reader.entries(located) {
                aliases.append((ModelAlias(pattern: entry.key, target: try reader.nonEmptyString(entry.value)), entry.keyAt))
            }
        } else {
            for item in try reader.list(located, what: "a list of {pattern, target}, or a mapping pattern: target") {
                let fields = try reader.fields(item, allowed: ["pattern", "target"], what: "an alias (a mapping with pattern and target)")
                guard let pattern = fields["pattern"] else { throw reader.error(at: item, "an alias needs \"pattern\"") }
                guard let target = fields["target"] else { throw reader.error(at: item, "an alias needs \"target\"") }
                aliases.append((ModelAlias(pattern: try reader.nonEmptyString(pattern), target: try reader.nonEmptyString(target)), pattern))
            }
        }
        var seen: Set<String> = []
        for (alias, at) in aliases where !seen.insert(alias.pattern).inserted {
            throw reader.error(at: at, "duplicate alias pattern \(Node.quoted(alias.pattern))")
        }
        return aliases.map(\.alias)
    }
}
