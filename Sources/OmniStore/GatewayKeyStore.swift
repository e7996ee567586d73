import GRDB
import OmniCore

/// A gateway key as the database keeps it: its hash and its mask, never the key.
public struct StoredGatewayKey: Sendable, Equatable {
    /// Where a key is declared. Config keys are the config file's (`auth.apiKeys`), brought in
    /// line with it at every start; API keys were created through the management API.
    public enum Source: String, Sendable, Equatable {
        case config
        case api
    }

    public var id: Int64
    public var name: String
    public var hash: KeyHash
    public var mask: String
    public var source: Source
    /// Limits of an API key (a config key's come from the config file, and are not stored).
    public var requestsPerMinute: Int?
    public var budget: BudgetConfig?
    public var createdAt: Instant
    public var revokedAt: Instant?

    public var isActive: Bool { revokedAt == nil }

    /// The key as the gateway puts it in force.
    public var config: GatewayKeyConfig {
        GatewayKeyConfig(hash: hash, name: name, mask: mask, requestsPerMinute: requestsPerMinute, budget: budget)
    }
}

/// The `api_keys` table: every gateway key the gateway has known, by hash. Revoking keeps
/// the row (with `revoked_at`), so usage rows keep a name to point at and ids are never reused.
extension UsageStore {
    static func registerKeyMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2: gateway keys") { db in
            try db.create(table: "api_keys") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("hash", .text).notNull().unique()        // HMAC-SHA256 under API_KEY_SECRET, hex
                t.column("mask", .text).notNull()
                t.column("source", .text).notNull()               // config | api
                t.column("requests_per_minute", .integer)
                t.column("budget_daily", .double)
                t.column("budget_weekly", .double)
                t.column("budget_monthly", .double)
                t.column("created_at", .double).notNull()         // seconds since the epoch
                t.column("revoked_at", .double)
            }
        }
    }

    /// Brings the config file's keys in: each is inserted, or updated by its hash (a key
    /// revoked before, or created through the API, becomes the config's again); a config
    /// key that is no longer in the file is revoked.
    public func syncConfigKeys(_ keys: [GatewayKeyConfig], at now: Instant) throws {
        try database.write { db in
            for key in keys {
                // Update first, insert only when there was no row: an INSERT … ON CONFLICT would
                // use up an id of the AUTOINCREMENT sequence at every start.
                try db.execute(sql: """
                    UPDATE api_keys SET name = ?, mask = ?, source = 'config', requests_per_minute = NULL,
                        budget_daily = NULL, budget_weekly = NULL, budget_monthly = NULL, revoked_at = NULL
                    WHERE hash = ?
                    """, arguments: [key.name, key.mask, key.hash.hex])
                if db.changesCount == 0 {
                    try db.execute(sql: "INSERT INTO api_keys (name, hash, mask, source, created_at) VALUES (?, ?, ?, 'config', ?)",
                                   arguments: [key.name, key.hash.hex, key.mask, Self.seconds(now)])
                }
            }
            let current = Set(keys.map(\.hash.hex))
            let stale = try String.fetchAll(db, sql: "SELECT hash FROM api_keys WHERE source = 'config' AND revoked_at IS NULL")
                .filter { !current.contains($0) }
            for hash in stale {
                try db.execute(sql: "UPDATE api_keys SET revoked_at = ? WHERE hash = ?", arguments: [Self.seconds(now), hash])
            }
        }
    }

    /// Stores a key created through the management API.
    public func createKey(_ key: GatewayKeyConfig, at now: Instant) throws -> StoredGatewayKey {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO api_keys (name, hash, mask, source, requests_per_minute, budget_daily, budget_weekly, budget_monthly, created_at)
                VALUES (?, ?, ?, 'api', ?, ?, ?, ?, ?)
                """, arguments: [key.name, key.hash.hex, key.mask, key.requestsPerMinute,
                                 key.budget?.daily, key.budget?.weekly, key.budget?.monthly, Self.seconds(now)])
            let id = db.lastInsertedRowID
            return try Self.fetchKey(db, id: id)!
        }
    }

    /// Revokes key `id` (a key already revoked keeps its first revocation time); nil when there is no such key.
    public func revokeKey(id: Int64, at now: Instant) throws -> StoredGatewayKey? {
        try database.write { db in
            try db.execute(sql: "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [Self.seconds(now), id])
            return try Self.fetchKey(db, id: id)
        }
    }

    /// Key `id`, revoked or not.
    public func gatewayKey(id: Int64) throws -> StoredGatewayKey? {
        try database.read { db in try Self.fetchKey(db, id: id) }
    }

    /// Every key, revoked ones included, oldest first.
    public func gatewayKeys() throws -> [StoredGatewayKey] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM api_keys ORDER BY id").map(Self.storedKey) }
    }

    private static func fetchKey(_ db: Database, id: Int64) throws -> StoredGatewayKey? {
        try Row.fetchOne(db, sql: "SELECT * FROM api_keys WHERE id = ?", arguments: [id]).map(storedKey)
    }

    private static func storedKey(_ row: Row) -> StoredGatewayKey {
        let daily: Double? = row["budget_daily"], weekly: Double? = row["budget_weekly"], monthly: Double? = row["budget_monthly"]
        let budget = daily == nil && weekly == nil && monthly == nil ? nil : BudgetConfig(daily: daily, weekly: weekly, monthly: monthly)
        let revoked: Double? = row["revoked_at"]
        return StoredGatewayKey(
            id: row["id"], name: row["name"], hash: KeyHash(hex: row["hash"]), mask: row["mask"],
            source: StoredGatewayKey.Source(rawValue: row["source"]) ?? .api,
            requestsPerMinute: row["requests_per_minute"], budget: budget,
            createdAt: instant(row["created_at"]), revokedAt: revoked.map(instant))
    }

    static func seconds(_ instant: Instant) -> Double { Double(instant.nanoseconds) / 1e9 }
    /// Back from seconds, to the millisecond (what a double of today's seconds holds exactly).
    static func instant(_ seconds: Double) -> Instant { Instant(milliseconds: Int64((seconds * 1000).rounded())) }
}
