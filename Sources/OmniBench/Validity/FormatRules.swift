import OmniCore

/// What each vendor's API requires of a body beyond its JSON shape: the rules a translation
/// must keep so that the upstream accepts what we send (tool results answer the calls just
/// made, Anthropic's required `max_tokens`, no empty text Gemini or Anthropic would reject, …).
/// The bench checks every translated body against its target's rules; the source body is
/// checked too, so an input that already breaks its own rules is not held against us.
public enum FormatRules {
    public static func violations(_ body: JSON, format: WireFormat, kind: PayloadKind) -> [String] {
        switch (format, kind) {
        case (.openai, .request): return OpenAIRules.request(body)
        case (.anthropic, .request): return AnthropicRules.request(body)
        case (.gemini, .request): return GeminiRules.request(body)
        case (.responses, .request): return ResponsesRules.request(body)
        case (.openai, .response): return required(body, ["id", "object", "choices"]) + OpenAIRules.response(body)
        case (.anthropic, .response):
            return required(body, ["id", "type", "role", "content", "stop_reason"])
                + (body["usage"].map { required($0, ["input_tokens", "output_tokens"], at: "usage") } ?? [])
        case (.gemini, .response): return []
        case (.responses, .response): return required(body, ["id", "object", "status", "output"])
        }
    }

    static func required(_ body: JSON, _ keys: [String], at path: String = "$") -> [String] {
        keys.compactMap { body[$0] == nil ? "\(path): missing \($0)" : nil }
    }
}

enum OpenAIRules {
    static func request(_ body: JSON) -> [String] {
        var problems: [String] = []
        guard let messages = body["messages"]?.arrayValue, !messages.isEmpty else { return ["messages: empty or missing"] }
        for key in ["max_tokens", "max_completion_tokens"] {
            if let n = body[key]?.numberValue?.intValue, n < 1 { problems.append("\(key): \(n) is below 1") }
        }
        if let t = body["temperature"]?.numberValue?.doubleValue, !(0...2).contains(t) { problems.append("temperature: \(t) is outside 0...2") }
        var callIDs: Set<String> = []
        for (i, m) in messages.enumerated() {
            let role = m["role"]?.stringValue ?? ""
            for (j, call) in (m["tool_calls"]?.arrayValue ?? []).enumerated() {
                if let id = call["id"]?.stringValue { callIDs.insert(id) } else { problems.append("messages[\(i)].tool_calls[\(j)]: no id") }
                if call["function"]?["arguments"]?.stringValue == nil {
                    problems.append("messages[\(i)].tool_calls[\(j)].function.arguments: not a string")
                }
            }
            if role == "tool" {
                let id = m["tool_call_id"]?.stringValue ?? ""
                if !callIDs.contains(id) { problems.append("messages[\(i)]: tool_call_id \(id) answers no earlier call") }
            }
            if role == "assistant", m["content"] == nil, m["tool_calls"] == nil {
                problems.append("messages[\(i)]: assistant message without content or tool_calls")
            }
        }
        return problems
    }

    static func response(_ body: JSON) -> [String] {
        var problems: [String] = []
        for (i, choice) in (body["choices"]?.arrayValue ?? []).enumerated() {
            if choice["message"]?["role"]?.stringValue != "assistant" { problems.append("choices[\(i)].message.role: not assistant") }
            for (j, call) in (choice["message"]?["tool_calls"]?.arrayValue ?? []).enumerated()
            where call["function"]?["arguments"]?.stringValue == nil {
                problems.append("choices[\(i)].message.tool_calls[\(j)].function.arguments: not a string")
            }
        }
        return problems
    }
}

