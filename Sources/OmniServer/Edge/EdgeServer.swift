import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOPosix
import ServiceLifecycle

/// The gateway's HTTP/1.1 listener on SwiftNIO, as a ServiceLifecycle service.
///
/// Graceful shutdown (SIGTERM/SIGINT through the service group) stops accepting, closes idle
/// keep-alive connections, lets requests in flight finish, then returns; cancellation (the
/// group's grace ran out, or a test stopping it) closes every connection at once, which
/// cancels their flows and upstream requests.
final class EdgeServer: Service {
    private let host: String
    private let port: Int
    private let services: EdgeServices
    private let onRunning: @Sendable (Int) async -> Void
    private let group: any EventLoopGroup
    private let connections = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])

    init(host: String, port: Int, services: EdgeServices, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
         onRunning: @escaping @Sendable (Int) async -> Void) {
        (self.host, self.port, self.services, self.group, self.onRunning) = (host, port, services, group, onRunning)
    }

    func run() async throws {
        let quiescing = ServerQuiescingHelper(group: group)
        let services = self.services, connections = self.connections
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let id = ObjectIdentifier(channel)
                connections.withLockedValue { $0[id] = channel }
                channel.closeFuture.whenComplete { _ in _ = connections.withLockedValue { $0.removeValue(forKey: id) } }
                return channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    // A keep-alive connection idle this long is closed (nginx's default).
                    try pipeline.addHandler(IdleStateHandler(readTimeout: .seconds(75)))
                    // HTTP/1.1 is read and written by EdgeHandler itself (HTTP1Parser,
                    // HTTP1Writer): NIO's codec handlers cost more than the parsing under load.
                    try pipeline.addHandler(EdgeHandler(services: services))
                }
            }
            .bind(host: host, port: port).get()
        await onRunning(listener.localAddress?.port ?? 0)

        let drained = group.next().makePromise(of: Void.self)
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await drained.futureResult.get()
            } onGracefulShutdown: {
                quiescing.initiateShutdown(promise: drained)
            }
        } onCancel: {
            listener.close(promise: nil)
            for channel in connections.withLockedValue({ Array($0.values) }) { channel.close(promise: nil) }
            drained.succeed(())
        }
    }
}
