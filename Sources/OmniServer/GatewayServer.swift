import Hummingbird
import Logging
import NIOCore
import OmniConfig
import OmniCore

/// `omniroute serve`: the engine behind Hummingbird, upstreams through AsyncHTTPClient.
public struct GatewayServer: Sendable {
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        public var port = 20128
        /// Request bodies over this are a 413 (default 10 MB).
        public var bodyLimit = 10 * 1024 * 1024
        /// AsyncHTTPClient connections per upstream host; streams each hold one.
        public var connectionsPerHost = 512
        public init() {}
    }

    public let setup: GatewaySetup
    public let options: Options

    public init(setup: GatewaySetup, options: Options) {
        self.setup = setup
        self.options = options
    }

    /// Serves until the task is cancelled or the process gets SIGINT/SIGTERM. `onRunning`
    /// is called with the bound port (useful with port 0).
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var logger = Logger(label: "omniroute")
        logger.logLevel = .notice
        let gateway = SharedGateway(table: setup.table, seed: WallClock.seed())
        let transport = UpstreamTransport(connectTimeout: setup.config.resilience.timeouts.connect, connectionsPerHost: options.connectionsPerHost)
        let responder = GatewayResponder(gateway: gateway, transport: transport, bodyLimit: options.bodyLimit, onRecord: { _ in })
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "omniroute"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        do {
            try await app.runService()
        } catch {
            try? await transport.shutdown()
            throw error
        }
        try await transport.shutdown()
    }
}
