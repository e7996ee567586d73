/// OpenAI and Responses carry tool-call arguments as JSON text; Anthropic and Gemini need
/// an object, which their encoders parse. When a text is bad, the encoder's error names a
/// place in the *output*; this finds the call in the source body, so the client reads the
/// error at its own path (`messages[3].tool_calls[0].function.arguments`,
/// `choices[0].message.tool_calls[1].function.arguments`, `input[4].arguments`).
/// It runs only on that error path: translations that succeed never pay for it.
enum ArgumentsCheck {
    static func relocating(_ error: TranslationError, in source: JSON, kind: PayloadKind, format: WireFormat) -> TranslationError {
        guard let id = error.toolCallID, let path = path(ofCall: id, in: source, kind: kind, format: format) else { return error }
        var relocated = error
        relocated.path = path  // the encoder's path is a place in the output
        return relocated
    }

    /// Where the arguments text of the call with `id` sits in a source body.
    static func path(ofCall id: String, in source: JSON, kind: PayloadKind, format: WireFormat) -> [TranslationError.PathComponent]? {
        func inMessage(_ message: JSON?, _ prefix: [TranslationError.PathComponent]) -> [TranslationError.PathComponent]? {
            for (j, call) in (message?["tool_calls"]?.arrayValue ?? []).enumerated() where call["id"]?.stringValue == id {
                return prefix + [.key("tool_calls"), .index(j), .key("function"), .key("arguments")]
            }
            return nil
        }
        switch (format, kind) {
        case (.openai, .request):
            for (i, message) in (source["messages"]?.arrayValue ?? []).enumerated() {
                if let path = inMessage(message, [.key("messages"), .index(i)]) { return path }
            }
        case (.openai, .response):
            for (i, choice) in (source["choices"]?.arrayValue ?? []).enumerated() {
                if let path = inMessage(choice["message"], [.key("choices"), .index(i), .key("message")]) { return path }
            }
        case (.responses, _):
            let key = kind == .request ? "input" : "output"
            for (i, item) in (source[key]?.arrayValue ?? []).enumerated()
            where item["type"]?.stringValue == "function_call" && item["call_id"]?.stringValue == id {
                return [.key(key), .index(i), .key("arguments")]
            }
        case (.anthropic, _), (.gemini, _):
            break
        }
        return nil
    }
}
