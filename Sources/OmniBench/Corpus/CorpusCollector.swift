import OmniCore

/// Gathers cases and skips. Every candidate body goes through `add`, so the
/// rules for malformed JSON, error bodies and body shape are the same for
/// every source folder. SSE bodies go through `addStream` and stream-like files
/// that are no stream body through `skipStream`; those two make `loadStreams`' answer.
struct CorpusCollector {
    private(set) var cases: [CorpusCase] = []
    private(set) var skipped: [CorpusSkip] = []
    private(set) var streams: [CorpusStream] = []
    private(set) var skippedStreams: [CorpusSkip] = []
    private var seen: Set<SeenKey> = []

    /// Identical bodies within one file are retries (e.g. the 429 → 429 → 200
    /// snapshots); counting them three times would only weight the bench.
    private struct SeenKey: Hashable {
        var file: String
        var format: WireFormat
        var kind: CorpusCase.Kind
        var body: [UInt8]
    }

    mutating func skip(_ id: String, _ reason: String) {
        skipped.append(CorpusSkip(id: id, reason: reason))
    }

    /// Records an SSE response body: a stream for `loadStreams`, and (as it always was)
    /// a skip for `load`, whose cases are JSON bodies only.
    mutating func addStream(id: String, format: WireFormat, bytes: [UInt8]) {
        skip(id, SkipReason.stream)
        let expectsError = StreamCompleteness.problem(bytes, format: format) != nil
        streams.append(CorpusStream(id: id, format: format, bytes: bytes, expectsError: expectsError))
    }

    /// Records a stream-like file or body that `loadStreams` does not return, and why.
    /// Only that list: `load` accounts for the same file through `skip` or `add`.
    mutating func skipStream(_ id: String, _ reason: String) {
        skippedStreams.append(CorpusSkip(id: id, reason: reason))
    }

    /// Validates `body` and records it as a case or a skip.
    /// `file` is the source file's relative path, used for retry de-duplication.
    mutating func add(id: String, file: String, format: WireFormat, kind: CorpusCase.Kind, body: [UInt8]) {
        let json: JSON
        do {
            json = try JSONParser.parse(body)
        } catch {
            return skip(id, SkipReason.malformedJSON)
        }
        guard json.objectValue != nil else { return skip(id, SkipReason.notObject) }
        if Self.isErrorBody(json) { return skip(id, SkipReason.errorBody) }
        if let missing = Self.missingMarkers(format, kind, json) {
            return skip(id, SkipReason.wrongShape(format, kind, missing: missing))
        }
        let key = SeenKey(file: file, format: format, kind: kind, body: body)
        guard seen.insert(key).inserted else { return skip(id, SkipReason.duplicate) }
        cases.append(CorpusCase(id: id, format: format, kind: kind, body: body))
    }

    /// `{"error": …}` (OpenAI, Google) or `{"type": "error", …}` (Anthropic).
    /// A null `error` does not count: OpenAI Responses objects carry `"error": null`.
    static func isErrorBody(_ json: JSON) -> Bool {
        if let error = json["error"], !error.isNull { return true }
        return json["type"]?.stringValue == "error"
    }

    /// The top-level members of which a body of this format and kind has at least
    /// one, or nil when it has one. Catches Kong's deliberately wrong mocks
    /// (`{"segassem": …}`, `{"nothing_object": …}`) without judging anything finer.
    static func missingMarkers(_ format: WireFormat, _ kind: CorpusCase.Kind, _ json: JSON) -> [String]? {
        let markers: [String]
        switch (format, kind) {
        case (.openai, .request), (.anthropic, .request): markers = ["messages"]
        case (.gemini, .request): markers = ["contents"]
        case (.responses, .request): markers = ["input"]
        case (.openai, .response): markers = ["choices"]
        case (.anthropic, .response): markers = ["content"]
        case (.gemini, .response): markers = ["candidates", "promptFeedback", "usageMetadata"]
        case (.responses, .response): markers = ["output"]
        }
        return markers.contains { json[$0] != nil } ? nil : markers
    }

    /// True for bodies recorded as raw SSE (`event:` / `data:` lines) rather than JSON.
    static func looksLikeStream(_ text: some StringProtocol) -> Bool {
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        return trimmed.hasPrefix("data:") || trimmed.hasPrefix("event:") || trimmed.hasPrefix(":")
    }
}
