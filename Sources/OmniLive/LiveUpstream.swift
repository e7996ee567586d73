import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import OmniCore
import OmniSim
import Synchronization

/// The scenario's providers on a real socket, for live mode: each request is given the outcome
/// its account's `SimulatedProvider` draws (on the simulated clock: wall time since the start
/// times the speed-up), and the transport events the simulator would deliver are played on the
/// wire with their delays shrunk by the speed-up: headers, body pieces, the end, a reset or a
/// refusal. The account is found by the upstream key the gateway sends.
final class LiveUpstream: Sendable {
    private struct State {
        var providers: [SimulatedProvider]
        var answers = AnswerCache()
        /// When the scenario's clock started: set as the clients start, after the servers are up.
        var start = NIODeadline.now()
    }

    private let table: RoutingTable
    private let accountByKey: [String: Int]
    private let scale: TimeScale
    private let state: Mutex<State>
    /// The scenario's (unscaled) idle timeout: pieces are planned in simulated time.
    private let idleTimeout: Span

    init(scenario: SimScenario, scale: TimeScale) {
        table = scenario.table
        idleTimeout = scenario.table.settings.resilience.timeouts.streamIdle
        var byKey: [String: Int] = [:]
        for account in scenario.table.accounts { byKey[account.apiKey] = account.index }
        accountByKey = byKey
        self.scale = scale
        // The same seeds as the simulation's providers (SimRunner).
        let root = RandomSource(seed: scenario.seed)
        state = Mutex(State(providers: scenario.table.accounts.map {
            SimulatedProvider(spec: scenario.mock(for: $0), random: root.derived("account:" + $0.id))
        }))
    }

    /// Starts the scenario's clock (its faults and rate-limit windows run from here).
    func begin() { state.withLock { $0.start = .now() } }

    /// Listens on 127.0.0.1 (port 0: any free one); returns the channel and its port.
    func start(group: any EventLoopGroup) async throws -> (any Channel, Int) {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(LiveUpstreamHandler(upstream: self))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return (channel, channel.localAddress?.port ?? 0)
    }

    /// What to play for one request: the events and their wall-clock delays.
    func respond(head: HTTPRequestHead, body: [UInt8]) -> [(TimeAmount, FlowEvent)] {
        let key = Self.upstreamKey(head)
        guard let key, let index = accountByKey[key] else {
            return [(.zero, .upstreamHead(attempt: 0, status: 401, headers: ["content-type": "application/json"], at: .epoch)),
                    (.zero, .upstreamChunk(attempt: 0, bytes: Array(#"{"error":{"message":"unknown key","type":"authentication_error"}}"#.utf8), at: .epoch)),
                    (.zero, .upstreamEnd(attempt: 0, at: .epoch))]
        }
        let account = table.accounts[index]
        let provider = table.providers[account.provider]
        let parsed = try? JSONParser.parse(body)
        let stream = head.uri.contains("streamGenerateContent") || parsed?["stream"]?.boolValue == true
        let model = parsed?["model"]?.stringValue ?? Self.pathModel(head.uri) ?? "sim"
        let request = UpstreamRequest(attempt: 0, provider: provider.id, account: account.id, model: model, format: provider.format,
                                      url: head.uri, headers: [:], body: body, stream: stream, connectTimeout: .seconds(5))
        let events = state.withLock { state in
            let simulatedNow = Span(nanoseconds: Int64(Double((NIODeadline.now() - state.start).nanoseconds) * scale.factor))
            let outcome = state.providers[index].outcome(at: simulatedNow, model: model)
            return SimRunner.transportEvents(outcome, request: request, at: .epoch, idleTimeout: idleTimeout, answers: &state.answers)
        }
        return events.map { offset, event in (.nanoseconds(scale.shrink(offset).nanoseconds), Self.scaledRetryAfter(event, scale)) }
    }

    /// `Retry-After` is in whole simulated seconds; on the wire it becomes `retry-after-ms` in
    /// wall milliseconds (the engine reads that first).
    static func scaledRetryAfter(_ event: FlowEvent, _ scale: TimeScale) -> FlowEvent {
        guard case .upstreamHead(let attempt, let status, let headers, let at) = event, let seconds = headers["retry-after"].flatMap(Double.init) else {
            return event
        }
        var scaled = HeaderFields(headers.fields.filter { $0.name.lowercased() != "retry-after" })
        scaled.append("retry-after-ms", String(Int((seconds * 1000 / scale.factor).rounded(.up))))
        return .upstreamHead(attempt: attempt, status: status, headers: scaled, at: at)
    }

    static func upstreamKey(_ head: HTTPRequestHead) -> String? {
        if let bearer = head.headers.first(name: "authorization"), bearer.lowercased().hasPrefix("bearer ") { return String(bearer.dropFirst(7)) }
        if let key = head.headers.first(name: "x-api-key") ?? head.headers.first(name: "x-goog-api-key") { return key }
        if let query = head.uri.split(separator: "?").dropFirst().first {
            for pair in query.split(separator: "&") where pair.hasPrefix("key=") { return String(pair.dropFirst(4)) }
        }
        return nil
    }

    /// Gemini's model is in the path: `/v1beta/models/{model}:generateContent`.
    static func pathModel(_ uri: String) -> String? {
        guard let range = uri.range(of: "/models/") else { return nil }
        return uri[range.upperBound...].split(separator: ":").first.map(String.init)
    }
}

/// One connection of the live upstream: gathers a request, then plays its events on this
/// channel's event loop. Unchecked Sendable as NIO handlers are: every method, and every task
/// it schedules, runs on that one loop.
final class LiveUpstreamHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let upstream: LiveUpstream
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var scheduled: [Scheduled<Void>] = []

    init(upstream: LiveUpstream) { self.upstream = upstream }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.removeAll(keepingCapacity: true)
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            play(upstream.respond(head: head, body: body), context: context)
        }
    }

    private func play(_ events: [(TimeAmount, FlowEvent)], context: ChannelHandlerContext) {
        let loop = context.eventLoop
        let boundContext = NIOLoopBound(context, eventLoop: loop)
        for (delay, event) in events {
            let task = loop.scheduleTask(in: delay) { [weak self] () -> Void in self?.write(event, context: boundContext.value) }
            scheduled.append(task)
        }
    }

    private func write(_ event: FlowEvent, context: ChannelHandlerContext) {
        switch event {
        case .upstreamHead(_, let status, let fields, _):
            var headers = HTTPHeaders()
            for field in fields { headers.add(name: field.name, value: field.value) }
            headers.add(name: "transfer-encoding", value: "chunked")
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers))),
                                  promise: nil)
        case .upstreamChunk(_, let bytes, _):
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
        case .upstreamEnd:
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            scheduled.removeAll()
        case .upstreamFailed:
            // A reset mid-answer, or a refusal before one: the connection goes away.
            context.close(promise: nil)
        case .arrived, .timerFired, .clientGone:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        for task in scheduled { task.cancel() }
        scheduled.removeAll()
        context.fireChannelInactive()
    }
}
