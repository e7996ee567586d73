/// What each format cannot carry, named in one place (docs/translation.md has the why).
/// A translation into `format` drops these on purpose; the bench's format-level set-asides
/// and the fixtures' `lossy.json` files are these items at their JSON paths.
public enum Lossiness {
    public static func cannotCarry(_ format: WireFormat, kind: PayloadKind) -> [String] {
        switch (format, kind) {
        case (.openai, .request):
            return ["top_k", "thinking signatures and redacted thinking", "the tool-result error flag",
                    "file URLs (only inline file data)", "images inside tool results", "cache_control and other foreign extras"]
        case (.anthropic, .request):
            return ["seed", "presence/frequency penalty", "candidate count (n)", "metadata other than the end user",
                    "JSON mode without a schema", "image detail", "file names", "audio input",
                    "thinking without an Anthropic signature", "a system prompt's position mid-conversation",
                    "thinking on a foreign tool loop (left off: Anthropic would reject it)", "empty text parts"]
        case (.gemini, .request):
            return ["model and stream (in the URL)", "tool-call ids", "parallel-tool-call switch", "end user and metadata",
                    "JSON Schema beyond Gemini's subset", "tool `strict`", "image detail", "file names",
                    "foreign thinking signatures", "redacted thinking", "a system prompt's position mid-conversation", "empty text parts"]
        case (.responses, .request):
            return ["top_k", "stop sequences", "seed", "presence/frequency penalty", "candidate count (n)",
                    "the tool-result error flag", "reasoning without a Responses item id", "redacted thinking",
                    "a system prompt's split into several entries (joined into `instructions`)"]
        case (.openai, .response):
            return ["thinking signatures", "redacted thinking", "cache writes", "the stop sequence that matched"]
        case (.anthropic, .response):
            return ["choices after the first", "reasoning token count", "the created time"]
        case (.gemini, .response):
            return ["redacted thinking", "cache writes", "the stop sequence that matched", "tool-call ids"]
        case (.responses, .response):
            return ["choices after the first", "redacted thinking", "cache writes", "the stop sequence that matched"]
        }
    }
}
