import Foundation
import OmniConfig
import OmniCore
import Testing

@Suite struct ConfigLoaderTests {
    @Test func designExampleLoadsToItsValues() throws {
        let config = try load(fixture("design-example"))

        #expect(config.providers.count == 1)
        let provider = try #require(config.providers.first)
        #expect(provider.id == "local-openai")
        #expect(provider.format == .openai)
        #expect(provider.baseURL == "http://127.0.0.1:9101/v1")
        #expect(provider.accounts == [
            AccountConfig(id: "local-openai-1", apiKey: "sk-upstream-1"),
            AccountConfig(id: "local-openai-2", apiKey: "sk-upstream-2"),
        ])
        #expect(provider.models == [CatalogModel(id: "gpt-4o-mini")])

        #expect(config.combos == [ComboConfig(name: "always-on", strategy: .priority, steps: [
            ComboStep(model: "local-anthropic/claude-sonnet-4-5"), ComboStep(model: "local-openai/gpt-4o-mini"),
        ])])
        #expect(config.auth.requireApiKey)
        #expect(config.auth.apiKeys == [hashedKey("sk-omni-local", name: "key-1")])
        #expect(config.resilience.timeouts.connect == .seconds(5))
        #expect(config.resilience.timeouts.firstByte == .seconds(60))
        #expect(config.resilience.timeouts.streamIdle == .seconds(30))
        #expect(config.resilience.timeouts.total == .minutes(10))
        #expect(config.resilience.maxAttempts == 3)
        // Sections the example leaves out keep their defaults.
        #expect(config.routing == RoutingSettings())
        #expect(config.cache == CacheSettings())
        #expect(config.idempotency == IdempotencySettings())
    }

    @Test func emptyDocumentIsTheDefaultConfig() throws {
        #expect(try load("") == GatewayConfig())
        #expect(try load("# only a comment\n") == GatewayConfig())
    }

    @Test func everySectionAndFieldIsRead() throws {
        let environment = ["GLM_KEY_1": "sk-from-env-1", "GLM_BACKUP": "sk-from-env-2", "TEAM_KEY": "sk-team"]
        let config = try load(fixture("full"), environment: environment)
        var expected = GatewayConfig()

        var glm = ProviderConfig(id: "glm")
        glm.accounts = [
            AccountConfig(id: "glm-1", apiKey: "sk-from-env-1"),
            AccountConfig(id: "glm-2", apiKey: "sk-glm-literal"),
            AccountConfig(id: "glm-backup", apiKey: "sk-from-env-2", priority: 5,
                          limits: AccountLimits(requestsPerMinute: 20, minGap: .milliseconds(250), maxConcurrent: 2)),
        ]
        glm.models = [CatalogModel(id: "glm-4.7-air"),
                      CatalogModel(id: "glm-5", price: ModelPrice(input: 1.0, cachedInput: 0.2, output: 3.2, asOf: "2026-08-19"))]
        glm.strategy = .roundRobin
        glm.stickyLimit = 5
        glm.limits = AccountLimits(requestsPerMinute: 60, minGap: .seconds(1), maxConcurrent: 4)

        var lab = ProviderConfig(id: "lab")
        lab.name = "Lab box"
        lab.format = .responses
        lab.baseURL = "http://10.0.0.5:8000/v1"
        lab.auth = AuthStyle.none
        lab.profile = .local
        lab.accounts = [AccountConfig(id: "lab-1", apiKey: "unused")]
        expected.providers = [glm, lab]

        expected.combos = [
            ComboConfig(name: "cheap", strategy: .weighted, steps: [ComboStep(model: "glm/glm-4.7", weight: 3), ComboStep(model: "lab/qwen3")]),
            ComboConfig(name: "always-on", strategy: .priority, steps: [ComboStep(model: "cc/claude-opus-4-6"), ComboStep(model: "cheap")]),
        ]

        expected.routing.strategy = .powerOfTwoChoices
        expected.routing.stickyLimit = 7
        expected.routing.aliases = [ModelAlias(pattern: "claude-sonnet-*", target: "cc/claude-sonnet-4-5-20250929"),
                                    ModelAlias(pattern: "gpt-?", target: "gh/gpt-5")]
        expected.routing.fallback = ["glm/glm-4.7", "if/kimi-k2-thinking"]

        var budget = BudgetConfig(daily: 5, weekly: 20.5, monthly: 60)
        budget.resetMinuteOfDay = 600
        budget.utcOffsetMinutes = 120
        budget.warnAt = 0.9
        expected.auth.requireApiKey = false
        expected.auth.apiKeys = [hashedKey("sk-plain", name: "key-1"),
                                 hashedKey("sk-team", name: "team", requestsPerMinute: 30, budget: budget)]

        expected.resilience.timeouts.connect = .seconds(2)
        expected.resilience.timeouts.firstByte = .seconds(45)
        expected.resilience.timeouts.streamIdle = .seconds(20)
        expected.resilience.timeouts.total = .minutes(5)
        expected.resilience.maxAttempts = 4
        expected.resilience.maxQueueWait = .milliseconds(750)
        expected.resilience.rateLimits = AccountLimits(requestsPerMinute: 100, minGap: .milliseconds(50), maxConcurrent: 8)
        // api-key: two fields set, the rest stay the profile's defaults.
        var apiKey = ResilienceProfile.defaults[.apiKey]!
        apiKey.breaker.failureThreshold = 7
        apiKey.breaker.resetTimeout = .seconds(20)
        expected.resilience.profiles[.apiKey] = apiKey
        expected.resilience.profiles[.subscription] = ResilienceProfile(
            breaker: BreakerSettings(failureThreshold: 2, resetTimeout: .minutes(2), maxResetTimeout: .hours(1),
                                     escalationFactor: 3, halfOpenProbes: 2, successesToClose: 3),
            cooldown: CooldownSettings(base: .minutes(1), max: .hours(2), factor: 4, lockoutRetest: .minutes(30)))

        expected.cache.enabled = false
        expected.cache.ttl = .minutes(2)
        expected.cache.maxEntries = 500
        expected.idempotency.window = .seconds(10)

        #expect(config.providers == expected.providers)
        #expect(config.combos == expected.combos)
        #expect(config.routing == expected.routing)
        #expect(config.auth == expected.auth)
        #expect(config.resilience == expected.resilience)
        #expect(config.cache == expected.cache)
        #expect(config.idempotency == expected.idempotency)
        #expect(config.resilience.profile(.local) == ResilienceProfile.defaults[.local])
    }

    @Test func aliasesMayBeAMappingOfPatternToTarget() throws {
        let config = try load("""
            routing:
              aliases:
                claude-sonnet-*: cc/claude-sonnet-4-5-20250929
                "gpt-*": gh/gpt-5
            """)
        #expect(config.routing.aliases == [ModelAlias(pattern: "claude-sonnet-*", target: "cc/claude-sonnet-4-5-20250929"),
                                           ModelAlias(pattern: "gpt-*", target: "gh/gpt-5")])
    }

    @Test func accountNumberingRunsOnFromApiKeysIntoAccounts() throws {
        let config = try load("""
            providers:
              - id: glm
                apiKeys: [a, b]
                accounts:
                  - apiKey: c
            """)
        #expect(config.providers[0].accounts.map(\.id) == ["glm-1", "glm-2", "glm-3"])
    }

    @Test func aCatalogProviderNeedsNoFormatOrBaseURL() throws {
        let config = try load("providers:\n  - id: cc\n    apiKeys: [tok]\n")
        #expect(config.providers[0].format == nil)
        #expect(config.providers[0].baseURL == nil)
    }

    @Test func environmentReferencesAreReadFromTheGivenEnvironment() throws {
        let config = try load("""
            providers:
              - id: glm
                apiKeys:
                  - ${GLM_KEY}
            auth:
              apiKeys:
                - ${OMNI_KEY}
            """, environment: ["GLM_KEY": "sk-secret-glm", "OMNI_KEY": "sk-secret-omni"])
        #expect(config.providers[0].accounts[0].apiKey == "sk-secret-glm")
        #expect(config.auth.apiKeys[0].hash == GatewayKeyHasher(environment: [:]).hash("sk-secret-omni"))
    }

    @Test func durationsTakeEveryUnit() throws {
        let config = try load("""
            resilience:
              timeouts: {connect: 1500ms, firstByte: 1.5s, streamIdle: 2m, total: 1h}
            """)
        #expect(config.resilience.timeouts.connect == .milliseconds(1500))
        #expect(config.resilience.timeouts.firstByte == .milliseconds(1500))
        #expect(config.resilience.timeouts.streamIdle == .minutes(2))
        #expect(config.resilience.timeouts.total == .hours(1))
    }

    @Test func budgetTimesAreReadAsWrittenNotAsBase60Numbers() throws {
        // YAML 1.1 reads an unquoted 10:30 as the number 630; the loader reads the text.
        let config = try load("""
            auth:
              apiKeys:
                - key: k
                  budget: {daily: 1, resetTime: 10:30, utcOffset: -05:30}
            """)
        let budget = try #require(config.auth.apiKeys[0].budget)
        #expect(budget.resetMinuteOfDay == 630)
        #expect(budget.utcOffsetMinutes == -330)
    }

    @Test func loadsFromAFilePath() throws {
        let path = NSTemporaryDirectory() + "omniconfig-\(ProcessInfo.processInfo.processIdentifier).yaml"
        try "cache: {maxEntries: 3}\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try ConfigLoader.load(path: path, catalog: testCatalog, environment: [:])
        #expect(config.cache.maxEntries == 3)
    }

    @Test func aMissingFileIsAConfigErrorNamingIt() {
        #expect(throws: ConfigError.self) {
            try ConfigLoader.load(path: "/nonexistent/gateway.yaml", catalog: testCatalog, environment: [:])
        }
    }

    @Test func theBundledCatalogIsTheDefault() throws {
        // `kimi` is in the bundled catalog, not in testCatalog.
        let config = try ConfigLoader.load(yaml: "providers:\n  - id: kimi\n    apiKeys: [k]\n", source: "gateway.yaml", environment: [:])
        #expect(config.providers[0].id == "kimi")
    }
}
