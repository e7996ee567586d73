/// OpenAI and Responses carry tool-call arguments as JSON text; Anthropic and Gemini need
/// an object. Parsing them while the source's positions are known lets a bad argument
/// string be reported at its own path (`messages[3].tool_calls[0].function.arguments`)
/// rather than at a position in the output.
enum ArgumentsCheck {
    static func parseTextArguments(of request: inout IRRequest, source: JSON, format: WireFormat) throws {
        var parsed: [String: JSON] = [:]  // call id → object
        switch format {
        case .openai:
            for (i, message) in (source["messages"]?.arrayValue ?? []).enumerated() {
                for (j, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
                    guard let id = call["id"]?.stringValue, let text = call["function"]?["arguments"]?.stringValue else { continue }
                    parsed[id] = try at("messages") { try at(i) { try at("tool_calls") { try at(j) { try at("function") {
                        try at("arguments") { try AnthropicRequestCodec.parseArguments(text) } } } } } }
                }
            }
        case .responses:
            for (i, item) in (source["input"]?.arrayValue ?? []).enumerated() where item["type"]?.stringValue == "function_call" {
                guard let id = item["call_id"]?.stringValue, let text = item["arguments"]?.stringValue else { continue }
                parsed[id] = try at("input") { try at(i) { try at("arguments") { try AnthropicRequestCodec.parseArguments(text) } } }
            }
        case .anthropic, .gemini:
            return
        }
        guard !parsed.isEmpty else { return }
        for m in request.messages.indices {
            for p in request.messages[m].parts.indices {
                guard case .toolCall(var call) = request.messages[m].parts[p], let value = parsed[call.id] else { continue }
                call.parsedArguments = value
                request.messages[m].parts[p] = .toolCall(call)
            }
        }
    }
}
