import Foundation
import GRDB
import Testing
import OmniCore
import OmniStore

@Suite(.serialized) struct StoreTests {
    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("omniroute-store-\(UUID().uuidString)").path
    }

    @Test func everyRequestBecomesAUsageRowWithinTheFlushInterval() async throws {
        let dir = Self.temporaryDirectory()
        let live = try await LiveGateway.start(dataDirectory: dir, standardConfig)
        for model in ["up-openai/gpt-4o-mini", "always-on", "no-such-model"] {
            _ = try await live.send(.POST, "/v1/chat/completions", headers: [("Authorization", "Bearer sk-omni-test")],
                                    body: #"{"model":"\#(model)","messages":[{"role":"user","content":"count me"}]}"#)
        }
        try await Task.sleep(for: .milliseconds(400))
        let database = try DatabaseQueue(path: dir + "/omniroute.sqlite")
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT requested_model, status, attempts, provider, input_tokens, error_reason, key_name FROM usage ORDER BY id")
        }
        #expect(rows.count == 3)
        #expect(rows.map { $0["requested_model"] as String } == ["up-openai/gpt-4o-mini", "always-on", "no-such-model"])
        #expect(rows.map { $0["status"] as Int } == [200, 200, 404])
        #expect(rows[1]["attempts"] as Int == 2)
        #expect(rows[1]["provider"] as String? == "up-anthropic")
        #expect((rows[0]["input_tokens"] as Int?) ?? 0 > 0)
        #expect(rows[2]["error_reason"] as String? == "model_not_found")
        #expect(rows[0]["key_name"] as String? == "key-1")
        await live.stop()
    }

    @Test func engineStateSurvivesARestart() async throws {
        let dir = Self.temporaryDirectory()
        let first = try await LiveGateway.start(dataDirectory: dir, standardConfig)
        // A 429 cools the account down for that model (Retry-After: 1 from the mock).
        _ = try await first.send(.POST, "/v1/chat/completions", headers: [("Authorization", "Bearer sk-omni-test")],
                                 body: #"{"model":"up-openai/gpt-429","messages":[{"role":"user","content":"x"}]}"#)
        await first.stop()
        let store = try UsageStore(directory: dir)
        let snapshot = try #require(try store.loadSnapshot())
        #expect(snapshot.modelCooldowns.keys.contains { $0.hasSuffix("/gpt-429") })
        #expect(snapshot.accounts["up-openai/up-openai-1"]?.requests == 1)
    }
}
