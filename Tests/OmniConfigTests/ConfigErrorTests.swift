import OmniConfig
import OmniCore
import Testing

/// Each kind of mistake names its file, path, line and column and says what was expected and
/// what was found. Line/column are 1-based; list indices in paths count from 0.
@Suite struct ConfigErrorTests {
    @Test func aDurationThatIsNotOneReadsLikeACompilerDiagnostic() throws {
        let error = try #require(loadError("""
            providers:
              - id: glm
                apiKeys: [a]
              - id: cc
                limits:
                  minGap: fast
            """))
        #expect(error.description == #"gateway.yaml:6:15: providers[1].limits.minGap: expected a duration such as 250ms, 5s or 2m, found "fast""#)
        #expect(error.source == "gateway.yaml")
        #expect(error.path == "providers[1].limits.minGap")
        #expect((error.line, error.column) == (6, 15))
    }

    @Test func aBareNumberForADurationAsksForAUnit() throws {
        let error = try #require(loadError("resilience:\n  rateLimits:\n    minGap: 250\n"))
        #expect(error.path == "resilience.rateLimits.minGap")
        #expect((error.line, error.column) == (3, 13))
        #expect(error.message.contains("found the bare number 250: add a unit"))
    }

    @Test func anUnknownKeyIsNamedWithTheClosestAllowedKey() throws {
        let error = try #require(loadError("routing:\n  stickyLimt: 3\n"))
        #expect(error.path == "routing.stickyLimt")
        #expect((error.line, error.column) == (2, 3))
        #expect(error.message == #"unknown key "stickyLimt" (did you mean "stickyLimit"?); allowed here: strategy, stickyLimit, aliases, fallback"#)
    }

    @Test func anUnknownKeyFarFromAnyListsTheAllowedOnes() throws {
        let error = try #require(loadError("cache: {ttl: 1m}\nlogging: {level: debug}\n"))
        #expect(error.path == "logging")
        #expect((error.line, error.column) == (2, 1))
        #expect(error.message == #"unknown key "logging"; allowed here: providers, combos, routing, auth, resilience, cache, idempotency"#)
    }

    @Test func aMisspeltKeyInsideAProviderIsCaught() throws {
        let error = try #require(loadError("providers:\n  - id: glm\n    baseUrl: https://x.example/v1\n"))
        #expect(error.path == "providers[0].baseUrl")
        #expect(error.line == 3)
        #expect(error.message.contains(#"did you mean "baseURL"?"#))
    }

    @Test func aQuotedNumberIsAStringNotANumber() throws {
        let error = try #require(loadError("cache:\n  maxEntries: \"500\"\n"))
        #expect(error.path == "cache.maxEntries")
        #expect((error.line, error.column) == (2, 15))
        #expect(error.message == #"expected a whole number, found "500""#)
    }

    @Test func aScalarWhereAListIsExpected() throws {
        let error = try #require(loadError("routing:\n  fallback: glm/glm-4.7\n"))
        #expect(error.path == "routing.fallback")
        #expect(error.line == 2)
        #expect(error.message == #"expected a list of models, found "glm/glm-4.7""#)
    }

    @Test func aMappingWhereAListIsExpected() throws {
        let error = try #require(loadError("providers:\n  id: glm\n"))
        #expect(error.path == "providers")
        #expect(error.line == 2)
        #expect(error.message == "expected a list of providers, found a mapping")
    }

    @Test func anInvalidEnumValueListsTheAllowedOnes() throws {
        let error = try #require(loadError("routing:\n  strategy: round-robbin\n"))
        #expect(error.path == "routing.strategy")
        #expect((error.line, error.column) == (2, 13))
        #expect(error.message == #"expected one of fill-first, round-robin, p2c, random, least-used, cost-optimized, found "round-robbin" (did you mean "round-robin"?)"#)
    }

    @Test func anInvalidFormatListsTheFourFormats() throws {
        let error = try #require(loadError("providers:\n  - id: x\n    format: claude\n    baseURL: https://x.example\n"))
        #expect(error.path == "providers[0].format")
        #expect(error.message.hasPrefix("expected one of openai, anthropic, gemini, responses, found \"claude\""))
    }

    @Test func zeroAndNegativeCountsAreRefused() throws {
        let zero = try #require(loadError("resilience:\n  maxAttempts: 0\n"))
        #expect(zero.path == "resilience.maxAttempts")
        #expect(zero.line == 2)
        #expect(zero.message == "expected a whole number above 0, found 0")

        let negative = try #require(loadError("providers:\n  - id: glm\n    limits: {requestsPerMinute: -5}\n"))
        #expect(negative.path == "providers[0].limits.requestsPerMinute")
        #expect((negative.line, negative.column) == (3, 33))

        let zeroTimeout = try #require(loadError("resilience:\n  timeouts:\n    total: 0s\n"))
        #expect(zeroTimeout.path == "resilience.timeouts.total")
        #expect(zeroTimeout.message == #"expected a duration above 0, found "0s""#)
    }

    @Test func aZeroMinGapIsAllowed() throws {
        let config = try load("resilience:\n  rateLimits: {minGap: 0ms}\n")
        #expect(config.resilience.rateLimits.minGap == .zero)
    }

    @Test func aDuplicateProviderIdPointsAtTheSecond() throws {
        let error = try #require(loadError("providers:\n  - id: glm\n    apiKeys: [a]\n  - id: glm\n    apiKeys: [b]\n"))
        #expect(error.path == "providers[1].id")
        #expect((error.line, error.column) == (4, 9))
        #expect(error.message.hasPrefix(#"duplicate provider id "glm" (first at providers[0])"#))
    }

    @Test func aDuplicateComboNamePointsAtTheSecond() throws {
        let error = try #require(loadError("combos:\n  - name: a\n    models: [x/y]\n  - name: a\n    models: [x/z]\n"))
        #expect(error.path == "combos[1].name")
        #expect(error.line == 4)
        #expect(error.message == #"duplicate combo name "a" (first at combos[0])"#)
    }

    @Test func aDuplicateAccountIdAcrossProvidersIsRefused() throws {
        let error = try #require(loadError("""
            providers:
              - id: glm
                accounts:
                  - {id: main, apiKey: a}
              - id: cc
                accounts:
                  - {id: main, apiKey: b}
            """))
        #expect(error.path == "providers[1].accounts[0].id")
        #expect(error.line == 7)
        #expect(error.message == #"duplicate account id "main" (first used by providers[0])"#)
    }

    @Test func aProviderOutsideTheCatalogNeedsFormatAndBaseURL() throws {
        let error = try #require(loadError("providers:\n  - id: mystery\n    baseURL: https://x.example/v1\n"))
        #expect(error.path == "providers[0].id")
        #expect((error.line, error.column) == (2, 9))
        #expect(error.message == #"provider "mystery" is not in the catalog, so it needs format (catalog providers: glm, cc)"#)
    }

    @Test func aYAMLSyntaxErrorKeepsYamsLineAndColumn() throws {
        let error = try #require(loadError("cache:\n  ttl: 1m\n providers: [a\n"))
        #expect(error.path == "")
        #expect(error.line == 3)
        #expect(error.column != nil)
        #expect(error.message.hasPrefix("YAML syntax error:"))
        #expect(error.description.hasPrefix("gateway.yaml:3:"))
    }

    @Test func anUnquotedEnvironmentReferenceInsideBracketsGetsAHint() throws {
        let error = try #require(loadError("providers:\n  - id: glm\n    apiKeys: [${GLM_KEY}]\n"))
        #expect(error.line == 3)
        #expect(error.message.hasPrefix("YAML syntax error:"))
        #expect(error.message.hasSuffix(#"(inside [ ] or { }, quote an environment reference: "${NAME}")"#))
        // Quoted, it works.
        let config = try load("providers:\n  - id: glm\n    apiKeys: [\"${GLM_KEY}\"]\n", environment: ["GLM_KEY": "k"])
        #expect(config.providers[0].accounts[0].apiKey == "k")
    }

    @Test func aKeyWrittenTwiceInOneMappingIsRefused() throws {
        let error = try #require(loadError("cache:\n  ttl: 1m\n  ttl: 2m\n"))
        #expect(error.line == 2)
        #expect(error.message.contains(#"duplicate key "ttl""#))
    }

    @Test func aMissingEnvironmentVariableNamesThePath() throws {
        let error = try #require(loadError("providers:\n  - id: glm\n    apiKeys:\n      - ${GLM_KEY}\n"))
        #expect(error.path == "providers[0].apiKeys[0]")
        #expect((error.line, error.column) == (4, 9))
        #expect(error.message == "environment variable GLM_KEY is not set")
    }

    @Test func aKeyWithALineBreakIsRefusedWithoutShowingIt() throws {
        let error = try #require(loadError("providers:\n  - id: glm\n    apiKeys:\n      - ${GLM_KEY}\n", environment: ["GLM_KEY": "sk-secret-key\n"]))
        #expect(error.path == "providers[0].apiKeys[0]")
        #expect(error.message == "environment variable GLM_KEY contains a line break, which an HTTP header cannot carry (a trailing newline from a file?)")
        #expect(!error.description.contains("sk-secret-key"))
        let written = try #require(loadError("providers:\n  - id: glm\n    apiKeys: [\"sk-a\\u0001b\"]\n"))
        #expect(written.message.hasPrefix("the key contains a control character"))
    }

    @Test func aMalformedEnvironmentReferenceIsRefused() throws {
        let error = try #require(loadError("providers:\n  - id: glm\n    accounts:\n      - apiKey: sk-${PART}\n"))
        #expect(error.path == "providers[0].accounts[0].apiKey")
        #expect(error.message.contains("must be the whole value"))
    }

    @Test func errorsAboutKeysNeverShowTheKey() throws {
        let twice = try #require(loadError("auth:\n  apiKeys: [sk-very-secret, sk-very-secret]\n"))
        #expect(twice.path == "auth.apiKeys[1]")
        #expect(twice.message == "the same key is listed twice (first at auth.apiKeys[0])")
        #expect(!twice.description.contains("sk-very-secret"))

        let number = try #require(loadError("providers:\n  - id: glm\n    accounts:\n      - apiKey: [12345]\n"))
        #expect(!number.description.contains("12345"))
    }

    @Test func budgetValuesAreChecked() throws {
        let reset = try #require(loadError("auth:\n  apiKeys:\n    - key: k\n      budget: {resetTime: \"25:00\"}\n"))
        #expect(reset.path == "auth.apiKeys[0].budget.resetTime")
        #expect(reset.message == #"expected a time of day written HH:MM, such as 10:00, found "25:00""#)

        let warn = try #require(loadError("auth:\n  apiKeys:\n    - key: k\n      budget: {warnAt: 1.5}\n"))
        #expect(warn.path == "auth.apiKeys[0].budget.warnAt")
        #expect(warn.message == "expected a share above 0 and at most 1, such as 0.8, found 1.5")

        let offset = try #require(loadError("auth:\n  apiKeys:\n    - key: k\n      budget: {utcOffset: \"2h\"}\n"))
        #expect(offset.path == "auth.apiKeys[0].budget.utcOffset")
    }

    @Test func aProfileCapBelowItsStartIsRefused() throws {
        let error = try #require(loadError("resilience:\n  profiles:\n    local:\n      resetTimeout: 5m\n"))
        #expect(error.path == "resilience.profiles.local.resetTimeout")
        #expect(error.line == 4)
        #expect(error.message == "maxResetTimeout (1m) must not be shorter than resetTimeout (5m)")
    }

    @Test func anUnknownProfileNameIsNamed() throws {
        let error = try #require(loadError("resilience:\n  profiles:\n    apikey: {failureThreshold: 2}\n"))
        #expect(error.path == "resilience.profiles.apikey")
        #expect(error.message == #"unknown key "apikey" (did you mean "api-key"?); allowed here: api-key, subscription, local"#)
    }

    @Test func aBaseURLMustBeAnHTTPURLWithoutATrailingSlash() throws {
        let slash = try #require(loadError("providers:\n  - id: x\n    format: openai\n    baseURL: https://x.example/v1/\n"))
        #expect(slash.path == "providers[0].baseURL")
        #expect(slash.message.hasPrefix("write the base URL without a trailing"))

        let scheme = try #require(loadError("providers:\n  - id: x\n    format: openai\n    baseURL: x.example/v1\n"))
        #expect(scheme.message.hasPrefix("expected an http:// or https:// URL"))
    }

    @Test func aPriceDateMustBeARealDay() throws {
        let error = try #require(loadError("""
            providers:
              - id: glm
                models:
                  - id: glm-5
                    price: {input: 1, output: 2, asOf: 2026-02-30}
            """))
        #expect(error.path == "providers[0].models[0].price.asOf")
        #expect(error.message == #"expected a date written YYYY-MM-DD, found 2026-02-30"#)
    }

    @Test func aComboWithoutModelsIsRefused() throws {
        let error = try #require(loadError("combos:\n  - name: empty\n    models: []\n"))
        #expect(error.path == "combos[0].models")
        #expect(error.message == "a combo needs at least one model")
    }

    @Test func aProviderIdMayNotContainASlash() throws {
        let error = try #require(loadError("providers:\n  - id: a/b\n    format: openai\n    baseURL: https://x.example\n"))
        #expect(error.path == "providers[0].id")
        #expect(error.message.contains(#"may not contain "/""#))
    }
}

@Suite struct GatewaySetupTests {
    @Test func aComboNamingAnUnknownModelIsReportedAtItsLine() throws {
        let yaml = """
        providers:
          - id: local
            format: openai
            baseURL: http://127.0.0.1:9101/v1
            apiKeys: [sk-1]
            models: [gpt-4o-mini]
        combos:
          - name: main
            models:
              - local/gpt-4o-mini
              - local/gpt-4o-mino
        """
        #expect(throws: ConfigError(source: "gateway.yaml", path: "combos[0].models[1]", line: 11, column: 9,
                                    message: "unknown model 'local/gpt-4o-mino'; did you mean 'local/gpt-4o-mini'?")) {
            try GatewaySetup.load(yaml: yaml, source: "gateway.yaml", catalog: Catalog(), environment: [:])
        }
    }

    @Test func theDesignExampleCompilesOnceItsProvidersExist() throws {
        let yaml = """
        providers:
          - id: local-openai
            format: openai
            baseURL: http://127.0.0.1:9101/v1
            apiKeys: [sk-upstream-1, sk-upstream-2]
            models: [gpt-4o-mini]
          - id: local-anthropic
            format: anthropic
            baseURL: http://127.0.0.1:9102
            apiKeys: [sk-upstream-3]
            models: [claude-sonnet-4-5]
        combos:
          - name: always-on
            strategy: priority
            models: [local-anthropic/claude-sonnet-4-5, local-openai/gpt-4o-mini]
        auth:
          requireApiKey: true
          apiKeys: [sk-omni-local]
        """
        let setup = try GatewaySetup.load(yaml: yaml, source: "gateway.yaml", catalog: Catalog(), environment: [:])
        #expect(setup.table.accounts.map(\.id) == ["local-openai-1", "local-openai-2", "local-anthropic-1"])
        #expect(setup.table.key(presented: setup.keyHasher.hash("sk-omni-local"))?.name == "key-1")
        guard case .success(.combo(let combo)) = setup.table.resolve("always-on") else { Issue.record("unresolved"); return }
        #expect(setup.table.combos[combo].steps.map { setup.table.models[$0].name } == ["local-anthropic/claude-sonnet-4-5", "local-openai/gpt-4o-mini"])
    }
}
