@testable import OmniCore

/// What a scripted upstream does with one request.
enum ScriptedAnswer {
    case whole(status: Int, headers: HeaderFields = ["content-type": "application/json"], body: String)
    case stream(chunks: [String], ends: Bool = true)
    case fail(TransportFailure)
    /// Never answers (the flow's timers must end it).
    case hang
    /// Headers, then silence.
    case headThenHang(status: Int)
}

/// What a driver has in store for a flow: queued upstream events first, then the earliest of
/// the flow's timers.
struct PendingEvents {
    var queue: [FlowEvent] = []
    var timers: [(FlowTimer, Instant)] = []

    /// The next event; a timer moves `now` on to its deadline. Nil when nothing is pending.
    mutating func next(now: inout Instant) -> FlowEvent? {
        if !queue.isEmpty { return queue.removeFirst() }
        guard let next = timers.min(by: { $0.1 < $1.1 }) else { return nil }
        timers.removeAll { $0.0 == next.0 && $0.1 == next.1 }
        now = max(now, next.1)
        return .timerFired(next.0, at: now)
    }

    /// A cancelled attempt's events do not come.
    mutating func cancel(attempt: Int) {
        queue.removeAll { event in
            switch event {
            case .upstreamHead(let a, _, _, _), .upstreamChunk(let a, _, _), .upstreamEnd(let a, _), .upstreamFailed(let a, _, _): return a == attempt
            default: return false
            }
        }
    }
}

/// Drives `RequestFlow`s on a test clock against a scripted transport: no sockets, no
/// sleeping. Timers are kept in a list and fired when the clock passes them.
struct FlowHarness {
    var table: RoutingTable
    var state: GatewayState
    var now = Instant(seconds: 1_780_000_000)

    struct Outcome {
        var sends: [UpstreamRequest] = []
        var response: ClientResponse?
        var streamHeaders: HeaderFields?
        var streamed: [UInt8] = []
        var streamEnded = false
        var record: UsageRecord?
        var notices: [GatewayNotice] = []
        var cancelled: [Int] = []
        var streamText: String { String(decoding: streamed, as: UTF8.self) }
        var bodyText: String { String(decoding: response?.body ?? [], as: UTF8.self) }
    }

    init(config: GatewayConfig, catalog: Catalog = Catalog(), seed: UInt64 = 1) throws {
        table = try RoutingTable(catalog: catalog, config: config)
        state = GatewayState(table: table, seed: seed)
    }

    mutating func advance(_ span: Span) { now = now + span }

    /// One request from arrival to its usage row. `latency` passes between a send and its answer.
    mutating func run(_ format: WireFormat = .openai, kind: RequestKind = .generate, body: String, key: KeyHash? = .test, headers: HeaderFields = [:],
                      pathModel: String? = nil, pathStream: Bool? = nil, provider: String? = nil, latency: Span = .milliseconds(10),
                      bodyReadFirst: Bool = false, answer: (UpstreamRequest) -> ScriptedAnswer) -> Outcome {
        var flow = RequestFlow(table: table)
        var outcome = Outcome()
        var incoming = IncomingRequest(format: format, kind: kind, body: Array(body.utf8), pathModel: pathModel, pathStream: pathStream,
                                       provider: provider, gatewayKey: key, headers: headers, at: now)
        // As the server does: the body read before the flow takes the shared state.
        if bodyReadFirst { incoming.readBody() }
        var pending = PendingEvents(queue: [.arrived(incoming)])
        var steps = 0
        // Nothing pending but timers: the clock jumps to the next one.
        while !flow.isFinished, steps < 10_000, let event = pending.next(now: &now) {
            steps += 1
            for action in flow.handle(event, state: &state) {
                switch action {
                case .send(let request):
                    outcome.sends.append(request)
                    let at = now + latency
                    switch answer(request) {
                    case .whole(let status, let headers, let body):
                        pending.queue.append(.upstreamHead(attempt: request.attempt, status: status, headers: headers, at: at))
                        pending.queue.append(.upstreamChunk(attempt: request.attempt, bytes: Array(body.utf8), at: at))
                        pending.queue.append(.upstreamEnd(attempt: request.attempt, at: at))
                    case .stream(let chunks, let ends):
                        pending.queue.append(.upstreamHead(attempt: request.attempt, status: 200, headers: ["content-type": "text/event-stream"], at: at))
                        for chunk in chunks { pending.queue.append(.upstreamChunk(attempt: request.attempt, bytes: Array(chunk.utf8), at: at)) }
                        if ends { pending.queue.append(.upstreamEnd(attempt: request.attempt, at: at)) }
                    case .fail(let failure):
                        pending.queue.append(.upstreamFailed(attempt: request.attempt, failure: failure, at: at))
                    case .hang:
                        break
                    case .headThenHang(let status):
                        pending.queue.append(.upstreamHead(attempt: request.attempt, status: status, headers: ["content-type": "text/event-stream"], at: at))
                    }
                case .cancelUpstream(let attempt):
                    outcome.cancelled.append(attempt)
                    pending.cancel(attempt: attempt)
                case .respond(let response): outcome.response = response
                case .startStream(let headers): outcome.streamHeaders = headers
                case .relay(let bytes): outcome.streamed += bytes
                case .endStream: outcome.streamEnded = true
                case .startTimer(let timer, let at): pending.timers.append((timer, at))
                case .record(let record): outcome.record = record
                case .notice(let notice): outcome.notices.append(notice)
                }
            }
            // Events carry their own time; the clock follows them.
            switch event {
            case .upstreamHead(_, _, _, let at), .upstreamChunk(_, _, let at), .upstreamEnd(_, let at), .upstreamFailed(_, _, let at):
                if at > now { now = at }
            default: break
            }
        }
        return outcome
    }
}

