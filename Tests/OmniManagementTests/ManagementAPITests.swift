import Foundation
import OmniConfig
import OmniCore
import OmniManagement
import OmniStore
import Testing

/// A gateway with one config key (`sk-omni-admin`), its store in a temporary directory, and
/// the management API over both.
final class ManagedGateway {
    static let adminKey = "sk-omni-admin"
    let directory: String
    let store: UsageStore
    let live: LiveRoutingTable
    let api: ManagementAPI
    let hasher = GatewayKeyHasher(secret: "test-secret")
    var random = SplitMix64(seed: 42)
    var now = Instant(seconds: 1_780_000_000)

    init(requireApiKey: Bool = true, directory: String? = nil) throws {
        self.directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("omniroute-mgmt-\(UUID().uuidString)").path
        store = try UsageStore(directory: self.directory)
        var config = GatewayConfig()
        var local = ProviderConfig(id: "local")
        local.format = .openai
        local.baseURL = "http://127.0.0.1:9/v1"
        local.auth = AuthStyle.none
        local.models = [CatalogModel(id: "m")]
        config.providers = [local]
        config.auth.requireApiKey = requireApiKey
        config.auth.apiKeys = [GatewayKeyConfig(hash: hasher.hash(Self.adminKey), name: "admin", mask: GatewayKeyMask.of(Self.adminKey))]
        var table = try RoutingTable(catalog: Catalog(), config: config)
        try GatewayKeyLoader.load(into: &table, store: store, now: now)
        live = LiveRoutingTable(table)
        api = ManagementAPI(table: live, store: store, hasher: hasher)
    }

    func call(_ method: String, _ path: String, body: String = "", key: String? = adminKey) -> ClientResponse? {
        api.handle(method: method, path: path, body: Array(body.utf8), presentedKey: key.map(hasher.hash), now: now, random: &random)
    }

    /// Whether the gateway's key lookup admits `key` now.
    func admits(_ key: String) -> Bool { live.current.key(presented: hasher.hash(key)) != nil }
}

extension ClientResponse {
    var json: JSON { (try? JSONParser.parse(body)) ?? .null }
    var text: String { String(decoding: body, as: UTF8.self) }
}

@Suite struct ManagementAPITests {
    @Test func aCreatedKeyIsShownOnceAndAdmittedAtOnce() throws {
        let gateway = try ManagedGateway()
        let created = try #require(gateway.call("POST", "/api/keys", body: #"{"name":"team-a","requestsPerMinute":60,"budget":{"daily":5}}"#))
        #expect(created.status == 201)
        #expect(created.headers["cache-control"] == "no-store")
        let key = try #require(created.json["key"]?.stringValue)
        #expect(key.hasPrefix("sk-omni-"))
        #expect(key.count == "sk-omni-".count + 32)
        #expect(key.dropFirst(8).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(created.json["name"] == "team-a")
        #expect(created.json["prefix"]?.stringValue == String(key.prefix(12)) + "…")
        #expect(created.json["requestsPerMinute"] == 60)

        #expect(gateway.admits(key))
        let inForce = try #require(gateway.live.current.key(presented: gateway.hasher.hash(key)))
        #expect(inForce.name == "team-a")
        #expect(inForce.requestsPerMinute == 60)
        #expect(inForce.budget?.daily == 5)
        // The new key may itself manage keys.
        #expect(gateway.call("GET", "/api/keys", key: key)?.status == 200)
    }

    @Test func theListShowsIdsNamesAndPrefixesButNoKeyOrHash() throws {
        let gateway = try ManagedGateway()
        let created = try #require(gateway.call("POST", "/api/keys", body: #"{"name":"team-a"}"#))
        let key = try #require(created.json["key"]?.stringValue)
        let list = try #require(gateway.call("GET", "/api/keys"))
        #expect(list.status == 200)
        let data = try #require(list.json["data"]?.arrayValue)
        #expect(data.map { $0["name"] } == ["admin", "team-a"])
        #expect(data.map { $0["id"] } == [1, 2])
        #expect(data.map { $0["source"] } == ["config", "api"])
        #expect(data.map { $0["created"] } == [.int(1_780_000_000), .int(1_780_000_000)])
        #expect(data[0]["prefix"] == "sk-o…")
        #expect(!list.text.contains(key))
        #expect(!list.text.contains(gateway.hasher.hash(key).hex))
        #expect(!list.text.contains(gateway.hasher.hash(ManagedGateway.adminKey).hex))
        #expect(!list.text.contains(ManagedGateway.adminKey))
    }

