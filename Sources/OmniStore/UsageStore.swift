import Foundation
import GRDB
import GRDBSQLite
import OmniCore

/// The gateway's SQLite database in the data directory (WAL mode, versioned migrations):
/// one usage row per request, the engine state that must outlive a restart, and the
/// gateway keys by hash (`GatewayKeyStore.swift`).
///
/// Rows are not written on the request path: `append` only queues them, and a writer task
/// commits whatever is queued every `flushInterval` (100 ms) in one transaction. A `kill -9`
/// loses at most the rows of the last interval; WAL keeps the file consistent.
public final class UsageStore: Sendable {
    public let path: String
    let database: DatabasePool
    private let queue = RowQueue<UsageRecord>()

    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = (directory as NSString).appendingPathComponent("omniroute.sqlite")
        var configuration = Configuration()
        // Another connection may hold the lock for a moment (a closing pool's checkpoint, a
        // reader in another process, a restart racing the old process's last write): wait
        // for it rather than fail.
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // WAL is the pool's default; NORMAL sync is durable across process crashes in WAL mode.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        database = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(database)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: usage and engine state") { db in
            try db.create(table: "usage") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("arrived_at", .double).notNull()          // seconds since the epoch
                t.column("key_name", .text)
                t.column("client_format", .text).notNull()
                t.column("requested_model", .text).notNull()
                t.column("stream", .boolean).notNull()
                t.column("provider", .text)
                t.column("account", .text)
                t.column("model", .text)
                t.column("status", .integer).notNull()
                t.column("attempts", .integer).notNull()
                t.column("attempt_log", .text).notNull()          // provider/model via account: status reason; …
                t.column("input_tokens", .integer)
                t.column("cached_tokens", .integer)
                t.column("output_tokens", .integer)
                t.column("reasoning_tokens", .integer)
                t.column("cost", .double).notNull()
                t.column("latency_ms", .double).notNull()
                t.column("ttfb_ms", .double)
                t.column("error_reason", .text)
                t.column("cache_hit", .boolean).notNull()
            }
            try db.create(index: "usage_by_time", on: "usage", columns: ["arrived_at"])
            try db.create(index: "usage_by_key", on: "usage", columns: ["key_name", "arrived_at"])
            try db.create(table: "engine_state") { t in
                t.primaryKey("id", .integer)
                t.column("saved_at", .double).notNull()
                t.column("snapshot", .blob).notNull()
            }
        }
        registerKeyMigrations(&migrator)
        return migrator
    }

    /// Queues a row; the writer commits it within one flush interval.
    public func append(_ record: UsageRecord) {
        queue.append(record)
    }

    /// Commits everything queued so far in one transaction; returns how many rows.
    @discardableResult
    public func flush() throws -> Int {
        try write(queue.takeAll())
    }

    /// Commits `rows` in one transaction (a writer that queues rows itself); returns how many.
    @discardableResult
    public func write(_ rows: [UsageRecord]) throws -> Int {
        guard !rows.isEmpty else { return 0 }
        try database.write { db in
            // Rows go in `rowsPerInsert` at a time, then one by one: an insert statement has a
            // cost of its own besides its rows (its program's start, the AUTOINCREMENT
            // counter's update), about a third of a row's on the store thread.
            let batch = try db.cachedStatement(sql: Self.batchInsertSQL).sqliteStatement
            let single = try db.cachedStatement(sql: Self.singleInsertSQL).sqliteStatement
            // The text bound last points into a binder's arena: unbound before it goes.
            defer {
                sqlite3_clear_bindings(batch)
                sqlite3_clear_bindings(single)
            }
            var binder = RowBinder()
            var start = 0
            while start < rows.count {
                let count = rows.count - start >= Self.rowsPerInsert ? Self.rowsPerInsert : 1
                let raw = count == 1 ? single : batch
                // Bound with SQLite's own calls: GRDB's `StatementArguments` boxed each of the
                // 20 values (half of a row's cost on the store thread, `scripts/bench-flow.sh`).
                binder.start(raw)
                for row in rows[start..<(start + count)] { binder.row(row) }
                let code = binder.step()
                guard code == SQLITE_DONE else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(raw))))
                }
                start += count
            }
        }
        return rows.count
    }

    /// Rows a full insert statement carries (20 parameters each; SQLite allows 32,766).
    public static let rowsPerInsert = 32

    static let batchInsertSQL = insertSQL(rows: rowsPerInsert)
    static let singleInsertSQL = insertSQL(rows: 1)

    /// An insert of `rows` usage rows.
    static func insertSQL(rows: Int) -> String {
        let values = "(" + Array(repeating: "?", count: 20).joined(separator: ", ") + ")"
        return """
            INSERT INTO usage (arrived_at, key_name, client_format, requested_model, stream, provider, account, model, status,
                attempts, attempt_log, input_tokens, cached_tokens, output_tokens, reasoning_tokens, cost, latency_ms, ttfb_ms,
                error_reason, cache_hit)
            VALUES
            """ + Array(repeating: values, count: rows).joined(separator: ",\n")
    }

    /// `provider/model via account: [status ]reason; …`, as the `attempt_log` column has it.
    static func writeAttemptLog(_ attempts: [AttemptRecord], into bytes: inout [UInt8]) {
        for (number, attempt) in attempts.enumerated() {
            if number > 0 { bytes += "; ".utf8 }
            bytes += attempt.provider.utf8
            bytes.append(UInt8(ascii: "/"))
            bytes += attempt.model.utf8
            bytes += " via ".utf8
            bytes += attempt.account.utf8
            bytes += ": ".utf8
            if let status = attempt.status {
                bytes += String(status).utf8
                bytes.append(UInt8(ascii: " "))
            }
            bytes += (attempt.reason ?? "ok").utf8
        }
    }

    /// Writes queued rows every `interval` until the task is cancelled, then once more.
    public func runWriter(interval: Duration = .milliseconds(100)) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            _ = try? flush()
        }
        _ = try? flush()
    }

    public func rowCount() throws -> Int {
        try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM usage") ?? 0 }
    }

    /// The engine state to restore at start-up, if one was saved.
    public func loadSnapshot() throws -> GatewaySnapshot? {
        guard let data = try database.read({ try Data.fetchOne($0, sql: "SELECT snapshot FROM engine_state WHERE id = 1") }) else { return nil }
        return try JSONDecoder().decode(GatewaySnapshot.self, from: data)
    }

    public func saveSnapshot(_ snapshot: GatewaySnapshot, at now: Instant) throws {
        let data = try JSONEncoder().encode(snapshot)
        try database.write { db in
            try db.execute(sql: "INSERT INTO engine_state (id, saved_at, snapshot) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET saved_at = excluded.saved_at, snapshot = excluded.snapshot",
                           arguments: [Double(now.nanoseconds) / 1e9, data])
        }
    }
}