/// Small upstream bodies in each format.
enum Upstream {
    static func openAIChat(_ text: String = "Hello!", model: String = "gpt-4o-mini", input: Int = 10, output: Int = 5) -> String {
        #"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"\#(model)","choices":[{"index":0,"message":{"role":"assistant","content":"\#(text)"},"finish_reason":"stop"}],"usage":{"prompt_tokens":\#(input),"completion_tokens":\#(output),"total_tokens":\#(input + output)}}"#
    }
    static func anthropicMessage(_ text: String = "Hello!", model: String = "claude-sonnet-4-5", input: Int = 10, output: Int = 5) -> String {
        #"{"id":"msg_1","type":"message","role":"assistant","model":"\#(model)","content":[{"type":"text","text":"\#(text)"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":\#(input),"output_tokens":\#(output)}}"#
    }
    static func openAIStream(_ pieces: [String] = ["Hel", "lo"]) -> [String] {
        var chunks = [#"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"# + "\n\n"]
        for piece in pieces {
            chunks.append(#"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"\#(piece)"},"finish_reason":null}]}"# + "\n\n")
        }
        chunks.append(#"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\n")
        chunks.append(#"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}}"# + "\n\n")
        chunks.append("data: [DONE]\n\n")
        return chunks
    }
    /// An Anthropic Messages stream answering "Hi" (3 input tokens, 1 output), an event a chunk.
    static func anthropicStream() -> [String] {
        [
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":1}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
        ]
    }
    static let openAIError429 = #"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#
    static let openAIError503 = #"{"error":{"message":"Service unavailable","type":"server_error"}}"#
    static let openAIError400 = #"{"error":{"message":"Invalid 'messages': empty","type":"invalid_request_error","param":"messages"}}"#
}

/// The core only ever sees key hashes (the adapter hashes what a client presents), so
/// engine tests name hashes directly; any distinct values do.
extension KeyHash {
    static let test = KeyHash(hex: String(repeating: "7e", count: 32))
    static let wrong = KeyHash(hex: String(repeating: "0b", count: 32))
}

enum Client {
    static func openAI(model: String, stream: Bool = false, temperature: String? = nil) -> String {
        #"{"model":"\#(model)","messages":[{"role":"user","content":"Hi"}]\#(stream ? #","stream":true"# : "")\#(temperature.map { #","temperature":\#($0)"# } ?? "")}"#
    }
    static func anthropic(model: String, stream: Bool = false) -> String {
        #"{"model":"\#(model)","max_tokens":100,"messages":[{"role":"user","content":"Hi"}]\#(stream ? #","stream":true"# : "")}"#
    }
}

extension GatewayConfig {
    /// Two openai-format providers (`a` with accounts a-1, a-2; `b` with b-1) and the test key.
    static func twoProviders(strategy: AccountStrategyKind = .fillFirst) -> GatewayConfig {
        var config = GatewayConfig()
        var a = ProviderConfig(id: "a")
        a.format = .openai
        a.baseURL = "http://a.test/v1"
        a.accounts = [AccountConfig(id: "a-1", apiKey: "sk-a1"), AccountConfig(id: "a-2", apiKey: "sk-a2")]
        a.models = [CatalogModel(id: "m", price: ModelPrice(input: 1, output: 2))]
        a.strategy = strategy
        var b = ProviderConfig(id: "b")
        b.format = .anthropic
        b.baseURL = "http://b.test"
        b.auth = .xApiKey
        b.accounts = [AccountConfig(id: "b-1", apiKey: "sk-b1")]
        b.models = [CatalogModel(id: "m", price: ModelPrice(input: 3, output: 15))]
        config.providers = [a, b]
        config.combos = [ComboConfig(name: "both", strategy: .priority, steps: [ComboStep(model: "a/m"), ComboStep(model: "b/m")])]
        config.auth.apiKeys = [GatewayKeyConfig(hash: .test, name: "test")]
        return config
    }
}
