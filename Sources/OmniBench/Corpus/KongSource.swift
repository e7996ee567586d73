import OmniCore

/// Kong's ai-proxy fixtures: plain JSON files whose format and kind follow from
/// their folder (see the corpus README). The bytes are used as they are.
enum KongSource {
    /// A path pattern below `kong/`; `*` matches one component.
    private struct Rule: Sendable {
        var pattern: [String]
        /// nil: the format is the provider named by the first `*` component.
        var format: WireFormat?
        var kind: CorpusCase.Kind
    }

    private static let rules: [Rule] = [
        Rule(pattern: ["unit", "requests", "llm-v1-chat.json"], format: .openai, kind: .request),
        Rule(pattern: ["unit", "expected-requests", "*", "llm-v1-chat.json"], format: nil, kind: .request),
        Rule(pattern: ["unit", "real-responses", "*", "llm-v1-chat.json"], format: nil, kind: .response),
        // Kong's expected output of response translation is always its OpenAI format.
        Rule(pattern: ["unit", "expected-responses", "*", "llm-v1-chat.json"], format: .openai, kind: .response),
        // Client → Kong requests are OpenAI-format even under anthropic/.
        Rule(pattern: ["*", "llm-v1-chat", "requests", "*"], format: .openai, kind: .request),
        Rule(pattern: ["*", "llm-v1-chat", "responses", "*"], format: nil, kind: .response),
        Rule(pattern: ["native", "gemini", "request", "*"], format: .gemini, kind: .request),
        Rule(pattern: ["native", "target", "*"], format: .openai, kind: .request),
    ]

    static func add(_ file: CorpusFile, to collector: inout CorpusCollector) throws {
        let parts = file.path.split(separator: "/").dropFirst().map(String.init)
        let name = parts.last ?? ""
        if let reason = streamFixtureReason(parts) {
            collector.skipStream(file.path, reason)  // for loadStreams; load's skip follows below
        }
        if name.hasPrefix("llm-v1-completion") {  // llm-v1-completions and llm-v1-completion-template
            return collector.skip(file.path, SkipReason.legacyCompletions)
        }
        if parts.starts(with: ["unit", "streaming-chunk-formats"]) {
            return collector.skip(file.path, SkipReason.streamFraming)
        }
        if parts.starts(with: ["unit", "real-stream-frames"]) {
            return collector.skip(file.path, SkipReason.stream)
        }
        guard name.hasSuffix(".json") else {
            return collector.skip(file.path, SkipReason.notJSONFile)  // internal_server_error.html
        }
        for rule in rules {
            guard let captures = match(parts, rule.pattern) else { continue }
            guard let format = rule.format ?? WireFormat(rawValue: captures[0]) else { break }
            return collector.add(id: file.path, file: file.path, format: format, kind: rule.kind, body: try file.bytes())
        }
        collector.skip(file.path, SkipReason.unrecognized)
    }

    /// Why a file of Kong's stream tests is no stream body for `loadStreams` (nil for other files).
    /// The framing cases feed Kong's chunk framer (see the corpus README): raw chunks of
    /// Gemini's JSON-array stream, Cohere and Bedrock, plus the framer's expected output.
    private static func streamFixtureReason(_ parts: [String]) -> String? {
        if parts.starts(with: ["unit", "real-stream-frames"]) {
            return "Kong stream frame: a single SSE event, not a whole stream"
        }
        guard parts.starts(with: ["unit", "streaming-chunk-formats"]), parts.count == 4 else { return nil }
        let prefix = "Kong stream framing fixture: "
        if parts[3].hasPrefix("expected-output") { return prefix + "the framer's expected output, not a body" }
        switch parts[2] {
        case let framingCase where framingCase.hasPrefix("partial-json"):
            return prefix + "a chunk of Gemini's JSON-array stream, not SSE"
        case "complete-json": return prefix + "Cohere newline-delimited JSON, not one of the four formats"
        case "aws": return prefix + "Bedrock eventstream binary frames, not one of the four formats"
        case "text-event-stream": return prefix + "framer input (OpenAI SSE chunks), kept with its framing case"
        default: return prefix + "framer input"
        }
    }

    /// The components matched by `*`, or nil when `parts` doesn't fit `pattern`.
    private static func match(_ parts: [String], _ pattern: [String]) -> [String]? {
        guard parts.count == pattern.count else { return nil }
        var captures: [String] = []
        for (part, expected) in zip(parts, pattern) {
            if expected == "*" {
                captures.append(part)
            } else if expected != part {
                return nil
            }
        }
        return captures
    }
}
