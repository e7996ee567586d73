import NIOCore
import NIOHTTP1
import NIOPosix
import OmniCore

/// One client connection: reads a request (up to the body limit), finds its endpoint, and
/// either answers at once or runs an `EdgeFlow` whose answer it writes, whole or streamed.
/// Answers go out in request order: a request that arrives complete while another is being
/// answered (HTTP/1.1 pipelining) waits its turn, and reading stops while a few wait.
final class EdgeHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let services: EdgeServices
    private var context: ChannelHandlerContext?
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    /// The request's body went over the limit: it was answered with a 413 and the rest of it
    /// is dropped until the connection closes.
    private var rejected = false
    private var flow: EdgeFlow?
    /// A management request is being answered off the loop.
    private var managing = false
    private var keepAlive = true
    private var version = HTTPVersion.http1_1
    /// A request was dispatched and its answer has not ended yet.
    private var answering = false
    /// Pipelined requests read in full while another was being answered, in order.
    private var waiting: [(head: HTTPRequestHead, body: [UInt8])] = []
    /// Waiting requests at which the connection stops reading until they are answered.
    static let waitingLimit = 8
    /// The server is shutting down: the connection closes once the answer in progress ends.
    private var quiescing = false

    init(services: EdgeServices) { self.services = services }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            guard !rejected else { return }
            self.head = head
            body = nil
            if let length = head.headers.first(name: "content-length").flatMap({ Int($0) }), length > services.bodyLimit {
                reject(head)
            }
        case .body(var buffer):
            guard !rejected, let head else { return }
            if body == nil { body = buffer } else { body!.writeBuffer(&buffer) }
            if body!.readableBytes > services.bodyLimit { reject(head) }
        case .end:
            guard !rejected, let head else { return }
            self.head = nil
            let bytes = body.map { Array($0.readableBytesView) } ?? []
            body = nil
            if answering {
                waiting.append((head, bytes))
                if waiting.count == Self.waitingLimit { try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false) }
            } else {
                dispatch(head, bytes)
            }
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
            if flow == nil, head == nil, !managing { context.close(promise: nil) }
            return
        }
        if event is ChannelShouldQuiesceEvent {
            // Shutting down: an idle connection closes now, a busy one after its answer.
            quiescing = true
            if !answering, head == nil { context.close(promise: nil) }
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
    private func reject(_ head: HTTPRequestHead) {
        rejected = true
        body = nil
        // Pipelined behind an answer still being written: the 413 cannot go out in order.
        if answering { context?.close(promise: nil); return }
        let format: WireFormat
        if case .generate(let endpointFormat, _, _, _) = Endpoint.route(method: head.method.rawValue, path: Self.path(of: head.uri)) {
            format = endpointFormat
        } else {
            format = .openai
        }
        keepAlive = false
        version = head.version
        respond(GatewayError(status: 413, code: "request_too_large",
                             message: "request body is over the limit of \(services.bodyLimit) bytes").response(for: format))
    }

    private func dispatch(_ head: HTTPRequestHead, _ body: [UInt8]) {
        answering = true
        keepAlive = head.isKeepAlive && !quiescing
        version = head.version
        let path = Self.path(of: head.uri)
        switch Endpoint.route(method: head.method.rawValue, path: path) {
        case .generate(let format, let pathModel, let pathStream, let provider):
            run(IncomingRequest(format: format, body: body, pathModel: pathModel, pathStream: pathStream, provider: provider,
                                gatewayKey: Self.gatewayKey(head).map(services.keyHasher.hash), headers: Self.fields(head), at: WallClock.now()))
        case .embeddings(let provider):
            run(IncomingRequest(format: .openai, kind: .embeddings, body: body, provider: provider,
                                gatewayKey: Self.gatewayKey(head).map(services.keyHasher.hash), headers: Self.fields(head), at: WallClock.now()))
        case .management:
            manage(head, path: path, body: body)
        case let other:
            respond(EdgeRoutes.answer(other, method: head.method.rawValue, path: path, services: services))
        }
    }

    private func run(_ incoming: IncomingRequest) {
        guard let context else { return }
        // Parsed here, before the flow takes the state all loops share (see RequestBody).
        var incoming = incoming
        incoming.readBody()
        let flow = EdgeFlow(services: services, loop: context.eventLoop, edge: self)
        self.flow = flow
        flow.handle(.arrived(incoming))
    }

    /// Management writes to SQLite, which blocks: it runs on NIO's blocking-I/O pool and the
    /// answer comes back to this loop.
    private func manage(_ head: HTTPRequestHead, path: String, body: [UInt8]) {
        guard let management = services.management, let context else {
            return respond(GatewayError(status: 503, code: "management_unavailable",
                                        message: "management needs a data directory (serve --data-dir)").response(for: .openai))
        }
        let method = head.method.rawValue, key = Self.gatewayKey(head).map(services.keyHasher.hash)
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

    func respond(_ response: ClientResponse) {
        guard let context else { return }
        var headers = Self.headers(response.headers)
        headers.replaceOrAdd(name: "content-length", value: String(response.body.count))
        writeHead(status: response.status, headers: headers, context: context)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        writeEnd(context: context)
    }

    func startStream(_ fields: HeaderFields) {
        guard let context else { return }
        var headers = Self.headers(fields)
        headers.remove(name: "content-length")
        writeHead(status: 200, headers: headers, context: context)
        context.flush()
    }

    /// One event as it came: written and flushed, so the client sees it now. When the socket
    /// cannot take more, the upstream is not read until it can.
    func relay(_ bytes: [UInt8]) {
        guard let context else { return }
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
        if !context.channel.isWritable { flow?.pause() }
    }

    func endStream() {
        guard let context else { return }
        writeEnd(context: context)
    }

    func flowFinished(_ finished: EdgeFlow) {
        if flow === finished { flow = nil }
    }

    private func writeHead(status: Int, headers: HTTPHeaders, context: ChannelHandlerContext) {
        var headers = headers
        if !keepAlive { headers.replaceOrAdd(name: "connection", value: "close") }
        else if version == .http1_0 { headers.replaceOrAdd(name: "connection", value: "keep-alive") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: headers))),
                      promise: nil)
    }

    private func writeEnd(context: ChannelHandlerContext) {
        if keepAlive, !quiescing {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            answerEnded(context: context)
        } else {
            answering = false
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    // MARK: reading the request

    static func path(of uri: String) -> String {
        guard let mark = uri.firstIndex(of: "?") else { return uri }
        return String(uri[..<mark])
    }

    /// `Authorization: Bearer` (OpenAI SDK), `x-api-key` (Anthropic SDK), `x-goog-api-key`
    /// or `?key=` (google-genai).
    static func gatewayKey(_ head: HTTPRequestHead) -> String? {
        if let authorization = head.headers.first(name: "authorization") {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]).trimmingSpaces }
        }
        if let key = head.headers.first(name: "x-api-key") { return key.trimmingSpaces }
        if let key = head.headers.first(name: "x-goog-api-key") { return key.trimmingSpaces }
        guard let mark = head.uri.firstIndex(of: "?") else { return nil }
        for pair in head.uri[head.uri.index(after: mark)...].split(separator: "&") where pair.hasPrefix("key=") {
            let value = String(pair.dropFirst(4))
            return value.removingPercentEncoding ?? value
        }
        return nil
    }

    /// The request's headers as the engine reads them (names compared without case there).
    static func fields(_ head: HTTPRequestHead) -> HeaderFields {
        var fields = HeaderFields()
        for (name, value) in head.headers { fields.append(name, value) }
        return fields
    }

    static func headers(_ fields: HeaderFields) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for field in fields { headers.add(name: field.name, value: field.value) }
        return headers
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
