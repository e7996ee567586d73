import Foundation
import OmniConfig
import OmniCore
import Testing

/// A small catalog for config tests, so they do not depend on the bundled file's contents.
let testCatalog = Catalog(providers: [
    CatalogProvider(id: "glm", name: "Zhipu GLM", format: .openai, baseURL: "https://api.z.ai/api/paas/v4", auth: .bearer, profile: .apiKey),
    CatalogProvider(id: "cc", name: "Claude Code", format: .anthropic, baseURL: "https://api.anthropic.com", auth: .bearer, profile: .subscription),
])

/// What the loader makes of gateway key `key` when `API_KEY_SECRET` is not set.
func hashedKey(_ key: String, name: String, requestsPerMinute: Int? = nil, budget: BudgetConfig? = nil) -> GatewayKeyConfig {
    GatewayKeyConfig(hash: GatewayKeyHasher(environment: [:]).hash(key), name: name, mask: GatewayKeyMask.of(key),
                     requestsPerMinute: requestsPerMinute, budget: budget)
}

func fixture(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Fixtures"))
    return try String(contentsOf: url, encoding: .utf8)
}

func load(_ yaml: String, environment: [String: String] = [:]) throws -> GatewayConfig {
    try ConfigLoader.load(yaml: yaml, source: "gateway.yaml", catalog: testCatalog, environment: environment)
}

/// The error `yaml` fails with; records an issue if it loads.
func loadError(_ yaml: String, environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) -> ConfigError? {
    do {
        _ = try load(yaml, environment: environment)
        Issue.record("expected a ConfigError, but the config loaded", sourceLocation: sourceLocation)
    } catch let error as ConfigError {
        return error
    } catch {
        Issue.record("expected a ConfigError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
