import Foundation
import OmniCore
import Testing

/// `serve --record FILE`: every finished request becomes one anonymised line the simulator
/// can replay: model, format, streaming, tokens and outcome; never the prompt or a key.
@Suite(.serialized) struct RecordingEndToEndTests {
    @Test func servedRequestsAreRecordedWithoutPromptsOrKeys() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("omniroute-record-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let live = try await LiveGateway.start(recordPath: path, standardConfig)
        let key = [("Authorization", "Bearer sk-omni-test")]
        let secretPrompt = "the secret prompt text 7f3a"
        let whole = try await live.send(.POST, "/v1/chat/completions", headers: key,
                                        body: #"{"model":"up-openai/gpt-4o-mini","messages":[{"role":"user","content":"\#(secretPrompt)"}]}"#)
        #expect(whole.status == 200, "\(whole.body)")
        let streamed = try await live.send(.POST, "/v1/messages", headers: [("x-api-key", "sk-omni-test")],
                                           body: #"{"model":"always-on","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"\#(secretPrompt)"}]}"#)
        #expect(streamed.status == 200, "\(streamed.body)")
        let failed = try await live.send(.POST, "/v1/chat/completions", headers: key,
                                         body: #"{"model":"up-openai/gpt-503","messages":[{"role":"user","content":"x"}]}"#)
        #expect(failed.status == 502, "\(failed.body)")   // every attempt failed
        await live.stop()   // graceful shutdown writes what is queued

        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == RecordedRequest.headerLine)
        let requests = try lines.dropFirst().map { try RecordedRequest.parse(line: Array($0.utf8)) }.sorted { $0.offset < $1.offset }
        #expect(requests.count == 3, "\(text)")
        guard requests.count == 3 else { return }
        #expect(requests[0].model == "up-openai/gpt-4o-mini" && requests[0].format == .openai && !requests[0].stream && requests[0].status == 200)
        #expect(requests[0].inputTokens > 0 && requests[0].outputTokens > 0)
        #expect(requests[1].model == "always-on" && requests[1].format == .anthropic && requests[1].stream && requests[1].status == 200)
        #expect(requests[1].firstByte != nil)
        #expect(requests[2].status == 502)
        #expect(requests[0].offset <= requests[1].offset && requests[1].offset <= requests[2].offset)
        for secret in [secretPrompt, "sk-omni-test", "sk-up-1", "sk-up-3"] {
            #expect(!text.contains(secret), "the recording must not contain \(secret)")
        }
    }
}
