import Foundation
import GRDB
import OmniCore
import OmniStore
import Testing

/// Usage rows are bound with SQLite's own calls: every column must read back as written,
/// NULLs, empty and non-ASCII text included.
@Suite struct UsageRowTests {
    @Test func everyColumnReadsBackAsWritten() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("omniroute-rows-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try UsageStore(directory: directory)
        let start = Instant(seconds: 1_780_000_000)
        let full = UsageRecord(
            arrivedAt: start, finishedAt: start + .milliseconds(1250), firstByteAt: start + .milliseconds(300), keyName: "équipe-α 😀",
            clientFormat: .anthropic, requestedModel: "always-on", stream: true, provider: "up-openai", account: "acct-1", model: "gpt-4o-mini",
            status: 200,
            attempts: [AttemptRecord(provider: "up-openai", account: "acct-0", model: "gpt-4o-mini", startedAt: start, status: 503, reason: "server_error"),
                       AttemptRecord(provider: "up-openai", account: "acct-1", model: "gpt-4o-mini", startedAt: start + .milliseconds(20))],
            usage: IRUsage(input: 1200, output: 345, cachedInput: 1000, reasoning: 64), cost: 0.001_25, errorReason: nil, cacheHit: false)
        let bare = UsageRecord(
            arrivedAt: start + .seconds(1), finishedAt: start + .seconds(1), firstByteAt: nil, keyName: nil, clientFormat: .gemini,
            requestedModel: "", stream: false, provider: nil, account: nil, model: nil, status: 401, attempts: [], usage: nil, cost: 0,
            errorReason: "invalid_api_key", cacheHit: true)
        store.append(full)
        store.append(bare)
        #expect(try store.flush() == 2)

        let database = try DatabaseQueue(path: (directory as NSString).appendingPathComponent("omniroute.sqlite"))
        let rows = try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM usage ORDER BY id") }
        #expect(rows.count == 2)
        let a = rows[0], b = rows[1]
        #expect(a["arrived_at"] as Double? == 1_780_000_000)
        #expect(a["key_name"] as String? == "équipe-α 😀")
        #expect(a["client_format"] as String? == "anthropic" && a["requested_model"] as String? == "always-on")
        #expect(a["stream"] as Bool? == true && a["status"] as Int? == 200 && a["attempts"] as Int? == 2)
        #expect(a["provider"] as String? == "up-openai" && a["account"] as String? == "acct-1" && a["model"] as String? == "gpt-4o-mini")
        #expect((a["attempt_log"] as String?)?.contains("503 server_error") == true)
        #expect(a["input_tokens"] as Int? == 1200 && a["cached_tokens"] as Int? == 1000 && a["output_tokens"] as Int? == 345
                && a["reasoning_tokens"] as Int? == 64)
        #expect(a["cost"] as Double? == 0.001_25 && a["latency_ms"] as Double? == 1250 && a["ttfb_ms"] as Double? == 300)
        #expect(a["error_reason"] as String? == nil && a["cache_hit"] as Bool? == false)

        #expect(b["key_name"] as String? == nil && b["requested_model"] as String? == "" && b["client_format"] as String? == "gemini")
        #expect(b["provider"] as String? == nil && b["account"] as String? == nil && b["model"] as String? == nil)
        #expect(b["input_tokens"] as Int? == nil && b["ttfb_ms"] as Double? == nil && b["attempt_log"] as String? == "")
        #expect(b["error_reason"] as String? == "invalid_api_key" && b["cache_hit"] as Bool? == true && b["status"] as Int? == 401)
        // The statement is reused for the next batch: its old values must not leak into it.
        store.append(bare)
        #expect(try store.flush() == 1)
        let third = try database.read { db in try Row.fetchOne(db, sql: "SELECT key_name, input_tokens FROM usage WHERE id = 3") }
        #expect(third?["key_name"] as String? == nil && third?["input_tokens"] as Int? == nil)
    }

    /// Rows go in 32 to an insert, the rest one by one: every row lands once, in order, with
    /// its own values, whatever a batch's size.
    @Test func rowsInFullAndPartialInsertsAllLandInOrder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("omniroute-rows-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try UsageStore(directory: directory)
        let start = Instant(seconds: 1_780_000_000)
        func row(_ n: Int) -> UsageRecord {
            UsageRecord(arrivedAt: start + .milliseconds(Int64(n)), finishedAt: start + .milliseconds(Int64(n + 5)), firstByteAt: nil,
                        keyName: n % 3 == 0 ? nil : "key-\(n)", clientFormat: .openai, requestedModel: "m", stream: false, provider: "p",
                        account: "a", model: "m", status: 200, attempts: [], usage: n % 2 == 0 ? IRUsage(input: n, output: 1) : nil,
                        cost: 0, errorReason: nil, cacheHit: false)
        }
        var written = 0
        for batch in [UsageStore.rowsPerInsert * 2 + 6, 1, UsageStore.rowsPerInsert, UsageStore.rowsPerInsert - 1] {
            for n in written..<(written + batch) { store.append(row(n)) }
            #expect(try store.flush() == batch)
            written += batch
        }
        let database = try DatabaseQueue(path: (directory as NSString).appendingPathComponent("omniroute.sqlite"))
        let rows = try database.read { db in try Row.fetchAll(db, sql: "SELECT key_name, input_tokens, latency_ms FROM usage ORDER BY id") }
        #expect(rows.count == written)
        for (n, stored) in rows.enumerated() {
            #expect(stored["key_name"] as String? == (n % 3 == 0 ? nil : "key-\(n)"), "row \(n)")
            #expect(stored["input_tokens"] as Int? == (n % 2 == 0 ? n : nil), "row \(n)")
            #expect(stored["latency_ms"] as Double? == 5, "row \(n)")
        }
    }
}
