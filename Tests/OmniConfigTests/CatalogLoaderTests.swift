import Foundation
import OmniConfig
import OmniCore
import Testing

@Suite struct CatalogLoaderTests {
    /// The providers the task and the guide name; each must be in the bundled catalog.
    static let requiredProviders = ["cc", "cx", "gc", "gh", "glm", "minimax", "kimi", "qw", "if", "kr", "ds", "groq", "xai",
                                    "mistral", "pplx", "together", "fireworks", "cerebras", "cohere", "nvidia", "openrouter",
                                    "openai", "anthropic", "gemini"]

    @Test func theBundledCatalogHasEveryRequiredProvider() throws {
        let catalog = try CatalogLoader.bundled()
        for id in Self.requiredProviders {
            let provider = try #require(catalog.provider(id), "missing provider \(id)")
            #expect(!provider.name.isEmpty)
            #expect(provider.baseURL.hasPrefix("https://"), "\(id): \(provider.baseURL)")
            #expect(!provider.baseURL.hasSuffix("/"), "\(id): \(provider.baseURL)")
            #expect(!provider.models.isEmpty, "\(id) lists no models")
        }
    }

    @Test func baseURLsFollowEachFormatsConvention() throws {
        for provider in try CatalogLoader.bundled().providers {
            let path = provider.baseURL.split(separator: "/", omittingEmptySubsequences: true).dropFirst(2)
            switch provider.format {
            case .anthropic, .gemini:
                // The host; the SDK adds /v1/messages or /v1beta/models/…
                #expect(path.isEmpty, "\(provider.id): \(provider.baseURL)")
            case .openai, .responses:
                // Chat Completions and Responses paths are appended to a versioned base
                // (or the vendor's own OpenAI-compatible root: Copilot, Perplexity).
                #expect(!provider.baseURL.hasSuffix("/chat/completions"), "\(provider.id): \(provider.baseURL)")
            }
        }
    }

    @Test func vendorsSpeakTheirOwnFormatAndAuth() throws {
        let catalog = try CatalogLoader.bundled()
        let expectations: [(String, WireFormat, AuthStyle, ProviderProfile)] = [
            ("cc", .anthropic, .bearer, .subscription), ("cx", .responses, .bearer, .subscription),
            ("gc", .gemini, .bearer, .subscription), ("gh", .openai, .bearer, .subscription),
            ("anthropic", .anthropic, .xApiKey, .apiKey), ("gemini", .gemini, .xGoogApiKey, .apiKey),
            ("openai", .openai, .bearer, .apiKey), ("ds", .openai, .bearer, .apiKey),
        ]
        for (id, format, auth, profile) in expectations {
            let provider = try #require(catalog.provider(id))
            #expect(provider.format == format, "\(id)")
            #expect(provider.auth == auth, "\(id)")
            #expect(provider.profile == profile, "\(id)")
        }
        #expect(catalog.provider("openai")?.baseURL == "https://api.openai.com/v1")
        #expect(catalog.provider("anthropic")?.baseURL == "https://api.anthropic.com")
        #expect(catalog.provider("gemini")?.baseURL == "https://generativelanguage.googleapis.com")
    }

    @Test func everyPriceHasADateAndSensibleFigures() throws {
        for provider in try CatalogLoader.bundled().providers {
            for model in provider.models {
                guard let price = model.price else { continue }
                #expect(price.asOf != nil, "\(provider.id)/\(model.id) has a price without asOf")
                #expect(price.input >= 0 && price.output >= 0, "\(provider.id)/\(model.id)")
                if let cached = price.cachedInput {
                    #expect(cached <= price.input, "\(provider.id)/\(model.id): cache reads dearer than input")
                }
            }
        }
    }

    @Test func openAIsEmbeddingModelsArePricedForInputOnly() throws {
        let openai = try #require(try CatalogLoader.bundled().provider("openai"))
        let prices = ["text-embedding-3-small", "text-embedding-3-large"].map { id in openai.models.first { $0.id == id }?.price }
        #expect(prices.map { $0?.input } == [0.02, 0.13])
        #expect(prices.map { $0?.output } == [0, 0])
    }

    @Test func flatFeeSubscriptionsCarryNoPerTokenPrice() throws {
        let catalog = try CatalogLoader.bundled()
        for id in ["cc", "cx", "gh"] {
            let provider = try #require(catalog.provider(id))
            #expect(provider.models.allSatisfy { $0.price == nil }, "\(id)")
        }
        for id in ["gc", "if", "qw", "kr"] {
            let provider = try #require(catalog.provider(id))
            #expect(provider.models.allSatisfy { $0.price?.input == 0 && $0.price?.output == 0 }, "\(id) is free")
        }
    }

