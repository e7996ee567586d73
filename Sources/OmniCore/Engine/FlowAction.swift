/// What the adapter must do next. The flow never performs I/O; it returns these.
public enum FlowAction: Sendable {
    /// Send this request upstream.
    case send(UpstreamRequest)
    /// Abandon an attempt's upstream request (timeout, client gone, failover).
    case cancelUpstream(attempt: Int)
    /// Answer the client in one piece (a whole response, or any error before streaming).
    case respond(ClientResponse)
    /// Begin a streamed answer: status 200 and these headers.
    case startStream(HeaderFields)
    /// Stream bytes to the client.
    case relay([UInt8])
    /// The streamed answer is complete; close it.
    case endStream
    case startTimer(FlowTimer, at: Instant)
    /// The request is over: its usage row.
    case record(UsageRecord)
    /// Something worth logging, counting or drawing (breaker transitions, budget warnings…).
    case notice(GatewayNotice)
}

public struct UpstreamRequest: Sendable, Equatable {
    public var attempt: Int
    public var provider: String
    public var account: String
    public var model: String
    public var format: WireFormat
    public var method: String = "POST"
    public var url: String
    public var headers: HeaderFields
    public var body: [UInt8]
    public var stream: Bool
    /// The transport enforces this one (connect happens below the flow).
    public var connectTimeout: Span
    /// The account's and the model's places in the routing table (-1 when the request was not
    /// made by the engine): what a simulated transport looks its provider up by, without
    /// hashing the names.
    public var accountIndex = -1
    public var modelIndex = -1

    public init(attempt: Int, provider: String, account: String, model: String, format: WireFormat, method: String = "POST", url: String,
                headers: HeaderFields, body: [UInt8], stream: Bool, connectTimeout: Span) {
        // Member by member, like `IncomingRequest`'s: tuples made a copy.
        self.attempt = attempt
        self.provider = provider
        self.account = account
        self.model = model
        self.format = format
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.stream = stream
        self.connectTimeout = connectTimeout
    }
}

public struct ClientResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HeaderFields
    public var body: [UInt8]
    public init(status: Int, headers: HeaderFields, body: [UInt8]) { (self.status, self.headers, self.body) = (status, headers, body) }
}

/// One usage row per request (what `OmniStore` writes and the simulator aggregates).
public struct UsageRecord: Sendable, Equatable {
    public var arrivedAt: Instant
    public var finishedAt: Instant
    /// The first byte sent to the client (streams), or the response (whole).
    public var firstByteAt: Instant?
    public var keyName: String?
    public var clientFormat: WireFormat
    public var requestedModel: String
    public var stream: Bool
    /// Where the answer finally came from (the last attempt's).
    public var provider: String?
    public var account: String?
    public var model: String?
    public var status: Int
    public var attempts: [AttemptRecord]
    public var usage: IRUsage?
    public var cost: Double
    /// Why it failed, when it did (`rate_limited`, `budget_exhausted`, `stream_cut`…).
    public var errorReason: String?
    public var cacheHit: Bool = false

    public var latency: Span { finishedAt - arrivedAt }

    public init(arrivedAt: Instant, finishedAt: Instant, firstByteAt: Instant?, keyName: String?, clientFormat: WireFormat,
                requestedModel: String, stream: Bool, provider: String?, account: String?, model: String?, status: Int,
                attempts: [AttemptRecord], usage: IRUsage?, cost: Double, errorReason: String?, cacheHit: Bool = false) {
        self.arrivedAt = arrivedAt
        self.finishedAt = finishedAt
        self.firstByteAt = firstByteAt
        self.keyName = keyName
        self.clientFormat = clientFormat
        self.requestedModel = requestedModel
        self.stream = stream
        self.provider = provider
        self.account = account
        self.model = model
        self.status = status
        self.attempts = attempts
        self.usage = usage
        self.cost = cost
        self.errorReason = errorReason
        self.cacheHit = cacheHit
    }
}

public struct AttemptRecord: Sendable, Equatable {
    public var provider: String
    public var account: String
    public var model: String
    public var startedAt: Instant
    /// The upstream's status, when it sent one.
    public var status: Int?
    /// Why the attempt was given up, nil when it succeeded.
    public var reason: String?

    public init(provider: String, account: String, model: String, startedAt: Instant, status: Int? = nil, reason: String? = nil) {
        self.provider = provider
        self.account = account
        self.model = model
        self.startedAt = startedAt
        self.status = status
        self.reason = reason
    }
}

public enum GatewayNotice: Sendable, Equatable {
    case breaker(provider: String, account: String?, BreakerTransition)
    case cooldown(provider: String, account: String, model: String?, until: Instant, reason: String)
    case lockout(provider: String, account: String, reason: String)
    case budget(key: String, BudgetEvent)
    case failover(from: String, to: String, reason: String)
}