    @Test func aRevokedKeyIsRefusedAtOnceAndListedAsRevoked() throws {
        let gateway = try ManagedGateway()
        let key = try #require(gateway.call("POST", "/api/keys", body: #"{"name":"temp"}"#)?.json["key"]?.stringValue)
        gateway.now = gateway.now + .seconds(30)
        let revoked = try #require(gateway.call("DELETE", "/api/keys/2"))
        #expect(revoked.status == 200)
        #expect(revoked.json["revoked"] == .int(1_780_000_030))
        #expect(!gateway.admits(key))
        #expect(gateway.call("GET", "/api/keys", key: key)?.status == 401)
        #expect(gateway.call("GET", "/api/keys")?.json["data"]?.arrayValue?.last?["revoked"] == .int(1_780_000_030))
        // The name is free again.
        #expect(gateway.call("POST", "/api/keys", body: #"{"name":"temp"}"#)?.status == 201)
    }

    @Test func keysCreatedHereAreInForceAfterARestartAndRevokedOnesAreNot() throws {
        let first = try ManagedGateway()
        let kept = try #require(first.call("POST", "/api/keys", body: #"{"name":"kept","requestsPerMinute":7}"#)?.json["key"]?.stringValue)
        let dropped = try #require(first.call("POST", "/api/keys", body: #"{"name":"dropped"}"#)?.json["key"]?.stringValue)
        #expect(first.call("DELETE", "/api/keys/3")?.status == 200)

        let restarted = try ManagedGateway(directory: first.directory)
        #expect(restarted.admits(kept))
        #expect(restarted.live.current.key(presented: restarted.hasher.hash(kept))?.requestsPerMinute == 7)
        #expect(!restarted.admits(dropped))
        #expect(restarted.admits(ManagedGateway.adminKey))
    }

    @Test func theDatabaseHoldsHashesButNeverAKey() throws {
        let gateway = try ManagedGateway()
        let key = try #require(gateway.call("POST", "/api/keys", body: #"{"name":"secret-check"}"#)?.json["key"]?.stringValue)
        // The main file and the write-ahead log: a fresh write sits in the WAL until a checkpoint.
        let files = try FileManager.default.contentsOfDirectory(atPath: gateway.directory).filter { $0.hasPrefix("omniroute.sqlite") }
        let bytes = try files.flatMap { try Data(contentsOf: URL(fileURLWithPath: gateway.directory + "/" + $0)) }
        func contains(_ text: String) -> Bool {
            let needle = Array(text.utf8)
            return bytes.indices.contains { i in i + needle.count <= bytes.count && bytes[i..<(i + needle.count)].elementsEqual(needle) }
        }
        #expect(contains(gateway.hasher.hash(key).hex))
        #expect(contains(gateway.hasher.hash(ManagedGateway.adminKey).hex))
        #expect(!contains(key))
        #expect(!contains(String(key.dropFirst(8))))
        #expect(!contains(ManagedGateway.adminKey))
    }

    @Test func managementNeedsAKnownKeyWhenKeysAreRequired() throws {
        let gateway = try ManagedGateway()
        let missing = try #require(gateway.call("GET", "/api/keys", key: nil))
        #expect(missing.status == 401)
        #expect(missing.json["error"]?["code"] == "invalid_api_key")
        #expect(missing.text.contains("Missing API key"))
        let wrong = try #require(gateway.call("POST", "/api/keys", body: #"{"name":"x"}"#, key: "sk-omni-guess"))
        #expect(wrong.status == 401)
        #expect(wrong.json["error"]?["type"] == "authentication_error")
        #expect(!wrong.text.contains("sk-omni-guess"))
        #expect(try gateway.store.gatewayKeys().count == 1)

        let open = try ManagedGateway(requireApiKey: false)
        #expect(open.call("GET", "/api/keys", key: nil)?.status == 200)
    }

