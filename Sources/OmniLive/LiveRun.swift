import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import OmniConfig
import OmniCore
import OmniServer
import OmniSim
import Synchronization

/// `simulate --live`: the scenario played for real, `speedUp` times faster than written: a
/// real `serve` (in this process, on a loopback port) with the scenario's gateway config, its
/// time constants shrunk to match (`TimeScale`); the scenario's providers on another port
/// (`LiveUpstream`); and the scenario's clients (the same `TrafficGenerator` the simulation
/// draws from) sending real HTTP requests in their formats. The server's usage rows, with
/// their times stretched back by the speed-up, become a `SimResult` to hold against the
/// simulation's (`LiveComparison`).
public enum LiveRun {
    public struct Outcome: Sendable {
        public var result: SimResult
        public var wallSeconds: Double
        /// Requests the clients sent; every one must have a usage row.
        public var sent: Int
        /// How far behind its schedule the latest request was sent (wall seconds): a machine
        /// too busy for the speed-up shows here first.
        public var maxLateness: Double
    }

    public static func run(_ file: ScenarioFile, speedUp: Double) async throws -> Outcome {
        let scale = TimeScale(factor: speedUp)
        let scenario = file.scenario
        let group = MultiThreadedEventLoopGroup.singleton
        let upstream = LiveUpstream(scenario: scenario, scale: scale)
        let (upstreamChannel, upstreamPort) = try await upstream.start(group: group)
        defer { upstreamChannel.close(promise: nil) }

        // The scenario's gateway, pointed at the stand-in and running `speedUp` times faster.
        var config = scale.gateway(file.setup.config)
        for index in config.providers.indices {
            let format = scenario.table.provider(named: config.providers[index].id)?.format ?? .openai
            let base = "http://127.0.0.1:\(upstreamPort)"
            config.providers[index].baseURL = format == .openai || format == .responses ? base + "/v1" : base
        }
        let setup = GatewaySetup(catalog: file.setup.catalog, config: config,
                                 table: try RoutingTable(catalog: file.setup.catalog, config: config), keyHasher: file.setup.keyHasher)
        let rows = Mutex<[UsageRecord]>([])
        let notices = Mutex<[(GatewayNotice, Instant)]>([])
        var options = GatewayServer.Options()
        options.port = 0
        options.dataDirectory = nil
        options.onRecord = { row in rows.withLock { $0.append(row) } }
        options.onNotice = { notice, at in notices.withLock { $0.append((notice, at)) } }
        options.shutdownGrace = .seconds(1)
        let (ports, ready) = AsyncStream<Int>.makeStream()
        let server = Task { try await GatewayServer(setup: setup, options: options).run { ready.yield($0) } }
        defer { server.cancel() }
        var portIterator = ports.makeAsyncIterator()
        guard let gatewayPort = await portIterator.next() else { throw CancellationError() }

        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 4096)
        let client = HTTPClient(eventLoopGroup: group, configuration: clientConfiguration)
        // The scenario's clock starts now, for the clients and the providers alike.
        upstream.begin()
        let wallStart = ContinuousClock.now
        let liveStart = WallClock.now()
        var traffic = TrafficGenerator(scenario.traffic, duration: scenario.duration, seed: scenario.seed)
        var sent = 0
        var maxLateness = Duration.zero
        await withTaskGroup(of: Void.self) { tasks in
            while let request = traffic.next() {
                let due = wallStart + .nanoseconds(scale.shrink(request.offset).nanoseconds)
                try? await Task.sleep(until: due, clock: .continuous)
                maxLateness = max(maxLateness, ContinuousClock.now - due)
                sent += 1
                let key = file.presentedKeys[request.key]
                tasks.addTask { await send(request, key: key, port: gatewayPort, client: client) }
            }
        }
        // Every request has ended for its client; its usage row is written as it ends.
        for _ in 0..<100 where rows.withLock({ $0.count }) < sent { try? await Task.sleep(for: .milliseconds(20)) }
        let elapsed = ContinuousClock.now - wallStart
        let wallSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        try? await client.shutdown()

        var result = SimResult(bucket: Timeline.bucketWidth(for: scenario.duration))
        for row in rows.withLock({ $0 }).sorted(by: { $0.arrivedAt < $1.arrivedAt }) {
            let stretched = stretch(row, from: liveStart, to: scenario.start, by: scale.factor)
            result.record(stretched, offset: stretched.arrivedAt - scenario.start)
        }
        for (notice, at) in notices.withLock({ $0 }).sorted(by: { $0.1 < $1.1 }) {
            result.notices.record(stretch(notice, from: liveStart, to: scenario.start, by: scale.factor), at: stretch(at, from: liveStart, to: scenario.start, by: scale.factor),
                                  start: scenario.start)
        }
        result.unfinished = max(0, sent - result.requests)
        let late = Double(maxLateness.components.seconds) + Double(maxLateness.components.attoseconds) / 1e18
        return Outcome(result: result, wallSeconds: wallSeconds, sent: sent, maxLateness: late)
    }

    /// One client request in its format, read to the end (streams included).
    static func send(_ request: TrafficGenerator.Request, key: String?, port: Int, client: HTTPClient) async {
        let parts = SyntheticTraffic.request(model: request.model, words: request.words, stream: request.stream, format: request.format)
        let path: String = switch request.format {
        case .openai: "/v1/chat/completions"
        case .anthropic: "/v1/messages"
        case .responses: "/v1/responses"
        case .gemini: "/v1beta/models/\(request.model):" + (request.stream ? "streamGenerateContent?alt=sse" : "generateContent")
        }
        var http = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        http.method = .POST
        http.headers.add(name: "content-type", value: "application/json")
        if let key { http.headers.add(name: "authorization", value: "Bearer \(key)") }
        http.body = .bytes(ByteBuffer(bytes: parts.body))
        do {
            let response = try await client.execute(http, timeout: .hours(1))
            for try await _ in response.body {}
        } catch {
            // A reset or a cut answer: the server's usage row says what happened.
        }
    }

    /// A live instant on the scenario's clock: its offset from the live start, times the speed-up.
    static func stretch(_ instant: Instant, from liveStart: Instant, to start: Instant, by factor: Double) -> Instant {
        start + Span(nanoseconds: Int64(Double((instant - liveStart).nanoseconds) * factor))
    }

    /// A live notice on the scenario's clock (a cooldown's end, a breaker transition's time).
    static func stretch(_ notice: GatewayNotice, from liveStart: Instant, to start: Instant, by factor: Double) -> GatewayNotice {
        func stretched(_ instant: Instant) -> Instant { stretch(instant, from: liveStart, to: start, by: factor) }
        switch notice {
        case .breaker(let provider, let account, var transition):
            transition.at = stretched(transition.at)
            return .breaker(provider: provider, account: account, transition)
        case .cooldown(let provider, let account, let model, let until, let reason):
            return .cooldown(provider: provider, account: account, model: model, until: stretched(until), reason: reason)
        case .lockout, .budget, .failover:
            return notice
        }
    }

    /// A live usage row on the scenario's clock.
    static func stretch(_ row: UsageRecord, from liveStart: Instant, to start: Instant, by factor: Double) -> UsageRecord {
        func stretched(_ instant: Instant) -> Instant { stretch(instant, from: liveStart, to: start, by: factor) }
        var row = row
        row.arrivedAt = stretched(row.arrivedAt)
        row.finishedAt = stretched(row.finishedAt)
        row.firstByteAt = row.firstByteAt.map(stretched)
        return row
    }
}
