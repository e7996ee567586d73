/// OpenAI and Responses carry tool-call arguments as JSON text; Anthropic and Gemini need
/// an object. Parsing them while the source's positions are known lets a bad argument
/// string be reported at its own path (`messages[3].tool_calls[0].function.arguments`,
/// `choices[0].message.tool_calls[1].function.arguments`, `input[4].arguments`) rather
/// than at a position in the output.
enum ArgumentsCheck {
    static func needed(from source: WireFormat, to target: WireFormat) -> Bool {
        (target == .anthropic || target == .gemini) && (source == .openai || source == .responses)
    }

    static func parseTextArguments(of request: inout IRRequest, source: JSON, format: WireFormat) throws {
        let parsed = try parsedArguments(in: source, kind: .request, format: format)
        guard !parsed.isEmpty else { return }
        for m in request.messages.indices { fill(&request.messages[m].parts, from: parsed) }
    }

    static func parseTextArguments(of response: inout IRResponse, source: JSON, format: WireFormat) throws {
        let parsed = try parsedArguments(in: source, kind: .response, format: format)
        guard !parsed.isEmpty else { return }
        for c in response.choices.indices { fill(&response.choices[c].parts, from: parsed) }
    }

    /// Call id → arguments object, for every tool call of the source body.
    private static func parsedArguments(in source: JSON, kind: PayloadKind, format: WireFormat) throws -> [String: JSON] {
        var parsed: [String: JSON] = [:]
        func check(_ id: String?, _ text: String?, _ path: [TranslationError.PathComponent]) throws {
            guard let id, let text else { return }
            do { parsed[id] = try AnthropicRequestCodec.parseArguments(text) } catch var error as TranslationError {
                error.path = path + error.path
                throw error
            }
        }
        func openaiCalls(_ message: JSON?, _ path: [TranslationError.PathComponent]) throws {
            for (j, call) in (message?["tool_calls"]?.arrayValue ?? []).enumerated() {
                try check(call["id"]?.stringValue, call["function"]?["arguments"]?.stringValue,
                          path + [.key("tool_calls"), .index(j), .key("function"), .key("arguments")])
            }
        }
        switch (format, kind) {
        case (.openai, .request):
            for (i, message) in (source["messages"]?.arrayValue ?? []).enumerated() {
                try openaiCalls(message, [.key("messages"), .index(i)])
            }
        case (.openai, .response):
            for (i, choice) in (source["choices"]?.arrayValue ?? []).enumerated() {
                try openaiCalls(choice["message"], [.key("choices"), .index(i), .key("message")])
            }
        case (.responses, _):
            let key = kind == .request ? "input" : "output"
            for (i, item) in (source[key]?.arrayValue ?? []).enumerated() where item["type"]?.stringValue == "function_call" {
                try check(item["call_id"]?.stringValue, item["arguments"]?.stringValue, [.key(key), .index(i), .key("arguments")])
            }
        case (.anthropic, _), (.gemini, _):
            break
        }
        return parsed
    }

    private static func fill(_ parts: inout [IRPart], from parsed: [String: JSON]) {
        for p in parts.indices {
            guard case .toolCall(var call) = parts[p], let value = parsed[call.id] else { continue }
            call.parsedArguments = value
            parts[p] = .toolCall(call)
        }
    }
}
