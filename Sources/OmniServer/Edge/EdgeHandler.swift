import Foundation
import NIOCore
import NIOPosix
import OmniCore

/// One client connection: reads a request (up to the body limit), finds its endpoint, and
/// either answers at once or runs an `EdgeFlow` whose answer it writes, whole or streamed.
/// Answers go out in request order: a request that arrives complete while another is being
/// answered (HTTP/1.1 pipelining) waits its turn, and reading stops while a few wait.
final class EdgeHandler: ChannelInboundHandler, FlushesAtTurnEnd {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let services: EdgeServices
    private var context: ChannelHandlerContext?
    private var reader: HTTP1Reader
    private var head: HTTP1RequestHead?
    private var body: [UInt8] = []
    /// The request's body went over the limit: it was answered with a 413 and the rest of it
    /// is dropped until the connection closes.
    private var rejected = false
    private var flow: EdgeFlow?
    /// A management request is being answered off the loop.
    private var managing = false
    private var keepAlive = true
    private var minorVersion = 1
    /// The answer in progress is a HEAD's: its head only.
    private var headOnly = false
    /// The streamed answer in progress is chunked (HTTP/1.1); HTTP/1.0 streams end at the close.
    private var chunked = false
    /// A request was dispatched and its answer has not ended yet.
    private var answering = false
    /// Pipelined requests read in full while another was being answered, in order.
    private var waiting: [(head: HTTP1RequestHead, body: [UInt8])] = []
    /// Waiting requests at which the connection stops reading until they are answered.
    static let waitingLimit = 8
    /// The server is shutting down: the connection closes once the answer in progress ends.
    private var quiescing = false
    /// The key this connection presented last, and its hash: a keep-alive client sends the
    /// same key with every request, and the keyed hash is a few microseconds.
    private var lastKey: (presented: String, hash: KeyHash)?
    /// This connection's loop's timers, for its flows.
    private var timers: LoopTimers?
    /// The channel's, kept: `context.channel` retains the channel on every call.
    private var allocator = ByteBufferAllocator()
    /// This connection's loop's end-of-turn flushes.
    private var flushes: LoopFlushes?
    var flushWaits = false