enum AnthropicRules {
    static func request(_ body: JSON) -> [String] {
        var problems: [String] = []
        guard let maxTokens = body["max_tokens"]?.numberValue?.intValue, maxTokens > 0 else { return ["max_tokens: missing"] }
        if let t = body["temperature"]?.numberValue?.doubleValue, !(0...1).contains(t) { problems.append("temperature: \(t) is outside 0...1") }
        if let thinking = body["thinking"], thinking["type"] == "enabled" {
            let budget = thinking["budget_tokens"]?.numberValue?.intValue ?? 0
            if budget < 1024 || budget >= maxTokens { problems.append("thinking.budget_tokens \(budget): not in 1024..<max_tokens") }
        }
        guard let messages = body["messages"]?.arrayValue, !messages.isEmpty else { return problems + ["messages: empty or missing"] }
        var pendingCalls: Set<String> = []
        for (i, m) in messages.enumerated() {
            let role = m["role"]?.stringValue ?? ""
            if role != "user" && role != "assistant" { problems.append("messages[\(i)].role: \(role)") }
            let blocks: [JSON]
            switch m["content"] {
            case .string(let s)?:
                if s.isEmpty, i < messages.count - 1 { problems.append("messages[\(i)].content: empty") }
                blocks = []
            case .array(let items)?:
                if items.isEmpty { problems.append("messages[\(i)].content: no blocks") }
                blocks = items
            default:
                problems.append("messages[\(i)].content: missing")
                blocks = []
            }
            var answered: Set<String> = []
            for (j, b) in blocks.enumerated() {
                let type = b["type"]?.stringValue ?? ""
                if type == "text", b["text"]?.stringValue?.isEmpty != false { problems.append("messages[\(i)].content[\(j)]: empty text block") }
                if type == "tool_use", let id = b["id"]?.stringValue {
                    if role != "assistant" { problems.append("messages[\(i)].content[\(j)]: tool_use outside an assistant turn") }
                    pendingCalls.insert(id)
                }
                if type == "tool_result", let id = b["tool_use_id"]?.stringValue {
                    if !pendingCalls.contains(id) { problems.append("messages[\(i)].content[\(j)]: tool_result \(id) answers no call of the turn before") }
                    answered.insert(id)
                }
            }
            if role == "user" {
                if !pendingCalls.isEmpty, !answered.isEmpty {
                    let missing = pendingCalls.subtracting(answered)
                    if !missing.isEmpty { problems.append("messages[\(i)]: calls \(missing.sorted()) of the turn before have no result") }
                }
                if !answered.isEmpty || !pendingCalls.isEmpty { pendingCalls = [] }
                // tool results must come first in the turn
                if let firstOther = blocks.firstIndex(where: { $0["type"] != "tool_result" }),
                    blocks[firstOther...].contains(where: { $0["type"] == "tool_result" })
                {
                    problems.append("messages[\(i)]: a tool_result after other content")
                }
            }
        }
        return problems
    }
}

enum GeminiRules {
    static func request(_ body: JSON) -> [String] {
        var problems: [String] = []
        if body["model"] != nil { problems.append("model: in the body (it belongs in the URL)") }
        guard let contents = body["contents"]?.arrayValue ?? body["contents"].map({ [$0] }), !contents.isEmpty else {
            return problems + ["contents: empty or missing"]
        }
        var lastCalls: [String] = []
        for (i, c) in contents.enumerated() {
            let role = c["role"]?.stringValue ?? "user"
            if role != "user" && role != "model" && role != "function" { problems.append("contents[\(i)].role: \(role)") }
            let parts = c["parts"]?.arrayValue ?? c["parts"].map { [$0] } ?? []
            if parts.isEmpty { problems.append("contents[\(i)].parts: empty") }
            var calls: [String] = []
            for (j, p) in parts.enumerated() {
                if let text = p["text"]?.stringValue, text.isEmpty, p["thoughtSignature"] == nil {
                    problems.append("contents[\(i)].parts[\(j)]: empty text")
                }
                if let name = (p["functionCall"] ?? p["function_call"])?["name"]?.stringValue { calls.append(name) }
                if let name = (p["functionResponse"] ?? p["function_response"])?["name"]?.stringValue, !lastCalls.contains(name) {
                    problems.append("contents[\(i)].parts[\(j)]: functionResponse \(name) answers no call of the turn before")
                }
            }
            if role == "model" { lastCalls = calls }
        }
        return problems
    }
}

enum ResponsesRules {
    static func request(_ body: JSON) -> [String] {
        var problems: [String] = []
        if let t = body["temperature"]?.numberValue?.doubleValue, !(0...2).contains(t) { problems.append("temperature: \(t) is outside 0...2") }
        if case .string? = body["input"] { return problems }
        guard let items = body["input"]?.arrayValue else { return ["input: missing"] }
        var callIDs: Set<String> = []
        for (i, item) in items.enumerated() {
            switch item["type"]?.stringValue {
            case "function_call"?:
                if let id = item["call_id"]?.stringValue { callIDs.insert(id) }
                if item["arguments"]?.stringValue == nil { problems.append("input[\(i)].arguments: not a string") }
            case "function_call_output"?:
                let id = item["call_id"]?.stringValue ?? ""
                if !callIDs.contains(id) { problems.append("input[\(i)]: call_id \(id) answers no earlier function_call") }
            case "reasoning"?:
                if item["id"] == nil { problems.append("input[\(i)]: reasoning item without id") }
            default: break
            }
        }
        for (i, tool) in (body["tools"]?.arrayValue ?? []).enumerated() where tool["type"] == "function" && tool["name"] == nil {
            problems.append("tools[\(i)]: function tool without name")
        }
        return problems
    }
}
