import HTTPTypes
import Hummingbird
import NIOCore
import OmniCore

/// The HTTP edge: finds the endpoint, reads the gateway key from wherever the client's SDK
/// puts it, reads the body up to the limit, and hands everything else to the engine.
/// Every error here is answered in the client's own format, as JSON.
struct GatewayResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let gateway: SharedGateway
    let transport: UpstreamTransport
    let bodyLimit: Int
    let metrics: GatewayMetrics
    let onRecord: @Sendable (UsageRecord) -> Void

    func respond(to request: Request, context: Context) async throws -> Response {
        switch Endpoint.route(method: request.method.rawValue, path: request.uri.path) {
        case .generate(let format, let pathModel, let pathStream, let provider):
            return await generate(request, format: format, pathModel: pathModel, pathStream: pathStream, provider: provider)
        case .models:
            return Self.json(200, ModelList.body(table: gateway.table))
        case .health:
            return Self.json(200, HealthReport.body(gateway.health(now: WallClock.now())))
        case .metrics:
            let text = metrics.exposition(health: gateway.health(now: WallClock.now()))
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        case .embeddings:
            return Self.error(GatewayError(status: 501, code: "not_implemented", message: "POST /v1/embeddings is not served yet"), .openai)
        case .wrongMethod(let format, let allowed):
            var response = Self.error(GatewayError(status: 405, code: "method_not_allowed",
                                                   message: "\(request.method.rawValue) is not allowed on \(request.uri.path); use \(allowed)"), format)
            response.headers[.allow] = allowed
            return response
        case .notFound:
            return Self.error(GatewayError(status: 404, code: "not_found", message: "no endpoint at \(request.method.rawValue) \(request.uri.path)"), .openai)
        }
    }

    private func generate(_ request: Request, format: WireFormat, pathModel: String?, pathStream: Bool?, provider: String?) async -> Response {
        let body: [UInt8]
        switch await Self.collect(request.body, limit: bodyLimit) {
        case .some(let bytes): body = bytes
        case .none:
            return Self.error(GatewayError(status: 413, code: "request_too_large",
                                           message: "request body is over the limit of \(bodyLimit) bytes"), format)
        }
        var headers = HeaderFields()
        for field in request.headers { headers.append(field.name.canonicalName, field.value) }
        let incoming = IncomingRequest(format: format, body: body, pathModel: pathModel, pathStream: pathStream, provider: provider,
                                       gatewayKey: Self.gatewayKey(request), headers: headers, at: WallClock.now())
        let driver = FlowDriver(gateway: gateway, transport: transport, onRecord: onRecord)
        switch await driver.begin(incoming) {
        case .whole(let response):
            return Response(status: .init(code: response.status), headers: Self.fields(response.headers),
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
        case .stream(let headers):
            return Response(status: .ok, headers: Self.fields(headers), body: ResponseBody { writer in
                try await driver.stream(into: &writer)
            })
        }
    }

    /// The body, or nil when it is over the limit.
    static func collect(_ body: RequestBody, limit: Int) async -> [UInt8]? {
        var bytes: [UInt8] = []
        do {
            for try await buffer in body {
                if bytes.count + buffer.readableBytes > limit { return nil }
                bytes.append(contentsOf: buffer.readableBytesView)
            }
        } catch {
            return bytes
        }
        return bytes
    }

    /// `Authorization: Bearer` (OpenAI SDK), `x-api-key` (Anthropic SDK), `x-goog-api-key`
    /// or `?key=` (google-genai).
    static func gatewayKey(_ request: Request) -> String? {
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]).trimmingSpaces }
        }
        if let name = HTTPField.Name("x-api-key"), let key = request.headers[name] { return key.trimmingSpaces }
        if let name = HTTPField.Name("x-goog-api-key"), let key = request.headers[name] { return key.trimmingSpaces }
        if let key = request.uri.queryParameters["key"] { return String(key) }
        return nil
    }

    static func fields(_ headers: HeaderFields) -> HTTPFields {
        var fields = HTTPFields()
        for field in headers { if let name = HTTPField.Name(field.name) { fields.append(HTTPField(name: name, value: field.value)) } }
        return fields
    }

    static func json(_ status: Int, _ body: [UInt8]) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func error(_ error: GatewayError, _ format: WireFormat) -> Response {
        let response = error.response(for: format)
        return Response(status: .init(code: response.status), headers: fields(response.headers), body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
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