    init(services: EdgeServices) {
        self.services = services
        reader = HTTP1Reader(HTTP1Parser(kind: .request, bodyLimit: services.bodyLimit))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        allocator = context.channel.allocator
        timers = services.timers.for(context.eventLoop)
        flushes = services.client.flushes(on: context.eventLoop)
    }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !rejected else { return }
        reader.append(unwrapInboundIn(data))
        do {
            while !rejected, let part = try reader.next() { received(part, context: context) }
        } catch {
            refuse(error.error, requestLine: error.unread)
        }
    }

    /// Takes `part` over: its head is moved into `head`, not copied.
    private func received(_ part: consuming HTTP1Parser.Part, context: ChannelHandlerContext) {
        switch consume part {
        case .request(let head):
            body = []
            if let length = head.contentLength {
                if length > services.bodyLimit {
                    self.head = head
                    return reject(head)
                }
                body.reserveCapacity(length)
            }
            let expectsContinue = head.expectsContinue
            // Its last use: moved in, not copied.
            self.head = head
            // The client waits for this before it sends the body (curl does for large ones).
            if expectsContinue, !answering {
                var out = allocator.buffer(capacity: 32)
                out.writeStaticString("HTTP/1.1 100 Continue\r\n\r\n")
                context.writeAndFlush(wrapOutboundOut(out), promise: nil)
            }
        case .body(let buffer):
            guard head != nil else { return }
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            self.head = nil
            let bytes = body
            body = []
            if answering {
                waiting.append((head, bytes))
                if waiting.count == Self.waitingLimit { try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false) }
            } else {
                dispatch(head, bytes)
            }
        case .response:
            break
        }
    }

    /// The answer in progress ended: the next waiting request, if any, is answered.
    private func answerEnded(context: ChannelHandlerContext) {
        answering = false
        guard !waiting.isEmpty, keepAlive, !quiescing else { return }
        let next = waiting.removeFirst()
        if waiting.count == Self.waitingLimit - 1 {
            try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
            context.read()
        }
        answering = true
        // On the next turn of the loop: this runs inside the finished answer's last write.
        context.eventLoop.assumeIsolated().execute { self.dispatch(next.head, next.body) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        flow?.clientGone()
        flow = nil
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { flow?.resume() }
        context.fireChannelWritabilityChanged()
    }

    /// An idle keep-alive connection closes; one whose answer is still streaming does not
    /// (a client reading a long stream sends nothing meanwhile).
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            if flow == nil, head == nil, !managing, !answering { context.close(promise: nil) }
            return
        }
        if event is ChannelShouldQuiesceEvent {
            // Shutting down: an idle connection closes now, a busy one after its answer.
            quiescing = true
            if !answering, head == nil, reader.parser.isBetweenMessages { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    // MARK: requests

    /// A 413 in the client's format before the body is read, then the connection closes:
    /// reading on would mean taking in the very bytes the limit is there to refuse.
    private func reject(_ head: HTTP1RequestHead?) {
        refuse(HTTP1ParseError(status: 413, reason: "request body is over the limit of \(services.bodyLimit) bytes"), head: head)
    }

    /// Bytes that are not an HTTP/1.1 request we can read (or a body over the limit): an error
    /// in the client's format if its endpoint is known (OpenAI's otherwise), then the close.
    private func refuse(_ error: HTTP1ParseError, head: HTTP1RequestHead? = nil, requestLine: ByteBuffer? = nil) {
        rejected = true
        body = []
        reader.dropUnread()
        // Pipelined behind an answer still being written: the error cannot go out in order.
        if answering { context?.close(promise: nil); return }
        let head = head ?? self.head
        // The endpoint from the parsed head, else from the request line of a head that failed.
        let route = head.map { (method: $0.method, path: String($0.path)) } ?? requestLine.flatMap(Self.methodAndPath)
        var format = WireFormat.openai
        if let route, case .generate(let endpointFormat, _, _, _) = Endpoint.route(method: route.method, path: route.path) {
            format = endpointFormat
        }
        answering = true
        keepAlive = false
        minorVersion = head?.minorVersion ?? 1
        headOnly = false
        let code = switch error.status {
        case 413: "request_too_large"
        case 431: "request_header_fields_too_large"
        case 501: "not_implemented"
        case 505: "http_version_not_supported"
        default: "invalid_request"
        }
        respond(GatewayError(status: error.status, code: code, message: error.reason).response(for: format))
    }

    private func dispatch(_ head: HTTP1RequestHead, _ body: [UInt8]) {
        answering = true
        keepAlive = head.keepAlive && !quiescing
        minorVersion = head.minorVersion
        headOnly = head.method == "HEAD"
        let path = String(head.path)
        switch Endpoint.route(method: head.method, path: path) {
        case .generate(let format, let pathModel, let pathStream, let provider):
            run(IncomingRequest(format: format, body: body, pathModel: pathModel, pathStream: pathStream, provider: provider,
                                gatewayKey: gatewayKey(head), headers: head.headers, at: WallClock.now()))
        case .embeddings(let provider):
            run(IncomingRequest(format: .openai, kind: .embeddings, body: body, provider: provider,
                                gatewayKey: gatewayKey(head), headers: head.headers, at: WallClock.now()))
        case .management:
            manage(head, path: path, body: body)
        case let other:
            respond(EdgeRoutes.answer(other, method: head.method, path: path, services: services))
        }
    }

    private func run(_ incoming: consuming IncomingRequest) {
        guard let context, let timers else { return }
        // Parsed here, before the flow takes the state all loops share (see RequestBody).
        incoming.readBody()
        let flow = EdgeFlow(services: services, loop: context.eventLoop, timers: timers, edge: self)
        self.flow = flow
        flow.handle(.arrived(incoming))
    }

    /// The presented key's hash, from the last request's when the key is the same.
    /// The key is compared where it sits in the head; a string of it is made only for a new one.
    private func gatewayKey(_ head: HTTP1RequestHead) -> KeyHash? {
        guard let presented = Self.gatewayKey(head) else { return nil }
        if let lastKey, lastKey.presented.utf8.elementsEqual(presented.utf8) { return lastKey.hash }
        let key = String(presented)
        let hash = services.keyHasher.hash(key)
        lastKey = (key, hash)
        return hash
    }

    /// Management writes to SQLite, which blocks: it runs on NIO's blocking-I/O pool and the
    /// answer comes back to this loop.
    private func manage(_ head: HTTP1RequestHead, path: String, body: [UInt8]) {
        guard let management = services.management, let context else {
            return respond(GatewayError(status: 503, code: "management_unavailable",
                                        message: "management needs a data directory (serve --data-dir)").response(for: .openai))
        }
        let method = head.method, key = gatewayKey(head)
        managing = true
        NIOThreadPool.singleton.runIfActive(eventLoop: context.eventLoop) { () -> ClientResponse? in
            var random = SystemRandomNumberGenerator()
            return management.handle(method: method, path: path, body: body, presentedKey: key, now: WallClock.now(), random: &random)
        }.assumeIsolated().whenComplete { result in
            self.managing = false
            switch result {
            case .success(let response?): self.respond(response)
            case .success(nil): self.respond(GatewayError(status: 404, code: "not_found", message: "no endpoint at \(method) \(path)").response(for: .openai))
            case .failure: self.respond(GatewayError(status: 503, code: "shutting_down", message: "the gateway is shutting down").response(for: .openai))
            }
        }
    }

    // MARK: answers (called by the flow)

    /// A whole answer: head and body in one write.
    func respond(_ response: ClientResponse) {
        guard let context else { return }
        var out = allocator.buffer(capacity: response.body.count + 256)
        writeHead(status: response.status, fields: response.headers, into: &out)
        HTTP1Writer.contentLength(response.body.count, into: &out)
        out.writeStaticString("\r\n")
        if !headOnly { out.writeBytes(response.body) }
        write(out, endingAnswer: true, context: context)
    }

    func startStream(_ fields: HeaderFields) {
        guard let context else { return }
        var out = allocator.buffer(capacity: 256)
        // HTTP/1.0 has no chunks: the stream ends with the connection.
        chunked = minorVersion == 1
        if !chunked { keepAlive = false }
        writeHead(status: 200, fields: fields, into: &out)
        if chunked { out.writeStaticString("transfer-encoding: chunked\r\n") }
        out.writeStaticString("\r\n")
        write(out, endingAnswer: false, context: context)
    }

    /// One event as it came: written and flushed, so the client sees it now. When the socket
    /// cannot take more, the upstream is not read until it can.
    func relay(_ bytes: [UInt8]) {
        guard let context, !headOnly, !bytes.isEmpty else { return }
        var out = allocator.buffer(capacity: bytes.count + 12)
        if chunked { HTTP1Writer.chunk(bytes, into: &out) } else { out.writeBytes(bytes) }
        write(out, endingAnswer: false, context: context)
        if !context.channel.isWritable { flow?.pause() }
    }

    func endStream() {
        guard let context else { return }
        var out = allocator.buffer(capacity: 8)
        if chunked, !headOnly { out.writeStaticString(HTTP1Writer.lastChunk) }
        write(out, endingAnswer: true, context: context)
    }

    func flowFinished(_ finished: EdgeFlow) {
        if flow === finished { flow = nil }
    }

    /// Status line, the answer's fields and the connection's, without the blank line.
    private func writeHead(status: Int, fields: HeaderFields, into out: inout ByteBuffer) {
        HTTP1Writer.statusLine(status, minorVersion: minorVersion, into: &out)
        HTTP1Writer.fields(fields, into: &out)
        if !keepAlive || quiescing { out.writeStaticString("connection: close\r\n") }
        else if minorVersion == 0 { out.writeStaticString("connection: keep-alive\r\n") }
    }

    private func write(_ out: ByteBuffer, endingAnswer: Bool, context: ChannelHandlerContext) {
        guard endingAnswer else { return writeAtTurnEnd(out, context: context) }
        chunked = false
        if keepAlive, !quiescing {
            writeAtTurnEnd(out, context: context)
            answerEnded(context: context)
        } else {
            answering = false
            context.writeAndFlush(wrapOutboundOut(out)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    /// Writes now and flushes at the end of the loop's turn (`LoopFlushes`).
    private func writeAtTurnEnd(_ out: ByteBuffer, context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(out), promise: nil)
        if let flushes { flushes.flushAtTurnEnd(self) } else { context.flush() }
    }

    func flushWritten() { context?.flush() }

    // MARK: reading the request

    /// The method and path of a request line that begins `bytes`, however bad the rest.
    static func methodAndPath(_ bytes: ByteBuffer) -> (method: String, path: String)? {
        let line = bytes.readableBytesView.prefix(8192).prefix { $0 != .lf && $0 != .cr }
        let parts = line.split(separator: .space, maxSplits: 2)
        guard parts.count >= 2 else { return nil }
        let target = parts[1].prefix { $0 != UInt8(ascii: "?") }
        return (String(decoding: parts[0], as: UTF8.self), String(decoding: target, as: UTF8.self))
    }

    /// `Authorization: Bearer` (OpenAI SDK), `x-api-key` (Anthropic SDK), `x-goog-api-key`
    /// or `?key=` (google-genai).
    /// The key as presented, without its spaces: a part of the head's own string (no copy).
    static func gatewayKey(_ head: HTTP1RequestHead) -> Substring? {
        if let authorization = head.headers["authorization"], authorization.utf8.count > 7,
           ASCIICase.equal(String(authorization.utf8.prefix(7))!, "bearer ") {
            return Substring(authorization.utf8.dropFirst(7)).trimmingSpaces
        }
        if let key = head.headers["x-api-key"] { return Substring(key).trimmingSpaces }
        if let key = head.headers["x-goog-api-key"] { return Substring(key).trimmingSpaces }
        guard let mark = head.target.firstIndex(of: "?") else { return nil }
        for pair in head.target[head.target.index(after: mark)...].split(separator: "&") where pair.hasPrefix("key=") {
            let value = String(pair.dropFirst(4))
            return Substring(value.removingPercentEncoding ?? value)
        }
        return nil
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.utf8.first == .space { s = s.dropFirst() }
        while s.utf8.last == .space { s = s.dropLast() }
        return s
    }
}
