import NIOCore
import NIOPosix
import NIOSSL
import OmniCore

/// The gateway's upstream HTTP/1.1 client: a connection pool per event loop and origin.
///
/// An exchange runs on the event loop of the client connection that asked for it, so a
/// proxied request stays on one thread from the client's bytes to the upstream's answer
/// (AsyncHTTPClient's async API, measured in docs/server.md, cost about 220 µs a request in
/// thread hops on this machine). Written on SwiftNIO's HTTP codec, TLS by swift-nio-ssl.
final class UpstreamClient: Sendable {
    private let pools: [ObjectIdentifier: LoopPools]
    let group: any EventLoopGroup

    /// - Parameter connectionsPerHost: the limit per origin, shared evenly by the loops; a
    ///   stream holds one for its whole length (FACTS.md: 8 queues streams behind each other).
    /// - Parameter extraTrustRoots: a PEM file of certificates trusted besides the system's
    ///   (a private upstream, a corporate TLS proxy).
    init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, connectTimeout: Span, connectionsPerHost: Int,
         extraTrustRoots: String? = nil) throws {
        self.group = group
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.applicationProtocols = ["http/1.1"]
        if let extraTrustRoots { configuration.additionalTrustRoots = [.file(extraTrustRoots)] }
        let tls = try NIOSSLContext(configuration: configuration)
        let loops = Array(group.makeIterator())
        let perLoop = max(1, (connectionsPerHost + loops.count - 1) / loops.count)
        let timeout = TimeAmount.nanoseconds(max(1, connectTimeout.nanoseconds))
        var pools: [ObjectIdentifier: LoopPools] = [:]
        for loop in loops {
            pools[ObjectIdentifier(loop)] = LoopPools(loop: loop, limit: perLoop, connectTimeout: timeout, tls: tls)
        }
        self.pools = pools
    }

    /// Starts an attempt on `loop` (the caller's), reporting to `report` on that loop.
    func execute(_ request: consuming UpstreamRequest, on loop: any EventLoop, report: @escaping (FlowEvent) -> Void) -> UpstreamExchange? {
        loop.preconditionInEventLoop()
        guard let pools = pools[ObjectIdentifier(loop)]?.value, let target = pools.target(for: request.url) else {
            report(.upstreamFailed(attempt: request.attempt, failure: .other, at: WallClock.now()))
            return nil
        }
        let exchange = UpstreamExchange(request: request, target: target, report: report)
        pools.pool(for: target.origin).acquire(for: exchange)
        return exchange
    }

    /// `loop`'s end-of-turn flushes (the caller's loop), which its client connections share
    /// with its upstream ones: one flush task a turn for both.
    func flushes(on loop: any EventLoop) -> LoopFlushes {
        loop.preconditionInEventLoop()
        return pools[ObjectIdentifier(loop)]?.value.flushes ?? LoopFlushes(loop: loop)
    }

    /// NIO's and swift-nio-ssl's errors in the engine's words.
    static func failure(_ error: any Error) -> TransportFailure {
        if case .connectTimeout? = error as? ChannelError { return .connectTimeout }
        // An answer that is not HTTP/1.1 (HTTP1Parser refused it).
        if error is HTTP1ParseError { return .other }
        if error is NIOSSLError || error is BoringSSLError { return .tlsFailure }
        if let error = error as? NIOConnectionError {
            // No address at all (DNS) is as unreachable as a refused connect for the engine.
            return error.connectionErrors.contains(where: { "\($0.error)".lowercased().contains("timeout") }) ? .connectTimeout : .connectRefused
        }
        let text = String(describing: error).lowercased()
        if text.contains("refused") { return .connectRefused }
        if text.contains("timeout") || text.contains("timed out") { return .connectTimeout }
        if text.contains("reset") || text.contains("closed") || text.contains("eof") { return .connectionReset }
        return .other
    }
}

/// One loop's pools by origin, reached from that loop only.
final class LoopPools: @unchecked Sendable {
    private let loop: any EventLoop
    private let limit: Int
    private let connectTimeout: TimeAmount
    private let tls: NIOSSLContext
    private var origins: [UpstreamOrigin: OriginPool] = [:]
    /// URLs already split: a gateway sends to a handful of endpoints, and splitting one was
    /// about 2 % of a proxied request (perf); bounded for a config with very many.
    private var targets: [String: UpstreamTarget] = [:]
    /// The loop's flushes at the end of its turn, shared by its upstream and client connections.
    let flushes: LoopFlushes

    init(loop: any EventLoop, limit: Int, connectTimeout: TimeAmount, tls: NIOSSLContext) {
        (self.loop, self.limit, self.connectTimeout, self.tls) = (loop, limit, connectTimeout, tls)
        flushes = LoopFlushes(loop: loop)
    }

    /// Only its own loop touches it, hence the unchecked Sendable above.
    var value: LoopPools {
        loop.preconditionInEventLoop()
        return self
    }

    func target(for url: String) -> UpstreamTarget? {
        if let known = targets[url] { return known }
        guard let target = UpstreamTarget(url: url) else { return nil }
        if targets.count >= 1024 { targets.removeAll(keepingCapacity: true) }
        targets[url] = target
        return target
    }

    func pool(for origin: UpstreamOrigin) -> OriginPool {
        if let pool = origins[origin] { return pool }
        let pool = OriginPool(origin: origin, loop: loop, limit: limit, connectTimeout: connectTimeout, tls: tls, flushes: flushes)
        origins[origin] = pool
        return pool
    }
}
