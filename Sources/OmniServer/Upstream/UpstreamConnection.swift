import NIOCore
import OmniCore

/// One keep-alive HTTP/1.1 connection to an upstream origin, running one exchange at a time.
/// The last handler of its channel's pipeline; loop-confined like everything in a pool.
final class UpstreamConnection: ChannelInboundHandler, RemovableChannelHandler, FlushesAtTurnEnd {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Kept from `handlerAdded`: writes start at this handler, so they pass TLS if any.
    private var context: ChannelHandlerContext?
    /// A 2xx head keeps only the fields the engine reads of it.
    private var reader = HTTP1Reader(HTTP1Parser(kind: .response, successFieldsKept: RequestFlow.successFieldsRead))
    private var channel: (any Channel)? { context?.channel }
    weak var pool: OriginPool?
    /// The channel's, kept: `context.channel` retains the channel on every call.
    private var allocator = ByteBufferAllocator()
    private var exchange: UpstreamExchange?
    /// Whether the connection may serve another request after this answer.
    private var keepAlive = true
    private var answered = false
    /// Served a request before: a close before any answer may be the server's idle close.
    private var reused = false
    private var reading = true
    /// Why the connection is closing, when it closes on an error (a TLS handshake refused, a
    /// reset): the exchange is told that rather than a plain reset.
    private var closingError: (any Error)?

    var isUsable: Bool { channel?.isActive == true && exchange == nil && keepAlive }

    /// Sends the exchange's request: head and body in one write.
    func run(_ exchange: UpstreamExchange) {
        guard let context else { return exchange.failed(.connectionReset) }
        self.exchange = exchange
        exchange.state = .running(self)
        answered = false
        if exchange.paused { setReading(false) }
        var out = allocator.buffer(capacity: exchange.request.body.count + 512)
        exchange.writeRequest(into: &out)
        context.write(wrapOutboundOut(out), promise: nil)
        if let pool { pool.flushes.flushAtTurnEnd(self) } else { context.flush() }
    }

    var flushWaits = false
    func flushWritten() { context?.flush() }

    /// The engine gave up on the exchange mid-answer: the rest of the answer would arrive on
    /// this connection, so it cannot be reused.
    func abandon(_ exchange: UpstreamExchange) {
        guard self.exchange === exchange else { return }
        self.exchange = nil
        keepAlive = false
        channel?.close(promise: nil)
    }

    func setReading(_ on: Bool) {
        guard on != reading, let channel else { return }
        reading = on
        try? channel.syncOptions?.setOption(ChannelOptions.autoRead, value: on)
        if on { channel.read() }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        allocator = context.channel.allocator
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        reader.append(unwrapInboundIn(data))
        do {
            while let part = try reader.next() { received(part, context: context) }
        } catch {
            // Not HTTP/1.1: nothing more on this connection can be trusted.
            if closingError == nil { closingError = error.error }
            keepAlive = false
            context.close(promise: nil)
        }
    }

    private func received(_ part: HTTP1Parser.Part, context: ChannelHandlerContext) {
        switch part {
        case .response(let head):
            // 1xx answers (100 Continue) are not the answer.
            if head.status < 200 { return }
            answered = true
            keepAlive = head.keepAlive
            exchange?.received(head)
        case .body(let buffer):
            exchange?.received(buffer)
        case .end:
            guard let exchange else { return }
            self.exchange = nil
            reused = true
            if !reading { setReading(true) }
            // Back to the pool first, so the next request can have it at once.
            if keepAlive, context.channel.isActive { pool?.release(self) } else { context.close(promise: nil) }
            exchange.ended()
        case .request:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // An answer framed by the close (no length, not chunked) ends here.
        if case .end? = reader.parser.connectionClosed() { received(.end, context: context) }
        keepAlive = false
        pool?.closed(self)
        guard let exchange else { return }
        self.exchange = nil
        if reused, !answered, !exchange.resent, let pool {
            exchange.resent = true
            exchange.state = .waiting
            pool.acquire(for: exchange)
        } else {
            exchange.failed(closingError.map(UpstreamClient.failure) ?? .connectionReset)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if closingError == nil { closingError = error }
        context.close(promise: nil)
    }
}
