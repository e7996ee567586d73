import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The edge's own HTTP/1.1 reading and writing, on a raw socket: what an SDK never sends but
/// curl, old clients and broken ones do.
@Suite(.serialized) struct HTTP1EdgeTests {
    static let chat = #"{"model":"up-openai/gpt-4o-mini","messages":[{"role":"user","content":"raw"}]}"#

    static func exchange(_ port: Int, _ text: String) async throws -> String {
        let client = try RawClient(port: port, receiveBuffer: 1 << 16)
        defer { client.close() }
        client.send(text)
        return await Task.detached { String(decoding: client.readAllBytes(), as: UTF8.self) }.value
    }

    @Test func bytesThatAreNotHTTPGetA400InJSONAndTheClose() async throws {
        let live = try await LiveGateway.start(standardConfig)
        defer { Task { await live.stop() } }
        let text = try await Self.exchange(live.gatewayPort, "POST /v1/messages HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n")
        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(text)")
        #expect(text.contains("connection: close"), "\(text)")
        // The path said Anthropic: the error is in Anthropic's shape.
        #expect(text.contains(#""type":"error""#) && text.contains("header name"), "\(text)")
        let smuggled = try await Self.exchange(live.gatewayPort, "POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        #expect(smuggled.hasPrefix("HTTP/1.1 400 "), "\(smuggled)")
        let big = try await Self.exchange(live.gatewayPort, "GET /health HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 70_000) + "\r\n\r\n")
        #expect(big.hasPrefix("HTTP/1.1 431 "), "\(big)")
        let version = try await Self.exchange(live.gatewayPort, "GET /health HTTP/3.0\r\n\r\n")
        #expect(version.hasPrefix("HTTP/1.1 505 "), "\(version)")
    }

    @Test func aChunkedRequestBodyIsRead() async throws {
        let live = try await LiveGateway.start(standardConfig)
        defer { Task { await live.stop() } }
        let body = Array(Self.chat.utf8)
        let chunks = "\(String(20, radix: 16))\r\n" + String(decoding: body[..<20], as: UTF8.self) + "\r\n"
            + "\(String(body.count - 20, radix: 16));note=x\r\n" + String(decoding: body[20...], as: UTF8.self) + "\r\n0\r\n\r\n"
        let text = try await Self.exchange(live.gatewayPort, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-omni-test\r\n"
                                           + "Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(text)")
        #expect(text.contains("raw"), "\(text)")
    }

    @Test func expectContinueGetsA100BeforeTheBody() async throws {
        let live = try await LiveGateway.start(standardConfig)
        defer { Task { await live.stop() } }
        let client = try RawClient(port: live.gatewayPort, receiveBuffer: 1 << 16)
        defer { client.close() }
        client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-omni-test\r\nExpect: 100-continue\r\n"
                    + "Connection: close\r\nContent-Length: \(Self.chat.utf8.count)\r\n\r\n")
        let interim = await Task.detached { () -> String in
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = client.read(into: &buffer)
            return String(decoding: buffer[..<max(0, count)], as: UTF8.self)
        }.value
        #expect(interim == "HTTP/1.1 100 Continue\r\n\r\n")
        client.send(Self.chat)
        let text = await Task.detached { String(decoding: client.readAllBytes(), as: UTF8.self) }.value
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(text)")
    }

    @Test func anHTTP10StreamIsUnchunkedAndEndsWithTheClose() async throws {
        let live = try await LiveGateway.start(standardConfig)
        defer { Task { await live.stop() } }
        let body = #"{"model":"up-openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"old"}]}"#
        let text = try await Self.exchange(live.gatewayPort, "POST /v1/chat/completions HTTP/1.0\r\nAuthorization: Bearer sk-omni-test\r\n"
                                           + "Connection: keep-alive\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        #expect(text.hasPrefix("HTTP/1.0 200 OK\r\n"), "\(text)")
        #expect(!text.lowercased().contains("transfer-encoding"), "\(text)")
        #expect(text.contains("connection: close"), "\(text)")
        #expect(text.hasSuffix("data: [DONE]\n\n"), "\(text)")
        // A whole answer to HTTP/1.0 with keep-alive keeps the connection and says so.
        let client = try RawClient(port: live.gatewayPort, receiveBuffer: 1 << 16)
        defer { client.close() }
        client.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let head = await Task.detached { () -> String in
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            let count = client.read(into: &buffer)
            return String(decoding: buffer[..<max(0, count)], as: UTF8.self)
        }.value
        #expect(head.hasPrefix("HTTP/1.0 200 OK\r\n") && head.contains("connection: keep-alive"), "\(head)")
    }
}
