import OmniCore

/// The mock's answer to a request, as an OpenAI chat completion and as its SSE stream.
struct MockAnswer {
    var text: String
    let reasoning: String?
    let toolCall: (name: String, arguments: String)?
    let inputTokens: Int
    let model: String

    init(request: IRRequest, model: String) {
        self.model = model
        let lastUser = request.messages.last { $0.role == .user }?.text ?? ""
        let behaviour = MockBehaviour.of(model: model)
        let words = (request.system + request.messages).map(\.text).joined(separator: " ").split(separator: " ").count
        inputTokens = max(1, words)
        switch behaviour {
        case .tool:
            text = ""
            reasoning = nil
            toolCall = ("get_weather", #"{"city":"Paris"}"#)
        case .think:
            text = "Echo: " + lastUser
            reasoning = "The user said: " + lastUser
            toolCall = nil
        default:
            text = "Echo: " + lastUser
            reasoning = nil
            toolCall = nil
        }
    }

    var outputTokens: Int { max(1, text.split(separator: " ").count + (reasoning?.split(separator: " ").count ?? 0) + (toolCall == nil ? 0 : 8)) }

    private var usage: JSON {
        .object(["prompt_tokens": .number(JSONNumber(inputTokens)), "completion_tokens": .number(JSONNumber(outputTokens)),
                 "total_tokens": .number(JSONNumber(inputTokens + outputTokens))])
    }

    var whole: [UInt8] {
        var message: JSONObject = ["role": "assistant", "content": toolCall == nil ? .string(text) : .null]
        if let reasoning { message.append("reasoning_content", .string(reasoning)) }
        if let toolCall {
            message.append("tool_calls", .array([.object(["id": "call_mock_1", "type": "function",
                                                          "function": .object(["name": .string(toolCall.name), "arguments": .string(toolCall.arguments)])])]))
        }
        return JSONWriter.encode(.object([
            "id": "chatcmpl-mock", "object": "chat.completion", "created": 1_700_000_000, "model": .string(model),
            "choices": .array([.object(["index": 0, "message": .object(message), "finish_reason": .string(toolCall == nil ? "stop" : "tool_calls")])]),
            "usage": usage,
        ]))
    }

    /// One chat completion chunk as an SSE event.
    func chunk(_ delta: JSON, finish: String? = nil) -> [UInt8] {
        let body = JSONWriter.encode(.object([
            "id": "chatcmpl-mock", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": .string(model),
            "choices": .array([.object(["index": 0, "delta": delta, "finish_reason": finish.map(JSON.string) ?? .null])]),
        ]))
        return Self.event(body)
    }

    /// One SSE event per word (what makes a stream's pace), then the finish, the usage and `[DONE]`.
    var streamEvents: [[UInt8]] {
        var events = [chunk(.object(["role": "assistant", "content": ""]))]
        if let reasoning {
            for word in reasoning.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                events.append(chunk(.object(["reasoning_content": .string((word.offset == 0 ? "" : " ") + word.element)])))
            }
        }
        if let toolCall {
            events.append(chunk(.object(["tool_calls": .array([.object(["index": 0, "id": "call_mock_1", "type": "function",
                                                                         "function": .object(["name": .string(toolCall.name), "arguments": ""])])])])))
            events.append(chunk(.object(["tool_calls": .array([.object(["index": 0, "function": .object(["arguments": .string(toolCall.arguments)])])])])))
        } else {
            for word in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                events.append(chunk(.object(["content": .string((word.offset == 0 ? "" : " ") + word.element)])))
            }
        }
        return events + streamEnd
    }

    /// The stream's last events: the finish, the usage and `[DONE]`.
    var streamEnd: [[UInt8]] {
        let usageChunk = JSONWriter.encode(.object(["id": "chatcmpl-mock", "object": "chat.completion.chunk", "created": 1_700_000_000,
                                                    "model": .string(model), "choices": .array([]), "usage": usage]))
        var done: [UInt8] = []
        SSEWriter.appendDone(to: &done)
        return [chunk(.object([:]), finish: toolCall == nil ? "stop" : "tool_calls"), Self.event(usageChunk), done]
    }

    /// One `data:` event, framed by the core's SSE writer.
    static func event(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        SSEWriter.append(event: nil, data: data, to: &out)
        return out
    }
}
