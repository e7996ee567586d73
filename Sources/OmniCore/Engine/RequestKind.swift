/// What a client request asks for: a generation (chat, messages, responses, Gemini's
/// generateContent — the wire format says which) or embeddings (`POST /v1/embeddings`,
/// OpenAI's format). Both run through the same `RequestFlow`: keys, limits, budgets,
/// routing, failover, breakers, cooldowns, usage and cost work alike.
public enum RequestKind: String, Sendable, Hashable, CaseIterable {
    case generate
    case embeddings
}
