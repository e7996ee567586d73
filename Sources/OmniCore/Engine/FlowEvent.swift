/// What happened, as the adapter (server or simulator) tells the request flow.
public enum FlowEvent: Sendable {
    /// A client request: its bytes, as they arrived.
    case arrived(IncomingRequest)
    /// The upstream answered with a status line and headers.
    case upstreamHead(attempt: Int, status: Int, headers: HeaderFields, at: Instant)
    /// Body bytes, in any split.
    case upstreamChunk(attempt: Int, bytes: [UInt8], at: Instant)
    /// The upstream body ended cleanly (the connection did not break).
    case upstreamEnd(attempt: Int, at: Instant)
    /// The upstream could not be reached or broke off.
    case upstreamFailed(attempt: Int, failure: TransportFailure, at: Instant)
    /// A timer the flow asked for is due (it may have become stale; the flow checks).
    case timerFired(FlowTimer, at: Instant)
    /// The client closed its connection.
    case clientGone(at: Instant)
}

/// A client request as the gateway received it.
public struct IncomingRequest: Sendable {
    /// Which endpoint it came in on.
    public var format: WireFormat
    /// A generation, or embeddings (`POST /v1/embeddings` and `/v1/providers/{p}/embeddings`,
    /// with `format: .openai`).
    public var kind: RequestKind
    public var body: [UInt8]
    /// From the path, for gemini (`/v1beta/models/{model}:…`).
    public var pathModel: String?
    /// From the endpoint, for gemini (`:streamGenerateContent`); the others say so in the body.
    public var pathStream: Bool?
    /// A dedicated provider route (`/v1/providers/{p}/…`): the model must be this provider's.
    public var provider: String?
    /// The hash of the gateway key the client presented (from whichever header carried it),
    /// if any: the adapter hashes the key with `API_KEY_SECRET` before it enters the engine.
    public var gatewayKey: KeyHash?
    public var headers: HeaderFields
    public var at: Instant
    /// The body already read (`readBody()`), or nil for the flow to read it.
    public internal(set) var parsedBody: RequestBody?

    public init(format: WireFormat, kind: RequestKind = .generate, body: [UInt8], pathModel: String? = nil, pathStream: Bool? = nil,
                provider: String? = nil, gatewayKey: KeyHash? = nil, headers: HeaderFields = [:], at: Instant) {
        // Member by member: assigned as tuples, the request was built and then copied whole.
        self.format = format
        self.kind = kind
        self.body = body
        self.pathModel = pathModel
        self.pathStream = pathStream
        self.provider = provider
        self.gatewayKey = gatewayKey
        self.headers = headers
        self.at = at
    }
}

/// The timers a flow starts. Each carries the attempt it belongs to, so a late one is ignored.
public enum FlowTimer: Sendable, Hashable {
    /// Request sent → headers.
    case firstByte(attempt: Int)
    /// Gap between body chunks (re-armed lazily: the flow checks the last chunk's time).
    case idle(attempt: Int)
    /// The whole request.
    case total
    /// Wait for an account that becomes available shortly (a rate-limit gap, a short cooldown).
    case retryPick
    /// Look again whether the first request with this one's idempotency key has answered.
    case idempotencyPoll
}
