import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Testing

/// Upstreams over TLS: the gateway verifies the certificate (system roots plus
/// `--upstream-ca`), sends SNI, reuses the connection; an untrusted certificate is a
/// `tls_failed` attempt, never a hang or a plain-text fallback.
@Suite(.serialized) struct TLSUpstreamTests {
    @Test func aTrustedTLSUpstreamAnswersAndAnUntrustedOneFailsAsTLS() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("omniroute-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let certificate = directory + "/cert.pem", key = directory + "/key.pem"
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1",
                             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0, "openssl could not make a test certificate")

        let server = try await TLSAnswerServer.start(certificate: certificate, key: key)
        defer { server.close() }
        let config: @Sendable (String) -> String = { _ in
            """
            providers:
              - id: secure
                format: openai
                baseURL: https://localhost:\(server.port)/v1
                apiKeys: [sk-up]
                models: [m]
            auth:
              apiKeys: [sk-omni-test]
            """
        }
        let body = #"{"model":"secure/m","messages":[{"role":"user","content":"hi"}]}"#
        let key2 = [("Authorization", "Bearer sk-omni-test")]

        let trusted = try await LiveGateway.start(upstreamCA: certificate, config)
        for _ in 0..<2 {
            let reply = try await trusted.send(.POST, "/v1/chat/completions", headers: key2, body: body)
            #expect(reply.status == 200, "\(reply.body)")
            #expect(reply.body.contains("over tls"))
        }
        await trusted.stop()
        #expect(server.connections == 1, "the TLS connection was not reused")

        let untrusted = try await LiveGateway.start(config)
        let refused = try await untrusted.send(.POST, "/v1/chat/completions", headers: key2, body: body)
        #expect(refused.status >= 500, "\(refused.body)")
        #expect(refused.body.contains("tls_failed"), "\(refused.body)")
        await untrusted.stop()
    }
}

/// A TLS HTTP/1.1 server answering every request with one fixed chat completion, counting
/// the connections it accepted.
final class TLSAnswerServer: Sendable {
    let port: Int
    private let channel: any Channel
    private let accepted: NIOLockedValueBox<Int>
    var connections: Int { accepted.withLockedValue { $0 } }

    private init(port: Int, channel: any Channel, accepted: NIOLockedValueBox<Int>) {
        (self.port, self.channel, self.accepted) = (port, channel, accepted)
    }

    static func start(certificate: String, key: String) async throws -> TLSAnswerServer {
        let context = try NIOSSLContext(configuration: .makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))))
        let accepted = NIOLockedValueBox(0)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                accepted.withLockedValue { $0 += 1 }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(FixedAnswer())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TLSAnswerServer(port: channel.localAddress?.port ?? 0, channel: channel, accepted: accepted)
    }

    func close() { channel.close(promise: nil) }

    final class FixedAnswer: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            let body = #"{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"over tls"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}"#
            var headers = HTTPHeaders([("content-type", "application/json"), ("content-length", String(body.utf8.count))])
            headers.add(name: "connection", value: "keep-alive")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
