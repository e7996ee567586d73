import Foundation
import GRDB
import OmniCore
import OmniStore
import Testing

@Suite struct GatewayKeyStoreTests {
    static let now = Instant(seconds: 1_780_000_000)

    static func store() throws -> (UsageStore, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("omniroute-keys-\(UUID().uuidString)").path
        return (try UsageStore(directory: directory), directory)
    }

    static func hash(_ byte: String) -> KeyHash { KeyHash(hex: String(repeating: byte, count: 32)) }

    @Test func aCreatedKeyComesBackWithItsLimitsAndTimes() throws {
        let (store, _) = try Self.store()
        var budget = BudgetConfig(daily: 5, monthly: 50)
        budget.weekly = 20.5
        let created = try store.createKey(GatewayKeyConfig(hash: Self.hash("a1"), name: "team", mask: "sk-omni-a1a1…", requestsPerMinute: 60, budget: budget),
                                          at: Self.now)
        #expect(created.id == 1)
        #expect(created.source == .api)
        #expect(created.isActive)

        let reopened = try UsageStore(directory: (store.path as NSString).deletingLastPathComponent)
        let keys = try reopened.gatewayKeys()
        #expect(keys == [created])
        #expect(keys[0].config == GatewayKeyConfig(hash: Self.hash("a1"), name: "team", mask: "sk-omni-a1a1…", requestsPerMinute: 60, budget: budget))
        #expect(keys[0].createdAt == Self.now)
    }

    @Test func revokingKeepsTheRowAndItsFirstRevocationTime() throws {
        let (store, _) = try Self.store()
        let created = try store.createKey(GatewayKeyConfig(hash: Self.hash("b2"), name: "gone"), at: Self.now)
        let revoked = try #require(try store.revokeKey(id: created.id, at: Self.now + .seconds(5)))
        #expect(revoked.revokedAt == Self.now + .seconds(5))
        let again = try #require(try store.revokeKey(id: created.id, at: Self.now + .seconds(9)))
        #expect(again.revokedAt == Self.now + .seconds(5))
        #expect(try store.revokeKey(id: 99, at: Self.now) == nil)
        #expect(try store.gatewayKeys().map(\.isActive) == [false])
    }

    @Test func configKeysAreUpsertedByHashAndRevokedOnceTheConfigDropsThem() throws {
        let (store, _) = try Self.store()
        try store.syncConfigKeys([GatewayKeyConfig(hash: Self.hash("c3"), name: "key-1"), GatewayKeyConfig(hash: Self.hash("d4"), name: "ops")], at: Self.now)
        // Next start: key-1 renamed, ops removed from the file, a new one added.
        let later = Self.now + .seconds(60)
        try store.syncConfigKeys([GatewayKeyConfig(hash: Self.hash("c3"), name: "main"), GatewayKeyConfig(hash: Self.hash("e5"), name: "new")], at: later)
        let keys = try store.gatewayKeys()
        #expect(keys.map(\.name) == ["main", "ops", "new"])
        #expect(keys.map(\.id) == [1, 2, 3])
        #expect(keys[0].createdAt == Self.now)
        #expect(keys.map(\.revokedAt) == [nil, later, nil])
        #expect(keys.allSatisfy { $0.source == .config })

        // Back in the file: in force again, same row.
        try store.syncConfigKeys([GatewayKeyConfig(hash: Self.hash("d4"), name: "ops")], at: later + .seconds(60))
        #expect(try store.gatewayKeys().filter(\.isActive).map(\.id) == [2])
    }

    @Test func apiKeysAreLeftAloneByTheConfigSync() throws {
        let (store, _) = try Self.store()
        _ = try store.createKey(GatewayKeyConfig(hash: Self.hash("f6"), name: "made-by-api"), at: Self.now)
        try store.syncConfigKeys([], at: Self.now + .seconds(1))
        #expect(try store.gatewayKeys().map(\.isActive) == [true])
    }

    @Test func theTableHoldsHashesMasksAndNamesOnly() throws {
        let (store, directory) = try Self.store()
        _ = try store.createKey(GatewayKeyConfig(hash: Self.hash("a7"), name: "n", mask: "sk-…"), at: Self.now)
        let database = try DatabaseQueue(path: directory + "/omniroute.sqlite")
        let columns = try database.read { db in try db.columns(in: "api_keys").map(\.name) }
        #expect(columns == ["id", "name", "hash", "mask", "source", "requests_per_minute", "budget_daily", "budget_weekly",
                            "budget_monthly", "created_at", "revoked_at"])
        let applied = try database.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
        #expect(applied == ["v1: usage and engine state", "v2: gateway keys"])
    }
}
