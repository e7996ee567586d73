import Foundation
import NIOHTTP1
import OmniCore
import Testing

/// `/api/keys` through the real server: a key created over HTTP works at once for generation,
/// and stops working once revoked, without a restart.
@Suite(.serialized) struct ManagementEndToEndTests {
    @Test func aKeyCreatedOverHTTPWorksAtOnceAndStopsWhenRevoked() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("omniroute-mgmt-e2e-\(UUID().uuidString)").path
        let live = try await LiveGateway.start(dataDirectory: directory, standardConfig)
        defer { Task { await live.stop() } }
        let admin = [("Authorization", "Bearer sk-omni-test")]
        let chat = #"{"model":"up-openai/gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"#

        let anonymous = try await live.send(.GET, "/api/keys")
        #expect(anonymous.status == 401, "\(anonymous.body)")

        let created = try await live.send(.POST, "/api/keys", headers: admin, body: #"{"name":"team-a"}"#)
        #expect(created.status == 201, "\(created.body)")
        let json = try JSONParser.parse(Array(created.body.utf8))
        let key = try #require(json["key"]?.stringValue)
        let id = try #require(json["id"].map { String(decoding: JSONWriter.encode($0), as: UTF8.self) })

        let listed = try await live.send(.GET, "/api/keys", headers: admin)
        #expect(listed.status == 200)
        #expect(listed.body.contains("team-a"))
        #expect(!listed.body.contains(key), "the list must never show a key")

        let allowed = try await live.send(.POST, "/v1/chat/completions", headers: [("Authorization", "Bearer \(key)")], body: chat)
        #expect(allowed.status == 200, "\(allowed.body)")

        let revoked = try await live.send(.DELETE, "/api/keys/\(id.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))", headers: admin)
        #expect(revoked.status == 200, "\(revoked.body)")
        let refused = try await live.send(.POST, "/v1/chat/completions", headers: [("Authorization", "Bearer \(key)")], body: chat)
        #expect(refused.status == 401, "\(refused.body)")

        // The database holds the key's hash, never the key.
        let database = try Data(contentsOf: URL(fileURLWithPath: directory + "/omniroute.sqlite"))
        #expect(database.range(of: Data(key.utf8)) == nil)
    }

    @Test func managementWithoutADataDirectoryIsAClearError() async throws {
        let live = try await LiveGateway.start(standardConfig)
        defer { Task { await live.stop() } }
        let reply = try await live.send(.GET, "/api/keys", headers: [("Authorization", "Bearer sk-omni-test")])
        #expect(reply.status == 503)
        #expect(reply.body.contains("data directory"))
    }
}
