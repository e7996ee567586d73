import Foundation
import NIOHTTP1
import Testing

/// The engine's timers through the real server: an upstream that never answers is given up
/// at the first-byte timeout, and the request fails over to the next step of its combo.
@Suite(.serialized) struct TimeoutEndToEndTests {
    @Test func aHangingUpstreamTimesOutAndTheComboFailsOver() async throws {
        let live = try await LiveGateway.start { base in
            standardConfig(base)
                .replacingOccurrences(of: "models: [gpt-4o-mini, gpt-503,", with: "models: [gpt-hang, gpt-4o-mini, gpt-503,")
                .replacingOccurrences(of: "combos:\n", with: "combos:\n  - name: hang-then-anthropic\n    models: [up-openai/gpt-hang, up-anthropic/claude-sonnet-4-5]\n")
                + "\nresilience:\n  timeouts:\n    firstByte: 300ms\n"
        }
        defer { Task { await live.stop() } }
        let started = ContinuousClock.now
        let reply = try await live.send(.POST, "/v1/chat/completions", headers: [("Authorization", "Bearer sk-omni-test")],
                                        body: #"{"model":"hang-then-anthropic","messages":[{"role":"user","content":"still there"}]}"#)
        let elapsed = ContinuousClock.now - started
        #expect(reply.status == 200, "\(reply.body)")
        #expect(reply.body.contains("still there"))
        #expect(elapsed >= .milliseconds(300), "answered before the first-byte timeout could have fired")
        #expect(elapsed < .seconds(3), "the first-byte timeout did not fire in time: \(elapsed)")
    }
}