    @Test func noDuplicateProviderOrModelIds() throws {
        let catalog = try CatalogLoader.bundled()
        let ids = catalog.providers.map(\.id)
        #expect(Set(ids).count == ids.count)
        for provider in catalog.providers {
            let models = provider.models.map(\.id)
            #expect(Set(models).count == models.count, "\(provider.id)")
        }
    }

    @Test func theGuidesModelsAreListed() throws {
        let catalog = try CatalogLoader.bundled()
        let guide = ["cc/claude-opus-4-6", "cc/claude-sonnet-4-5-20250929", "cc/claude-haiku-4-5-20251001",
                     "cx/gpt-5.2-codex", "cx/gpt-5.1-codex-max", "gc/gemini-3-flash-preview", "gc/gemini-2.5-pro",
                     "gh/gpt-5", "gh/claude-4.5-sonnet", "glm/glm-4.7", "minimax/MiniMax-M2.1", "kimi/kimi-latest",
                     "if/kimi-k2-thinking", "if/qwen3-coder-plus", "if/deepseek-r1", "qw/qwen3-coder-plus",
                     "qw/qwen3-coder-flash", "kr/claude-sonnet-4.5", "kr/claude-haiku-4.5", "ds/deepseek-chat",
                     "ds/deepseek-reasoner", "groq/llama-3.3-70b-versatile", "pplx/sonar-pro", "pplx/sonar",
                     "together/meta-llama/Llama-3.3-70B-Instruct-Turbo", "fireworks/accounts/fireworks/models/deepseek-v3p1",
                     "cerebras/llama-3.3-70b", "cohere/command-r-plus-08-2024", "mistral/mistral-large-2501",
                     "mistral/codestral-2501"]
        for name in guide {
            let (prefix, model) = (String(name.prefix { $0 != "/" }), String(name.drop { $0 != "/" }.dropFirst()))
            let provider = try #require(catalog.provider(prefix), "\(name)")
            #expect(provider.models.contains { $0.id == model }, "\(name) is missing")
        }
    }

    @Test func aCatalogFileIsReadStrictly() throws {
        let yaml = """
            providers:
              - id: x
                name: X
                format: openai
                baseURL: https://x.example/v1
                auth: bearer
                profile: api-key
                models:
                  - plain-model
                  - id: priced
                    price: {input: 1, cachedInput: 0.5, output: 2, asOf: 2026-01-02}
            """
        let catalog = try CatalogLoader.load(yaml: yaml)
        #expect(catalog == Catalog(providers: [CatalogProvider(
            id: "x", name: "X", format: .openai, baseURL: "https://x.example/v1", auth: .bearer, profile: .apiKey,
            models: [CatalogModel(id: "plain-model"),
                     CatalogModel(id: "priced", price: ModelPrice(input: 1, cachedInput: 0.5, output: 2, asOf: "2026-01-02"))])]))
    }

    @Test func catalogErrorsNameTheirPlace() throws {
        let base = "providers:\n  - {id: x, name: X, format: openai, baseURL: https://x.example, auth: bearer, profile: api-key"

        let missing = try #require(catalogError("providers:\n  - {id: x, name: X}\n"))
        #expect(missing.source == "catalog.yaml")
        #expect(missing.path == "providers[0]")
        #expect(missing.message == #"a catalog provider needs "format""#)

        let duplicate = try #require(catalogError(base + "}\n" + String(base.dropFirst("providers:\n".count)) + "}\n"))
        #expect(duplicate.path == "providers[1].id")
        #expect(duplicate.line == 3)

        let duplicateModel = try #require(catalogError(base + ", models: [a, a]}\n"))
        #expect(duplicateModel.path == "providers[0].models[1]")

        let priceWithoutOutput = try #require(catalogError(base + ", models: [{id: a, price: {input: 1}}]}\n"))
        #expect(priceWithoutOutput.path == "providers[0].models[0].price")
        #expect(priceWithoutOutput.message.hasPrefix(#"a price needs "output""#))

        let badAuth = try #require(catalogError(base.replacingOccurrences(of: "auth: bearer", with: "auth: header") + "}\n"))
        #expect(badAuth.path == "providers[0].auth")
        #expect(badAuth.message.hasPrefix("expected one of bearer, x-api-key, x-goog-api-key, none"))
    }

    private func catalogError(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigError? {
        do {
            _ = try CatalogLoader.load(yaml: yaml)
            Issue.record("expected a ConfigError", sourceLocation: sourceLocation)
        } catch let error as ConfigError {
            return error
        } catch {
            Issue.record("expected a ConfigError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }
}
