import OmniConfig
import OmniCore
import Testing

@Suite struct GatewayKeyHasherTests {
    /// RFC 4231, test case 2 (a key shorter than the block, ASCII data).
    @Test func hashingIsHMACSHA256InLowerCaseHex() {
        let hash = GatewayKeyHasher(secret: "Jefe").hash("what do ya want for nothing?")
        #expect(hash.hex == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    /// Each key starts from the same prepared HMAC: one key's hashing must not leak into the next.
    @Test func oneHasherHashesEachKeyOnItsOwn() {
        let hasher = GatewayKeyHasher(secret: "Jefe")
        let first = hasher.hash("sk-omni-local")
        #expect(hasher.hash("what do ya want for nothing?").hex == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(hasher.hash("sk-omni-local") == first)
    }

    @Test func withoutAPIKeySecretTheGuidesDefaultSecretIsUsed() {
        // Python: hmac.new(b"endpoint-proxy-api-key-secret", b"sk-omni-local", sha256).hexdigest()
        let expected = "ffda9c91df904d40debf772ae23c53f9021d9145f9b35d15083ebc714b77ccc8"
        for environment in [[:], ["API_KEY_SECRET": ""]] {
            let hasher = GatewayKeyHasher(environment: environment)
            #expect(hasher.usesDefaultSecret)
            #expect(hasher.hash("sk-omni-local").hex == expected)
        }
    }

    @Test func apiKeySecretFromTheEnvironmentKeysTheHash() {
        let hasher = GatewayKeyHasher(environment: ["API_KEY_SECRET": "another-secret"])
        #expect(!hasher.usesDefaultSecret)
        #expect(hasher.hash("sk-omni-local").hex == "64bd729cc4a152bf1ab444f21efe535690f4837a34645973bcbe3a35b87ef776")
    }

    @Test func aHashPrintsNothingOfTheKeyOrTheHash() {
        let hash = GatewayKeyHasher(secret: "s").hash("sk-omni-local")
        #expect("\(hash)" == "KeyHash(redacted)")
        #expect(String(reflecting: hash) == "KeyHash(redacted)")
    }

    @Test func masksShowAThirdOfTheKeyAtMostAndNeverMoreThanTwelveCharacters() {
        #expect(GatewayKeyMask.of("sk-omni-0123456789abcdef0123456789abcdef") == "sk-omni-0123…")
        #expect(GatewayKeyMask.of("sk-omni-local") == "sk-o…")
        #expect(GatewayKeyMask.of("ab") == "…")
    }
}

@Suite struct ConfigKeyHashingTests {
    static let yaml = """
        providers:
          - id: local
            format: openai
            baseURL: http://127.0.0.1:9101/v1
            auth: none
            models: [m]
        auth:
          requireApiKey: true
          apiKeys:
            - sk-omni-local
            - {key: "${TEAM_KEY}", name: team, requestsPerMinute: 5}
        """

    @Test func configKeysAreKeptOnlyAsHashesAndMasks() throws {
        let config = try ConfigLoader.load(yaml: Self.yaml, source: "gateway.yaml", catalog: Catalog(), environment: ["TEAM_KEY": "sk-team-secret"])
        let hasher = GatewayKeyHasher(environment: [:])
        #expect(config.auth.apiKeys.map(\.hash) == [hasher.hash("sk-omni-local"), hasher.hash("sk-team-secret")])
        #expect(config.auth.apiKeys.map(\.mask) == ["sk-o…", "sk-t…"])
        // Nothing of the config's value model holds the key itself.
        #expect(!String(describing: config.auth).contains("sk-omni-local"))
        #expect(!String(describing: config.auth).contains("sk-team-secret"))
    }

    @Test func aPresentedConfigKeyIsAcceptedOnceHashedWithTheSameSecret() throws {
        let environment = ["TEAM_KEY": "sk-team-secret", "API_KEY_SECRET": "s3cret"]
        let setup = try GatewaySetup.load(yaml: Self.yaml, source: "gateway.yaml", catalog: Catalog(), environment: environment)
        #expect(setup.table.key(presented: setup.keyHasher.hash("sk-omni-local"))?.name == "key-1")
        let team = try #require(setup.table.key(presented: setup.keyHasher.hash("sk-team-secret")))
        #expect(team.name == "team")
        #expect(team.requestsPerMinute == 5)
    }

    @Test func aWrongKeyOrTheRightKeyUnderAnotherSecretIsRejected() throws {
        let setup = try GatewaySetup.load(yaml: Self.yaml, source: "gateway.yaml", catalog: Catalog(),
                                          environment: ["TEAM_KEY": "sk-team-secret", "API_KEY_SECRET": "s3cret"])
        #expect(setup.table.key(presented: setup.keyHasher.hash("sk-omni-locaL")) == nil)
        #expect(setup.table.key(presented: GatewayKeyHasher(environment: [:]).hash("sk-omni-local")) == nil)
        // The plaintext passed off as a hash matches nothing either.
        #expect(setup.table.key(presented: KeyHash(hex: "sk-omni-local")) == nil)
    }
}
