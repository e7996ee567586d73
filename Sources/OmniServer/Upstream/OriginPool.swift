import NIOCore
import NIOPosix
import NIOSSL
import OmniCore

/// The connections of one event loop to one origin: idle ones to reuse (most recent first),
/// and a queue of exchanges waiting when the loop's share of the per-host limit is in use.
///
/// Loop-confined: the client connection, its flow, the upstream connection and this pool all
/// run on one thread, so a proxied request never changes threads and nothing here is locked.
final class OriginPool {
    let origin: UpstreamOrigin
    private let loop: any EventLoop
    private let limit: Int
    private let connectTimeout: TimeAmount
    private let tls: NIOSSLContext
    /// The loop's end-of-turn flushes, for the pool's connections.
    let flushes: LoopFlushes
    private var idle: [UpstreamConnection] = []
    private var waiting = CircularBuffer<UpstreamExchange>()
    /// Connections open or being opened.
    private var open = 0
    private var connecting = 0

    /// The origin's address when its host is an IP literal.
    private let address: SocketAddress?

    init(origin: UpstreamOrigin, loop: any EventLoop, limit: Int, connectTimeout: TimeAmount, tls: NIOSSLContext, flushes: LoopFlushes) {
        (self.origin, self.loop, self.limit, self.connectTimeout, self.tls, self.flushes) = (origin, loop, limit, connectTimeout, tls, flushes)
        address = try? SocketAddress(ipAddress: origin.host, port: origin.port)
    }

    func acquire(for exchange: UpstreamExchange) {
        while let connection = idle.popLast() {
            if connection.isUsable { return connection.run(exchange) }
        }
        waiting.append(exchange)
        connectIfNeeded()
    }

    /// A connection that finished an answer and may serve another.
    func release(_ connection: UpstreamConnection) {
        if let exchange = nextWaiting() { return connection.run(exchange) }
        idle.append(connection)
    }

    func closed(_ connection: UpstreamConnection) {
        open -= 1
        if let index = idle.firstIndex(where: { $0 === connection }) { idle.remove(at: index) }
        connectIfNeeded()
    }

    private func nextWaiting() -> UpstreamExchange? {
        while let exchange = waiting.popFirst() {
            if !exchange.isDone { return exchange }
        }
        return nil
    }

    private func connectIfNeeded() {
        while connecting < waiting.count, open < limit {
            open += 1
            connecting += 1
            connect()
        }
    }

    private func connect() {
        let origin = origin, tls = tls
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(connectTimeout)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if origin.tls { try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: origin.serverName)) }
                    try pipeline.addHandler(UpstreamConnection())
                }
            }
        // An IP literal needs no resolver: NIO's getaddrinfo and Happy Eyeballs for it were
        // about a fifth of the gateway's CPU while 1,000 streams opened their connections.
        let connecting = address.map { bootstrap.connect(to: $0) } ?? bootstrap.connect(host: origin.host, port: origin.port)
        connecting.assumeIsolated().whenComplete { result in
            self.connecting -= 1
            switch result {
            case .success(let channel):
                guard let connection = try? channel.pipeline.syncOperations.handler(type: UpstreamConnection.self) else {
                    channel.close(promise: nil)
                    return
                }
                connection.pool = self
                if channel.isActive { self.release(connection) }
            case .failure(let error):
                self.open -= 1
                // The origin is unreachable: the oldest waiter learns it (the others are
                // served by the connects still under way, or fail the same way in turn).
                self.nextWaiting()?.failed(UpstreamClient.failure(error))
                self.connectIfNeeded()
            }
        }
    }
}
