import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import OmniCore

/// Performs the engine's `send` actions with AsyncHTTPClient and reports what happens as
/// flow events: the status and headers, each body chunk as it arrives, the end, or the
/// failure. Timeouts other than connect are the engine's (its timers), so none is set here.
final class UpstreamTransport: Sendable {
    let client: HTTPClient

    /// - Parameter connectionsPerHost: AsyncHTTPClient's default of 8 queues streams behind
    ///   each other (FACTS.md: a median first chunk of 1.06 s instead of 0.06 s at 32 streams).
    init(connectTimeout: Span, connectionsPerHost: Int) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .nanoseconds(connectTimeout.nanoseconds), read: nil)
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func shutdown() async throws { try await client.shutdown() }

    /// Runs one upstream attempt to its end, reporting through `report`. Cancelling the task
    /// abandons the request (the engine's `cancelUpstream`).
    func perform(_ request: UpstreamRequest, report: @escaping @Sendable (FlowEvent) -> Void) async {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        let attempt = request.attempt
        do {
            let response = try await client.execute(outgoing, timeout: .hours(24))
            var headers = HeaderFields()
            for header in response.headers { headers.append(header.name, header.value) }
            report(.upstreamHead(attempt: attempt, status: Int(response.status.code), headers: headers, at: WallClock.now()))
            for try await buffer in response.body {
                report(.upstreamChunk(attempt: attempt, bytes: Array(buffer.readableBytesView), at: WallClock.now()))
            }
            report(.upstreamEnd(attempt: attempt, at: WallClock.now()))
        } catch is CancellationError {
            // The engine asked for it; it expects nothing more from this attempt.
        } catch {
            if Task.isCancelled { return }
            report(.upstreamFailed(attempt: attempt, failure: Self.failure(error), at: WallClock.now()))
        }
    }

    /// AsyncHTTPClient's and NIO's errors in the engine's words.
    static func failure(_ error: any Error) -> TransportFailure {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return .connectTimeout
            case .remoteConnectionClosed, .readTimeout: return .connectionReset
            default: break
            }
        }
        let text = String(describing: error).lowercased()
        if text.contains("refused") || text.contains("econnrefused") { return .connectRefused }
        if text.contains("connect") && text.contains("timeout") { return .connectTimeout }
        if text.contains("tls") || text.contains("ssl") || text.contains("certificate") { return .tlsFailure }
        if text.contains("reset") || text.contains("closed") || text.contains("eof") { return .connectionReset }
        return .other
    }
}