    @Test func badBodiesAre400sThatNameTheField() throws {
        let gateway = try ManagedGateway()
        let cases: [(body: String, param: String?, code: String)] = [
            ("{\"name\": ", nil, "invalid_json"),
            ("[]", "$", "invalid_request"),
            ("{}", "name", "invalid_request"),
            (#"{"name":""}"#, "name", "invalid_request"),
            (#"{"name":5}"#, "name", "invalid_request"),
            (#"{"name":"a","requestsPerMinute":0}"#, "requestsPerMinute", "invalid_request"),
            (#"{"name":"a","requestsPerMinute":"60"}"#, "requestsPerMinute", "invalid_request"),
            (#"{"name":"a","budget":{"daily":-1}}"#, "budget.daily", "invalid_request"),
            (#"{"name":"a","budget":{"dayly":1}}"#, "budget.dayly", "invalid_request"),
            (#"{"name":"a","rpm":1}"#, "rpm", "invalid_request"),
        ]
        for (body, param, code) in cases {
            let response = try #require(gateway.call("POST", "/api/keys", body: body))
            #expect(response.status == 400, "\(body)")
            #expect(response.json["error"]?["code"]?.stringValue == code, "\(body)")
            #expect(response.json["error"]?["param"] == (param.map(JSON.string) ?? .null), "\(body)")
        }
        #expect(try gateway.store.gatewayKeys().count == 1)
    }

    @Test func conflictsAndUnknownsHaveTheirOwnStatus() throws {
        let gateway = try ManagedGateway()
        #expect(gateway.call("POST", "/api/keys", body: #"{"name":"admin"}"#)?.status == 409)
        #expect(gateway.call("DELETE", "/api/keys/1")?.json["error"]?["code"] == "key_from_config")
        #expect(gateway.admits(ManagedGateway.adminKey))
        #expect(gateway.call("DELETE", "/api/keys/99")?.status == 404)
        #expect(gateway.call("DELETE", "/api/keys/abc")?.status == 404)
        let wrongMethod = try #require(gateway.call("PUT", "/api/keys"))
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["allow"] == "GET, POST")
        #expect(gateway.call("GET", "/api/keys/")?.status == 200)
        #expect(gateway.call("GET", "/api/usage") == nil)
        #expect(gateway.call("GET", "/v1/models") == nil)
    }

    @Test func aConfigKeyTheFileNoLongerHasIsAlreadyRevokedAndDeletingItIsNoConflict() throws {
        let gateway = try ManagedGateway()
        // What a start with the key gone from the file does to its row.
        try gateway.store.syncConfigKeys([], at: gateway.now + .seconds(1))
        let deleted = try #require(gateway.call("DELETE", "/api/keys/1"))
        #expect(deleted.status == 200)
        #expect(deleted.json["revoked"] == .int(1_780_000_001))
    }

    @Test func aConfigKeyWithTheNameOfAnAPIKeyStopsTheStartWithAClearError() throws {
        let first = try ManagedGateway()
        #expect(first.call("POST", "/api/keys", body: #"{"name":"key-2"}"#)?.status == 201)
        let store = first.store
        var config = first.live.current.settings
        config.auth.apiKeys.append(GatewayKeyConfig(hash: first.hasher.hash("sk-omni-other"), name: "key-2"))
        var table = try RoutingTable(catalog: Catalog(), config: config)
        #expect {
            try GatewayKeyLoader.load(into: &table, store: store, now: first.now)
        } throws: { error in
            "\(error)".contains("gateway key 2 ('key-2', created through the management API)")
        }
    }
}
