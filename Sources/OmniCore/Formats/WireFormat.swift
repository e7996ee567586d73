/// The four wire formats the gateway speaks. The raw values are the names used
/// everywhere: CLI flags, config files, fixture file names.
public enum WireFormat: String, CaseIterable, Sendable, Hashable, Codable {
    /// OpenAI Chat Completions (`/v1/chat/completions`).
    case openai
    /// Anthropic Messages (`/v1/messages`).
    case anthropic
    /// Gemini `generateContent` / `streamGenerateContent`.
    case gemini
    /// OpenAI Responses (`/v1/responses`).
    case responses
}
