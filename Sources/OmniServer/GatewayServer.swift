import Hummingbird
import Logging
import NIOCore
import OmniConfig
import OmniCore
import OmniStore
import ServiceLifecycle

/// `omniroute serve`: the engine behind Hummingbird, upstreams through AsyncHTTPClient.
public struct GatewayServer: Sendable {
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        public var port = 20128
        /// Request bodies over this are a 413 (default 10 MB).
        public var bodyLimit = 10 * 1024 * 1024
        /// AsyncHTTPClient connections per upstream host; streams each hold one.
        public var connectionsPerHost = 512
        /// Where the SQLite database lives (usage rows, engine state); nil: nothing is stored.
        public var dataDirectory: String? = "./data"
        /// How often the engine state (breakers, cooldowns, budget spend) is saved.
        public var snapshotInterval: Duration = .seconds(1)
        /// On SIGTERM/SIGINT: how long in-flight requests may take to finish before they are
        /// cancelled (a second signal cancels at once).
        public var shutdownGrace: Duration = .seconds(30)
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
        let store = try options.dataDirectory.map { try UsageStore(directory: $0) }
        let snapshot = try store?.loadSnapshot()
        let gateway = SharedGateway(table: setup.table, seed: WallClock.seed(), restoring: snapshot)
        let transport = UpstreamTransport(connectTimeout: setup.config.resilience.timeouts.connect, connectionsPerHost: options.connectionsPerHost)
        let metrics = GatewayMetrics()
        let responder = GatewayResponder(gateway: gateway, transport: transport, bodyLimit: options.bodyLimit, metrics: metrics,
                                         onRecord: { record in
                                             metrics.record(record)
                                             store?.append(record)
                                         })
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "omniroute"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        // Off the request path: usage rows every 100 ms, the engine state every second.
        let writer = Task { await store?.runWriter() }
        let interval = options.snapshotInterval
        let saver = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                try? store?.saveSnapshot(gateway.snapshot(), at: WallClock.now())
            }
        }
        let outcome: Result<Void, any Error>
        // Stop accepting on SIGTERM/SIGINT, let in-flight requests finish for a bounded time.
        var configuration = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = options.shutdownGrace
        let group = ServiceGroup(configuration: configuration)
        do { try await group.run(); outcome = .success(()) } catch { outcome = .failure(error) }
        // Graceful shutdown (SIGTERM/SIGINT): the server has finished its in-flight requests;
        // write the last rows and the state, then close the upstream client.
        writer.cancel()
        saver.cancel()
        _ = await writer.result
        _ = await saver.result
        _ = try? store?.flush()
        try? store?.saveSnapshot(gateway.snapshot(), at: WallClock.now())
        try? await transport.shutdown()
        try outcome.get()
    }
}
