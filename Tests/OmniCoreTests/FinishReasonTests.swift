import OmniCore
import Testing

@Suite("Codecs: finish reasons")
struct FinishReasonTests {
    /// (anthropic stop_reason, openai finish_reason, gemini finishReason, responses status, incomplete reason)
    static let fromAnthropic: [(String, String, String, String, String?)] = [
        ("end_turn", "stop", "STOP", "completed", nil),
        ("stop_sequence", "stop", "STOP", "completed", nil),
        ("max_tokens", "length", "MAX_TOKENS", "incomplete", "max_output_tokens"),
        ("refusal", "content_filter", "SAFETY", "incomplete", "content_filter"),
        ("pause_turn", "stop", "STOP", "incomplete", nil),
    ]

    static func anthropic(_ stopReason: String, toolUse: Bool = false) -> JSON {
        let content: JSON = toolUse
            ? [["type": "tool_use", "id": "toolu_1", "name": "f", "input": ["a": 1]]]
            : [["type": "text", "text": "hi"]]
        return ["id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5", "content": content,
                "stop_reason": .string(stopReason), "stop_sequence": .null, "usage": ["input_tokens": 3, "output_tokens": 4]]
    }

    @Test(arguments: fromAnthropic)
    func anthropicStopReasonMapsAcrossTheTable(_ stop: String, _ openai: String, _ gemini: String, _ status: String, _ incomplete: String?) throws {
        let source = Self.anthropic(stop)
        let o = try Translator.translate(source, kind: .response, from: .anthropic, to: .openai)
        #expect(o[path: ["choices", 0, "finish_reason"]] == .string(openai))
        let g = try Translator.translate(source, kind: .response, from: .anthropic, to: .gemini)
        #expect(g[path: ["candidates", 0, "finishReason"]] == .string(gemini))
        let r = try Translator.translate(source, kind: .response, from: .anthropic, to: .responses)
        #expect(r["status"] == .string(status))
        #expect(r[path: ["incomplete_details", "reason"]] == incomplete.map(JSON.string))
    }

    @Test func toolUseMapsToToolCallsStopAndCompleted() throws {
        let source = Self.anthropic("tool_use", toolUse: true)
        #expect(try Translator.translate(source, kind: .response, from: .anthropic, to: .openai)[path: ["choices", 0, "finish_reason"]] == "tool_calls")
        let gemini = try Translator.translate(source, kind: .response, from: .anthropic, to: .gemini)
        #expect(gemini[path: ["candidates", 0, "finishReason"]] == "STOP")
        #expect(try Translator.translate(source, kind: .response, from: .anthropic, to: .responses)["status"] == "completed")
        // And back: gemini STOP with a functionCall is "tool calls".
        #expect(try Translator.translate(gemini, kind: .response, from: .gemini, to: .anthropic)["stop_reason"] == "tool_use")
    }

    @Test(arguments: [
        ("STOP", "stop", "end_turn"), ("MAX_TOKENS", "length", "max_tokens"), ("SAFETY", "content_filter", "refusal"),
        ("RECITATION", "content_filter", "refusal"), ("BLOCKLIST", "content_filter", "refusal"),
        ("PROHIBITED_CONTENT", "content_filter", "refusal"), ("SPII", "content_filter", "refusal"),
        ("IMAGE_SAFETY", "content_filter", "refusal"), ("OTHER", "stop", "end_turn"), ("MALFORMED_FUNCTION_CALL", "stop", "end_turn"),
    ])
    func geminiFinishReasonMapsAcrossTheTable(_ gemini: String, _ openai: String, _ anthropic: String) throws {
        let source: JSON = ["candidates": [["content": ["role": "model", "parts": [["text": "x"]]], "finishReason": .string(gemini)]],
                            "responseId": "r1", "modelVersion": "gemini-2.5-flash"]
        #expect(try Translator.translate(source, kind: .response, from: .gemini, to: .openai)[path: ["choices", 0, "finish_reason"]] == .string(openai))
        #expect(try Translator.translate(source, kind: .response, from: .gemini, to: .anthropic)["stop_reason"] == .string(anthropic))
    }

    @Test func otherGeminiReasonsAreAFailedResponse() throws {
        let source: JSON = ["candidates": [["content": ["role": "model", "parts": [["text": "x"]]], "finishReason": "OTHER"]]]
        #expect(try Translator.translate(source, kind: .response, from: .gemini, to: .responses)["status"] == "failed")
    }

    @Test func openAIStopWithToolCallsIsToolCalls() throws {
        let source = try json("""
            {"id": "c1", "object": "chat.completion", "created": 1, "model": "gpt-4.1", "choices": [{"index": 0, "message":
              {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
              "finish_reason": "stop"}]}
            """)
        #expect(try Translator.translate(source, kind: .response, from: .openai, to: .anthropic)["stop_reason"] == "tool_use")
    }

    @Test func responsesIncompleteReasonsMapBack() throws {
        for (reason, anthropic) in [("max_output_tokens", "max_tokens"), ("content_filter", "refusal")] {
            let source: JSON = ["id": "resp_1", "object": "response", "created_at": 1, "status": "incomplete", "model": "gpt-4.1",
                                "output": [], "incomplete_details": ["reason": .string(reason)]]
            #expect(try Translator.translate(source, kind: .response, from: .responses, to: .anthropic)["stop_reason"] == .string(anthropic))
        }
    }
}
