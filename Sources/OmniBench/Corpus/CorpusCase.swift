import OmniCore

/// One request or whole (non-streamed) response body from the shared corpus.
public struct CorpusCase: Sendable {
    public enum Kind: String, Sendable { case request, response }

    /// Path relative to the corpus root; files holding recorded exchanges
    /// (cassettes, snapshots) add `#<interaction index>.<request|response>`.
    public var id: String
    public var format: WireFormat
    public var kind: Kind
    /// The JSON body as UTF-8 bytes.
    public var body: [UInt8]

    public init(id: String, format: WireFormat, kind: Kind, body: [UInt8]) {
        self.id = id
        self.format = format
        self.kind = kind
        self.body = body
    }
}

/// A corpus file (or one body inside it) that is deliberately not a case, and why.
public struct CorpusSkip: Sendable {
    public var id: String
    public var reason: String

    public init(id: String, reason: String) {
        self.id = id
        self.reason = reason
    }
}

/// Skip reasons as fixed strings, so reports can group skips by reason.
/// Some get a parenthesised detail appended (the endpoint, the missing member).
enum SkipReason {
    static let stream = "stream body (see loadStreams)"
    static let streamFraming = "stream framing fixture"
    static let legacyCompletions = "legacy completions API"
    static let notJSONFile = "not a JSON file"
    static let malformedJSON = "malformed JSON"
    static let notObject = "body is not a JSON object"
    static let errorBody = "error body"
    static let errorStatus = "non-2xx response"
    static let noBody = "no body"
    static let duplicate = "duplicate of an earlier body in the same file (retry)"
    static let unrecognized = "unrecognized file"

    /// `loadStreams` only: a streaming endpoint's response that is not an SSE body.
    static let streamNotSSE = "streaming endpoint response is not an SSE body"

    static func otherEndpoint(_ path: String) -> String { "other endpoint (\(path))" }

    static func wrongShape(_ format: WireFormat, _ kind: CorpusCase.Kind, missing: [String]) -> String {
        "wrong shape for \(format.rawValue) \(kind.rawValue) (no \(missing.joined(separator: "/")))"
    }
}
