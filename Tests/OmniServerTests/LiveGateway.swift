import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OmniConfig
import OmniCore
import OmniServer

/// A real `mock-upstream` and a real gateway on loopback ports, started by the test itself
/// (port 0: the system picks free ones), and an HTTP client to talk to the gateway.
final class LiveGateway: Sendable {
    let gatewayPort: Int
    let mockPort: Int
    let client: HTTPClient
    private let tasks: [Task<Void, any Error>]

    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: String
        var chunks: Int
    }

    /// `configure` gets the mock's base URLs ("http://127.0.0.1:PORT") and returns the YAML config.
    static func start(dataDirectory: String? = nil, upstreamCA: String? = nil, recordPath: String? = nil, _ configure: @Sendable (String) -> String) async throws -> LiveGateway {
        let (mockPorts, mockReady) = AsyncStream<Int>.makeStream()
        let mock = Task { try await MockUpstream(port: 0, wordsPerSecond: 2000).run { mockReady.yield($0) } }
        var mockIterator = mockPorts.makeAsyncIterator()
        guard let mockPort = await mockIterator.next() else { throw CancellationError() }
        let yaml = configure("http://127.0.0.1:\(mockPort)")
        let setup = try GatewaySetup.load(yaml: yaml, source: "test.yaml", environment: [:])
        var options = GatewayServer.Options()
        options.port = 0
        options.bodyLimit = 64 * 1024
        options.dataDirectory = dataDirectory
        options.upstreamCA = upstreamCA
        options.recordPath = recordPath
        options.snapshotInterval = .milliseconds(100)
        let (gatewayPorts, gatewayReady) = AsyncStream<Int>.makeStream()
        let gateway = Task { try await GatewayServer(setup: setup, options: options).run { gatewayReady.yield($0) } }
        var gatewayIterator = gatewayPorts.makeAsyncIterator()
        guard let gatewayPort = await gatewayIterator.next() else { throw CancellationError() }
        return LiveGateway(gatewayPort: gatewayPort, mockPort: mockPort, tasks: [mock, gateway])
    }

    private init(gatewayPort: Int, mockPort: Int, tasks: [Task<Void, any Error>]) {
        self.gatewayPort = gatewayPort
        self.mockPort = mockPort
        self.tasks = tasks
        client = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    func stop() async {
        try? await client.shutdown()
        for task in tasks { task.cancel() }
        for task in tasks { _ = await task.result }
    }

    func send(_ method: HTTPMethod = .POST, _ path: String, headers: [(String, String)] = [], body: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(gatewayPort)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(30))
        var text = ""
        var chunks = 0
        for try await buffer in response.body {
            chunks += 1
            text += String(buffer: buffer)
        }
        return Reply(status: Int(response.status.code), headers: response.headers, body: text, chunks: chunks)
    }
}

/// The mock behind every format, and combos over it.
func standardConfig(_ base: String) -> String {
    """
    providers:
      - id: up-openai
        format: openai
        baseURL: \(base)/v1
        apiKeys: [sk-up-1, sk-up-2]
        models: [gpt-4o-mini, gpt-503, gpt-cut, gpt-tool, gpt-429, text-embedding-3-small]
      - id: up-anthropic
        format: anthropic
        baseURL: \(base)
        auth: x-api-key
        apiKeys: [sk-up-3]
        models: [claude-sonnet-4-5, claude-503]
      - id: up-gemini
        format: gemini
        baseURL: \(base)
        auth: x-goog-api-key
        apiKeys: [AIza-up]
        models: [gemini-2.5-flash]
      - id: up-responses
        format: responses
        baseURL: \(base)/v1
        apiKeys: [sk-up-4]
        models: [gpt-5]
    combos:
      - name: always-on
        models: [up-openai/gpt-503, up-anthropic/claude-sonnet-4-5]
    auth:
      apiKeys: [sk-omni-test]
    """
}
