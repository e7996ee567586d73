import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// HTTP/1.1 pipelining: requests sent back to back on one connection, before any answer,
/// are answered in order and in full (the gateway queues them itself).
@Suite struct PipeliningTests {
    static func post(_ body: String, close: Bool = false) -> String {
        "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-omni-test\r\nContent-Type: application/json\r\n"
            + (close ? "Connection: close\r\n" : "") + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let live = try await LiveGateway.start(standardConfig)
        defer { Task { await live.stop() } }
        let client = try RawClient(port: live.gatewayPort, receiveBuffer: 1 << 16)
        defer { client.close() }
        // A streamed answer, a whole one, an answer made at once (/health), a slow upstream's
        // answer, then one more whole answer: all written in one go.
        let pipelined = Self.post(#"{"model":"up-openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"first"}]}"#)
            + Self.post(#"{"model":"up-anthropic/claude-sonnet-4-5","messages":[{"role":"user","content":"second"}]}"#)
            + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
            + Self.post(#"{"model":"up-openai/gpt-4o-mini","messages":[{"role":"user","content":"fourth"}]}"#)
            + Self.post(#"{"model":"up-openai/gpt-4o-mini","messages":[{"role":"user","content":"fifth"}]}"#, close: true)
        client.send(pipelined)
        let text = await Task.detached { String(decoding: client.readAllBytes(), as: UTF8.self) }.value
        let statuses = text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { $0.prefix(3) }
        #expect(statuses == ["200", "200", "200", "200", "200"], "\(text)")
        let markers = ["first", "data: [DONE]", "second", "\"status\"", "fourth", "fifth"]
        let positions = markers.map { text.range(of: $0)?.lowerBound }
        #expect(!positions.contains(nil), "\(text)")
        let found = positions.compactMap { $0 }
        #expect(found == found.sorted(), "answers out of order: \(text)")
    }
}

extension RawClient {
    /// Reads until the gateway closes the connection; returns the bytes.
    func readAllBytes() -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(into: &buffer)
            if count <= 0 { return out }
            out.append(contentsOf: buffer[..<count])
        }
    }
}
