import Logging
import NIOCore
import NIOPosix
import OmniConfig
import OmniCore
import OmniManagement
import OmniStore
import ServiceLifecycle

/// `omniroute serve`: the engine between SwiftNIO's HTTP/1.1 server and its own upstream
/// client, both on the same event loop per connection (docs/server.md).
public struct GatewayServer: Sendable {
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        public var port = 20128
        /// Request bodies over this are a 413 (default 10 MB).
        public var bodyLimit = 10 * 1024 * 1024
        /// Upstream connections per host (all event loops together); streams each hold one.
        public var connectionsPerHost = 512
        /// A PEM file of CA certificates upstream TLS also trusts, besides the system's.
        public var upstreamCA: String?
        /// Where the SQLite database lives (usage rows, engine state); nil: nothing is stored.
        public var dataDirectory: String? = "./data"
        /// How often the engine state (breakers, cooldowns, budget spend) is saved.
        public var snapshotInterval: Duration = .seconds(1)
        /// On SIGTERM/SIGINT: how long in-flight requests may take to finish before they are
        /// cancelled (a second signal cancels at once).
        public var shutdownGrace: Duration = .seconds(30)
        /// `--record FILE`: every finished request, anonymised, for the simulator to replay.
        public var recordPath: String?
        /// Told every finished request's usage row (the simulator's live mode listens).
        public var onRecord: (@Sendable (UsageRecord) -> Void)?
        /// Told every notice of the engine, with its time (the simulator's live mode listens).
        public var onNotice: (@Sendable (GatewayNotice, Instant) -> Void)?
        public init() {}
    }

    public let setup: GatewaySetup
    public let options: Options

    public init(setup: GatewaySetup, options: Options) {
        self.setup = setup
        self.options = options
    }

    /// The rows of the requests finished since the last call: counted into the metrics, then
    /// stored and recorded (blocking: off the loops).
    private static func writeRows(metrics: GatewayMetrics, store: UsageStore?, recorder: TrafficRecorder?) {
        metrics.drain()
        let rows = metrics.takeCounted()
        _ = try? store?.write(rows)
        try? recorder?.write(rows)
    }

    /// Serves until the task is cancelled or the process gets SIGINT/SIGTERM. `onRunning`
    /// is called with the bound port (useful with port 0).
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        FileDescriptorTable.raiseLimit()
        FileDescriptorTable.reserve(16384)
        var logger = Logger(label: "omniroute")
        logger.logLevel = .notice
        let store = try options.dataDirectory.map { try UsageStore(directory: $0) }
        let snapshot = try store?.loadSnapshot()
        // Keys created through /api/keys live in the store (as hashes) and join the config's.
        var table = setup.table
        if let store { try GatewayKeyLoader.load(into: &table, store: store, now: WallClock.now()) }
        let gateway = SharedGateway(table: table, seed: WallClock.seed(), restoring: snapshot)
        let management = store.map { ManagementAPI(table: gateway.live, store: $0, hasher: setup.keyHasher) }
        let client = try UpstreamClient(connectTimeout: setup.config.resilience.timeouts.connect, connectionsPerHost: options.connectionsPerHost,
                                        extraTrustRoots: options.upstreamCA)
        let recorder = try options.recordPath.map { try TrafficRecorder(path: $0, start: WallClock.now()) }
        // A loop queues a request's row once, for the metrics; the store and the recording
        // get the rows from them, off the loops.
        let metrics = GatewayMetrics(passesRowsOn: store != nil || recorder != nil)
        let onRecord = options.onRecord
        let services = EdgeServices(gateway: gateway, client: client, metrics: metrics, keyHasher: setup.keyHasher,
                                    management: management, bodyLimit: options.bodyLimit, timers: LoopTimerSet(group: client.group),
                                    onRecord: { (record: consuming UsageRecord) in
                                        onRecord?(record)
                                        metrics.record(record)
                                    },
                                    onNotice: options.onNotice)
        let server = EdgeServer(host: options.host, port: options.port, services: services, onRunning: onRunning)
        // Off the request path: usage rows every 100 ms, the engine state every second. SQLite
        // writes block (fsync), and tasks run on the event loops (ConcurrencyOnEventLoops): so
        // they run on NIO's blocking-I/O thread pool, never on a loop.
        let blocking = NIOThreadPool.singleton
        let writer = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                _ = try? await blocking.runIfActive {
                    Self.writeRows(metrics: metrics, store: store, recorder: recorder)
                }
            }
        }
        let interval = options.snapshotInterval
        let saver = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                let snapshot = gateway.snapshot()
                try? await blocking.runIfActive { try store?.saveSnapshot(snapshot, at: WallClock.now()) }
            }
        }
        let outcome: Result<Void, any Error>
        // Stop accepting on SIGTERM/SIGINT, let in-flight requests finish for a bounded time.
        var configuration = ServiceGroupConfiguration(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = options.shutdownGrace
        let group = ServiceGroup(configuration: configuration)
        do { try await group.run(); outcome = .success(()) } catch { outcome = .failure(error) }
        // Graceful shutdown (SIGTERM/SIGINT): the server has finished its in-flight requests;
        // write the last rows and the state.
        writer.cancel()
        saver.cancel()
        _ = await writer.result
        _ = await saver.result
        Self.writeRows(metrics: metrics, store: store, recorder: recorder)
        recorder?.close()
        try? store?.saveSnapshot(gateway.snapshot(), at: WallClock.now())
        try outcome.get()
    }
}
