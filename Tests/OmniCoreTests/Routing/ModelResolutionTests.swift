import Testing
@testable import OmniCore

@Suite struct ModelResolutionTests {
    static let catalog = Catalog(providers: [
        CatalogProvider(id: "cc", name: "Claude Code", format: .anthropic, baseURL: "https://api.anthropic.com", auth: .bearer, profile: .subscription,
                        models: [CatalogModel(id: "claude-opus-4-6"), CatalogModel(id: "claude-sonnet-4-5-20250929")]),
        CatalogProvider(id: "glm", name: "GLM", format: .openai, baseURL: "https://api.z.ai/api/paas/v4", auth: .bearer, profile: .apiKey,
                        models: [CatalogModel(id: "glm-4.7", price: ModelPrice(input: 0.6, output: 2.2))]),
        CatalogProvider(id: "together", name: "Together", format: .openai, baseURL: "https://api.together.xyz/v1", auth: .bearer, profile: .apiKey,
                        models: [CatalogModel(id: "meta-llama/Llama-3.3-70B-Instruct-Turbo")]),
        CatalogProvider(id: "ds", name: "DeepSeek", format: .openai, baseURL: "https://api.deepseek.com/v1", auth: .bearer, profile: .apiKey,
                        models: [CatalogModel(id: "deepseek-chat")]),
    ])

    static func config() -> GatewayConfig {
        var config = GatewayConfig()
        for id in ["cc", "glm", "together"] {
            var p = ProviderConfig(id: id)
            p.accounts = [AccountConfig(id: "\(id)-1", apiKey: "k")]
            config.providers.append(p)
        }
        config.providers[1].models = [CatalogModel(id: "glm-5-preview")]
        config.combos = [ComboConfig(name: "always-on", steps: [ComboStep(model: "cc/claude-opus-4-6"), ComboStep(model: "glm/glm-4.7")])]
        config.routing.aliases = [ModelAlias(pattern: "claude-*", target: "glm/glm-4.7"),
                                  ModelAlias(pattern: "claude-sonnet-*", target: "cc/claude-sonnet-4-5-20250929"),
                                  ModelAlias(pattern: "gpt-?o", target: "always-on")]
        config.routing.fallback = ["glm/glm-4.7"]
        return config
    }

    let table: RoutingTable
    init() throws { table = try RoutingTable(catalog: Self.catalog, config: Self.config()) }

    func models(_ name: String) -> [String]? {
        guard case .success(let target) = table.resolve(name) else { return nil }
        return table.models(of: target).map { table.models[$0].name }
    }

    @Test func prefixAndModelNameOneModel() { #expect(models("cc/claude-opus-4-6") == ["cc/claude-opus-4-6"]) }
    @Test func aModelIdMayContainSlashes() {
        #expect(models("together/meta-llama/Llama-3.3-70B-Instruct-Turbo") == ["together/meta-llama/Llama-3.3-70B-Instruct-Turbo"])
    }
    @Test func aComboNameResolvesToItsSteps() { #expect(models("always-on") == ["cc/claude-opus-4-6", "glm/glm-4.7"]) }
    @Test func aCustomModelIsAddedToTheCatalogs() { #expect(models("glm/glm-5-preview") == ["glm/glm-5-preview"]) }
    @Test func aBareModelIdNamesEveryProviderServingIt() { #expect(models("glm-4.7") == ["glm/glm-4.7"]) }
    @Test func theMostSpecificWildcardWins() {
        #expect(models("claude-sonnet-4-6") == ["cc/claude-sonnet-4-5-20250929"])
        #expect(models("claude-haiku") == ["glm/glm-4.7"])
        #expect(models("gpt-4o") == ["cc/claude-opus-4-6", "glm/glm-4.7"])
        #expect(models("gpt-4xo") == nil)
    }
    @Test func anUnknownModelSuggestsTheClosestNames() {
        guard case .failure(let error) = table.resolve("cc/claude-opus-4-7") else { Issue.record("resolved"); return }
        #expect(error.suggestions.first == "cc/claude-opus-4-6")
        #expect(error.description.contains("did you mean 'cc/claude-opus-4-6'"))
    }
    @Test func aCatalogProviderWithoutAccountsSaysSo() {
        guard case .failure(let error) = table.resolve("ds/deepseek-chat") else { Issue.record("resolved"); return }
        #expect(error.description == "model 'ds/deepseek-chat': provider 'ds' has no accounts in the config")
    }
    @Test func theGlobalFallbackChainIsTriedAfterARequestsOwnTargets() {
        var state = GatewayState(table: table, seed: 1)
        let plan = state.plan([0], combo: nil, fallback: table.fallback, table: table, now: .epoch)
        #expect(plan.models.map { table.models[$0].name } == ["cc/claude-opus-4-6", "glm/glm-4.7"])
    }
    @Test func aComboNamingAnUnknownModelIsAConfigErrorWithItsPath() {
        var config = Self.config()
        config.combos[0].steps.append(ComboStep(model: "glm/glm-4.8"))
        #expect(throws: RoutingConfigError(path: "combos[0].models[2]", message: "unknown model 'glm/glm-4.8'; did you mean 'glm/glm-4.7'?")) {
            try RoutingTable(catalog: Self.catalog, config: config)
        }
    }
    @Test func aComboContainingItselfIsAConfigError() {
        var config = Self.config()
        config.combos.append(ComboConfig(name: "loop", steps: [ComboStep(model: "loop")]))
        #expect(throws: RoutingConfigError.self) { try RoutingTable(catalog: Self.catalog, config: config) }
    }
    @Test func nestedCombosAreFlattened() throws {
        var config = Self.config()
        config.combos.append(ComboConfig(name: "outer", steps: [ComboStep(model: "together/meta-llama/Llama-3.3-70B-Instruct-Turbo"), ComboStep(model: "always-on")]))
        let table = try RoutingTable(catalog: Self.catalog, config: config)
        guard case .success(let target) = table.resolve("outer") else { Issue.record("unresolved"); return }
        #expect(table.models(of: target).count == 3)
    }
}

@Suite struct WildcardPatternTests {
    @Test(arguments: [
        ("claude-*", "claude-sonnet-4", true), ("claude-*", "claude-", true), ("claude-*", "claud", false),
        ("gpt-?o", "gpt-4o", true), ("gpt-?o", "gpt-40o", false), ("*", "", true), ("*-mini", "gpt-4o-mini", true),
        ("a*b*c", "axxbyyc", true), ("a*b*c", "axxbyy", false), ("??", "ab", true), ("??", "abc", false),
    ])
    func matches(pattern: String, name: String, expected: Bool) {
        #expect(WildcardPattern(pattern).matches(name) == expected)
    }

    @Test func moreLiteralCharactersIsMoreSpecific() {
        #expect(WildcardPattern.moreSpecific(WildcardPattern("claude-sonnet-*"), than: WildcardPattern("claude-*")))
        #expect(WildcardPattern.moreSpecific(WildcardPattern("gpt-?o"), than: WildcardPattern("gpt-*o")))
        #expect(!WildcardPattern.moreSpecific(WildcardPattern("*"), than: WildcardPattern("a*")))
    }
}
