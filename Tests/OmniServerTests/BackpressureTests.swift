import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A client that stops reading must stop the gateway reading its upstream: the stream's bytes
/// wait in the upstream's socket, not in the gateway's memory.
@Suite(.serialized) struct BackpressureTests {
    /// 48 MB of SSE from an upstream that writes as fast as the socket takes it. Loopback
    /// socket buffers along the way (upstream send, gateway receive and send, client receive)
    /// hold at most about 14 MB with Linux's default limits.
    static let total = 48 << 20

    @Test func aClientThatStopsReadingStopsTheUpstream() async throws {
        let upstream = try FloodUpstream(total: Self.total)
        defer { upstream.stop() }
        let live = try await LiveGateway.start { _ in
            """
            providers:
              - id: flood
                format: openai
                baseURL: http://127.0.0.1:\(upstream.port)/v1
                apiKeys: [sk-up]
                models: [gpt-4o-mini]
            auth:
              apiKeys: [sk-omni-test]
            """
        }
        defer { Task { await live.stop() } }

        let client = try RawClient(port: live.gatewayPort, receiveBuffer: 4096)
        defer { client.close() }
        let body = #"{"model":"flood/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"go"}]}"#
        client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-omni-test\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")

        // The client reads nothing for a while: the upstream must get stuck well short of the end.
        try await Task.sleep(for: .milliseconds(1500))
        let sentWhileStalled = upstream.sent
        #expect(sentWhileStalled < Self.total / 2, "the upstream wrote \(sentWhileStalled) of \(Self.total) bytes to a client that read none")

        // Then it reads: everything arrives, none of it lost on the way.
        let received = await Task.detached { client.readAll() }.value
        #expect(upstream.sent == Self.total)
        #expect(received > Self.total * 9 / 10, "received \(received) bytes")
    }
}

/// A one-connection upstream that answers any request with an endless-looking SSE stream of
/// large chunks, counting the bytes the socket accepted.
final class FloodUpstream: Sendable {
    let port: Int
    private let listener: Int32
    private let counter = Atomic<Int>(0)
    var sent: Int { counter.load(ordering: .relaxed) }

    init(total: Int) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        guard bound == 0, listen(listener, 4) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            defer { Glibc.close(connection) }
            // Read the request (small: one read is enough on loopback), then answer.
            var request = [UInt8](repeating: 0, count: 65536)
            _ = recv(connection, &request, request.count, 0)
            let text = String(repeating: "x", count: 4000)
            let event = Array("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\(text)\"},\"finish_reason\":null}]}\n\n".utf8)
            let head = Array("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n".utf8)
            guard send(connection, head, head.count, Int32(MSG_NOSIGNAL)) == head.count else { return }
            var written = 0
            while written < total {
                let part = event.prefix(total - written)
                let count = part.withUnsafeBufferPointer { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if count <= 0 { return }
                written += count
                self.counter.store(written, ordering: .relaxed)
            }
        }
        thread.start()
    }

    func stop() { shutdown(listener, Int32(SHUT_RDWR)); Glibc.close(listener) }
}

/// A blocking client socket with a small receive buffer, so it can stop reading for real.
final class RawClient: Sendable {
    private let fd: Int32

    init(port: Int, receiveBuffer: Int32) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var size = receiveBuffer
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL))
    }

    /// Reads until the gateway closes the connection; returns the byte count.
    func readAll() -> Int {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var total = 0
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { return total }
            total += count
        }
    }

    /// One `recv` into `buffer`: the byte count, 0 at the end, negative on an error.
    func read(into buffer: inout [UInt8]) -> Int { recv(fd, &buffer, buffer.count, 0) }

    func close() { Glibc.close(fd) }
}
