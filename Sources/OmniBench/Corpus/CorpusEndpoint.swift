import OmniCore

/// Maps a recorded request URL to the wire format of its bodies.
/// Classification is by URL path, not by folder, because a cassette can mix
/// providers (pydantic-ai's `test_multiple_agent_tool_calls` talks to Gemini and
/// OpenAI) and test folders don't match endpoints (a Responses cassette lives
/// under `test_openai/`).
struct CorpusEndpoint {
    var format: WireFormat
    /// `:streamGenerateContent`: the response is always a stream even when the
    /// request body (a plain generateContent request) is usable.
    var streamsResponse: Bool

    /// nil for endpoints that carry none of the four formats (count_tokens, embeddings…).
    init?(url: String) {
        let path = Self.path(of: url)
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        if path.hasSuffix("/chat/completions") {
            self.init(format: .openai, streamsResponse: false)
        } else if path.hasSuffix("/v1/messages") {
            self.init(format: .anthropic, streamsResponse: false)
        } else if path.hasSuffix("/responses") {
            self.init(format: .responses, streamsResponse: false)
        } else if last.hasSuffix(":generateContent") {
            self.init(format: .gemini, streamsResponse: false)
        } else if last.hasSuffix(":streamGenerateContent") {
            self.init(format: .gemini, streamsResponse: true)
        } else {
            return nil
        }
    }

    private init(format: WireFormat, streamsResponse: Bool) {
        self.format = format
        self.streamsResponse = streamsResponse
    }

    /// The path part of a URL: scheme and host dropped, query and fragment cut off.
    static func path(of url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        }
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            rest = rest[..<cut]
        }
        return String(rest)
    }
}
