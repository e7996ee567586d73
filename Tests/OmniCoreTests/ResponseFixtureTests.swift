import OmniCore
import Testing

@Suite("Codecs: whole responses from fixtures")
struct ResponseFixtureTests {
    func response(_ name: String, _ source: WireFormat, _ target: WireFormat, ignoring paths: [String] = []) throws -> JSON {
        let (actual, expected) = try translateFixture(.response, name, from: source, to: target)
        expectSameJSON(actual.removing(paths), expected.removing(paths), "\(name) \(source)->\(target)")
        return actual
    }

    @Test func anthropicInputTokensExcludeCacheReads() throws {
        let openai = try response("usage-cached-tokens", .anthropic, .openai, ignoring: ["created", "usage.completion_tokens_details"])
        #expect(openai[path: ["usage", "prompt_tokens"]] == 2006)
        #expect(openai[path: ["usage", "prompt_tokens_details", "cached_tokens"]] == 1920)
        let anthropic = try response("usage-cached-tokens", .openai, .anthropic)
        #expect(anthropic[path: ["usage", "input_tokens"]] == 86)
        #expect(anthropic[path: ["usage", "cache_read_input_tokens"]] == 1920)
        _ = try response("usage-cached-tokens", .gemini, .anthropic)
        _ = try response("usage-cached-tokens", .responses, .anthropic)
    }

    @Test func anthropicInputTokensExcludeCacheWrites() throws {
        let openai = try response("cache-creation-tokens", .anthropic, .openai, ignoring: ["created", "usage.completion_tokens_details"])
        #expect(openai[path: ["usage", "prompt_tokens"]] == 2060)
        let anthropic = try response("cache-creation-tokens", .anthropic, .anthropic)
        #expect(anthropic[path: ["usage", "cache_creation_input_tokens"]] == 2048)
    }

    @Test func geminiCandidatesTokenCountExcludesThoughts() throws {
        let openai = try response("usage-reasoning-tokens", .gemini, .openai, ignoring: ["created", "usage.prompt_tokens_details"])
        #expect(openai[path: ["usage", "completion_tokens"]] == 330)
        #expect(openai[path: ["usage", "completion_tokens_details", "reasoning_tokens"]] == 256)
        let gemini = try response("usage-reasoning-tokens", .openai, .gemini)
        #expect(gemini[path: ["usageMetadata", "candidatesTokenCount"]] == 74)
        #expect(gemini[path: ["usageMetadata", "thoughtsTokenCount"]] == 256)
        _ = try response("usage-reasoning-tokens", .responses, .gemini)
        _ = try response("usage-reasoning-tokens", .gemini, .responses, ignoring: ["created_at", "output.0.id"])
    }

    @Test func anthropicThinkingSignatureIsWrappedForGemini() throws {
        let gemini = try response("thinking-then-tool-call", .anthropic, .gemini,
                                  ignoring: ["usageMetadata.candidatesTokenCount", "usageMetadata.thoughtsTokenCount"])
        let signature = try #require(gemini[path: ["candidates", 0, "content", "parts", 0, "thoughtSignature"]]?.stringValue)
        #expect(signature.hasPrefix("omniroute.v1.anthropic.ErcBCkYIBxgCKk"))
        #expect(gemini[path: ["candidates", 0, "content", "parts", 0, "thought"]] == true)
        let responses = try response("thinking-then-tool-call", .anthropic, .responses,
                                     ignoring: ["created_at", "output.0.id", "output.1.id", "usage.output_tokens_details.reasoning_tokens"])
        #expect(responses[path: ["output", 0, "encrypted_content"]]?.stringValue == signature)
    }

    @Test func aWrappedSignatureComesBackUnwrappedToItsOwnFormat() throws {
        let gemini = try FixtureFiles.json(.response, "thinking-then-tool-call", .gemini)
        let anthropic = try Translator.translate(gemini, kind: .response, from: .gemini, to: .anthropic)
        let original = try FixtureFiles.json(.response, "thinking-then-tool-call", .anthropic)
        #expect(anthropic[path: ["content", 0]] == original[path: ["content", 0]])
    }

    @Test func geminiFunctionCallSignatureRidesInAnAnthropicThinkingBlock() throws {
        let anthropic = try response("gemini-thought-signature-function-call", .gemini, .anthropic,
                                     ignoring: ["usage.cache_read_input_tokens", "content.1.id"])
        #expect(anthropic[path: ["content", 0, "thinking"]] == "")
        #expect(anthropic[path: ["content", 0, "signature"]]?.stringValue?.hasPrefix("omniroute.v1.gemini.CiQB0e2Kb7") == true)
        #expect(anthropic[path: ["content", 1, "type"]] == "tool_use")
    }

    @Test func aGeminiSignatureHandedToAnAnthropicClientIsRestoredInItsNextRequest() throws {
        let geminiResponse = try FixtureFiles.json(.response, "gemini-thought-signature-function-call", .gemini)
        let rawSignature = try #require(geminiResponse[path: ["candidates", 0, "content", "parts", 0, "thoughtSignature"]])
        let anthropicResponse = try Translator.translate(geminiResponse, kind: .response, from: .gemini, to: .anthropic)
        let content = try #require(anthropicResponse["content"])
        let callID = try #require(content[path: [1, "id"]])
        // The Anthropic client sends the assistant content back as history, with its tool result.
        let history: JSON = [
            "model": "gemini-3-pro-preview", "max_tokens": 1024,
            "messages": [
                ["role": "user", "content": "What does GOOG trade at?"],
                ["role": "assistant", "content": content],
                ["role": "user", "content": [["type": "tool_result", "tool_use_id": callID, "content": "172.40 USD"]]],
            ],
        ]
        let gemini = try Translator.translate(history, kind: .request, from: .anthropic, to: .gemini)
        let modelParts = try #require(gemini[path: ["contents", 1, "parts"]]?.arrayValue)
        #expect(modelParts.count == 1)  // the carrier block is not sent as a thought
        #expect(modelParts.first?["functionCall"]?["name"] == "get_stock_price")
        #expect(modelParts.first?["thoughtSignature"] == rawSignature)
        #expect(gemini[path: ["contents", 1, "role"]] == "model")
        #expect(gemini[path: ["contents", 2, "parts", 0, "functionResponse", "name"]] == "get_stock_price")
    }

    @Test func aRefusalIsTextWithStopReasonRefusalForAnthropic() throws {
        let anthropic = try response("refusal", .openai, .anthropic)
        #expect(anthropic["stop_reason"] == "refusal")
        let responses = try response("refusal", .openai, .responses, ignoring: ["output.0.id"])
        #expect(responses[path: ["output", 0, "content", 0, "type"]] == "refusal")
        _ = try response("refusal", .responses, .openai)
    }
}