/// Binds rows' values to an insert's parameters in order (SQLite counts them from 1).
/// Numbers are bound at once. Text is gathered in one arena, kept from statement to
/// statement, and bound in place (`SQLITE_STATIC`) just before the step: bound with
/// `SQLITE_TRANSIENT` from each Swift string, SQLite copied every one (seven a row) into
/// memory of its own, and the attempt log was a string built for the purpose.
private struct RowBinder {
    private var statement: OpaquePointer?
    private var index: Int32 = 1
    private var arena: [UInt8] = []
    private var texts: [(index: Int32, start: Int, count: Int)] = []

    /// Starts binding `statement`'s parameters from the first.
    mutating func start(_ statement: OpaquePointer) {
        self.statement = statement
        index = 1
        arena.removeAll(keepingCapacity: true)
        texts.removeAll(keepingCapacity: true)
    }

    /// Binds the gathered text and runs the statement once; SQLite reads the arena during
    /// the step only.
    func step() -> Int32 {
        guard let statement else { return SQLITE_MISUSE }
        return arena.withUnsafeBufferPointer { buffer in
            // An empty arena may have no address; an empty text needs one all the same.
            let base = UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            for text in texts {
                _ = sqlite3_bind_text(statement, text.index, (base + text.start).assumingMemoryBound(to: CChar.self), Int32(text.count), nil)
            }
            let code = sqlite3_step(statement)
            sqlite3_reset(statement)
            return code
        }
    }

    private mutating func null() {
        sqlite3_bind_null(statement, index)
        index += 1
    }

    /// The text `write` appends to the arena.
    private mutating func text(_ write: (inout [UInt8]) -> Void) {
        let start = arena.count
        write(&arena)
        texts.append((index, start, arena.count - start))
        index += 1
    }

    private mutating func text(_ value: String?) {
        guard let value else { return null() }
        text { $0.append(contentsOf: value.utf8) }
    }

    private mutating func int(_ value: Int?) {
        guard let value else { return null() }
        sqlite3_bind_int64(statement, index, Int64(value))
        index += 1
    }

    private mutating func double(_ value: Double?) {
        guard let value else { return null() }
        sqlite3_bind_double(statement, index, value)
        index += 1
    }

    /// A usage row's 20 values, in `UsageStore.insertSQL`'s column order.
    mutating func row(_ row: UsageRecord) {
        double(Double(row.arrivedAt.nanoseconds) / 1e9)
        text(row.keyName)
        text(row.clientFormat.rawValue)
        text(row.requestedModel)
        int(row.stream ? 1 : 0)
        text(row.provider)
        text(row.account)
        text(row.model)
        int(row.status)
        int(row.attempts.count)
        text { UsageStore.writeAttemptLog(row.attempts, into: &$0) }
        int(row.usage?.input)
        int(row.usage?.cachedInput)
        int(row.usage?.output)
        int(row.usage?.reasoning)
        double(row.cost)
        double(row.latency.milliseconds)
        double(row.firstByteAt.map { ($0 - row.arrivedAt).milliseconds })
        text(row.errorReason)
        int(row.cacheHit ? 1 : 0)
    }
}
