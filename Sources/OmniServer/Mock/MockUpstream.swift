import Hummingbird
import NIOCore
import OmniCore

/// A provider stand-in speaking all four formats, whole and streaming (`omniroute
/// mock-upstream`): for demos, tests and the simulator's live mode. It answers at the
/// paths the vendor SDKs use (the same `Endpoint` table as the gateway's), accepts any key,
/// and behaves as the requested model's name says (`MockBehaviour`).
///
/// Each answer is written once as an OpenAI chat completion (or its SSE stream) and
/// translated into the requested format by the core's own translators.
public struct MockUpstream: Sendable {
    public var host: String
    public var port: Int
    /// Streamed words per second (the pace of a stream's events).
    public var wordsPerSecond: Double

    public init(host: String = "127.0.0.1", port: Int, wordsPerSecond: Double = 200) {
        (self.host, self.port, self.wordsPerSecond) = (host, port, wordsPerSecond)
    }

    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        // Room for thousands of connections before the first is timed (see FileDescriptorTable).
        FileDescriptorTable.reserve(16384)
        let responder = MockResponder(wordsPerSecond: wordsPerSecond)
        let app = Application(responder: responder, configuration: .init(address: .hostname(host, port: port), serverName: "omniroute-mock"),
                              onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) })
        try await app.runService()
    }
}

struct MockResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let wordsPerSecond: Double

    func respond(to request: Request, context: Context) async throws -> Response {
        let endpoint = Endpoint.route(method: request.method.rawValue, path: request.uri.path)
        if case .embeddings = endpoint {
            let answer = MockEmbeddings.answer(await MockResponse.collect(request.body, limit: 64 << 20) ?? [])
            return Response(status: .init(code: answer.status), headers: MockResponse.fields(answer.headers),
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        guard case .generate(let format, let pathModel, let pathStream, _) = endpoint else {
            return MockResponse.json(404, Array(#"{"error":{"message":"mock-upstream: no such endpoint","type":"invalid_request_error"}}"#.utf8))
        }
        let body = await MockResponse.collect(request.body, limit: 64 << 20) ?? []
        let ir: IRRequest
        do {
            ir = try Translator.decodeRequest(try JSONParser.parse(body), from: format)
        } catch {
            return MockResponse.error(GatewayError(status: 400, code: "invalid_request", message: "mock-upstream: \(error)"), format)
        }
        let model = pathModel ?? ir.model ?? "mock"
        let stream = pathStream ?? ir.stream ?? false
        let answer = MockAnswer(request: ir, model: model)
        switch MockBehaviour.of(model: model) {
        case .unavailable:
            return MockResponse.error(GatewayError(status: 503, code: "unavailable", message: "mock-upstream: the model is overloaded"), format)
        case .rateLimited:
            var response = MockResponse.error(GatewayError(status: 429, code: "rate_limit_exceeded", message: "mock-upstream: rate limit reached"), format)
            response.headers[.retryAfter] = "1"
            return response
        case .unauthorized:
            return MockResponse.error(GatewayError(status: 401, code: "invalid_api_key", message: "mock-upstream: invalid API key"), format)
        case .malformed:
            return Response(status: .ok, headers: [.contentType: stream ? "text/event-stream" : "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: stream ? "data: {\"choices\": [\n\n" : "{\"id\": \"broken")))
        case .html:
            return Response(status: .badGateway, headers: [.contentType: "text/html"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>")))
        case .hang:
            try await MockPause.sleep(nanoseconds: 3600 * 1_000_000_000)
            return Response(status: .gatewayTimeout)
        case .slow:
            try await MockPause.sleep(nanoseconds: 1_000_000_000)
        case .stamp:
            return try await stamped(answer, pace: MockStamp(model: model), format: format, stream: stream)
        case .echo, .tool, .think, .cut:
            break
        }
        let cut = MockBehaviour.of(model: model) == .cut
        if !stream {
            var bytes = (try? Translator.translate(answer.whole, kind: .response, from: .openai, to: format, model: model)) ?? answer.whole
            if cut { bytes = Array(bytes.prefix(bytes.count / 2)) }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        let events = answer.streamEvents
        let pause = UInt64(1e9 / max(wordsPerSecond, 1))
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: ResponseBody { writer in
            var translator = StreamTranslator(from: .openai, to: format, model: model)
            let count = cut ? events.count / 2 : events.count
            for (i, event) in events.prefix(count).enumerated() {
                if i > 0 { try await MockPause.sleep(nanoseconds: pause) }
                let out = translator.feed(event)
                if !out.isEmpty { try await writer.write(ByteBuffer(bytes: out)) }
            }
            if cut { throw MockCut() }
            let tail = translator.finish()
            if !tail.isEmpty { try await writer.write(ByteBuffer(bytes: tail)) }
            try await writer.finish(nil)
        })
    }
}

extension MockResponder {
    /// The `stamp` behaviour: after `pace.firstByte`, a stream of `pace.events` text events
    /// `pace.gap` apart, each with the wall clock read just before it is written (`t=<ns>`), so
    /// a client on the same machine can tell how long each event took to reach it (the load
    /// benchmark's relay delay). Whole, one answer with the time it was written.
    func stamped(_ answer: MockAnswer, pace: MockStamp, format: WireFormat, stream: Bool) async throws -> Response {
        try await MockPause.sleep(for: pace.firstByte)
        guard stream else {
            var answer = answer
            answer.text = MockStamp.text(WallClock.now())
            let bytes = (try? Translator.translate(answer.whole, kind: .response, from: .openai, to: format, model: answer.model)) ?? answer.whole
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: ResponseBody { writer in
            var translator = StreamTranslator(from: .openai, to: format, model: answer.model)
            var stamps: [String] = []
            for i in 0..<pace.events {
                if i > 0 { try await MockPause.sleep(for: pace.gap) }
                let stamp = MockStamp.text(WallClock.now())
                stamps.append(stamp)
                let delta: JSON = i == 0 ? .object(["role": "assistant", "content": .string(stamp)]) : .object(["content": .string(" " + stamp)])
                let out = translator.feed(answer.chunk(delta))
                if !out.isEmpty { try await writer.write(ByteBuffer(bytes: out)) }
            }
            var answer = answer
            answer.text = stamps.joined(separator: " ")
            let tail = answer.streamEnd.flatMap { translator.feed($0) } + translator.finish()
            if !tail.isEmpty { try await writer.write(ByteBuffer(bytes: tail)) }
            try await writer.finish(nil)
        })
    }
}

/// Thrown by a `cut` stream's body writer so the connection closes without the chunked end.
struct MockCut: Error {}
