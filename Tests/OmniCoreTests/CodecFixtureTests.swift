import OmniCore
import Testing

/// "This input in format A becomes this output in format B", from the fixture files
/// and from small inputs written here, for the rules of docs/translation.md.
@Suite("Codecs: requests from fixtures")
struct RequestFixtureTests {
    /// Translates a request fixture with the target file's model (what the gateway does).
    func request(_ name: String, _ source: WireFormat, _ target: WireFormat) throws -> (actual: JSON, expected: JSON) {
        let expected = try FixtureFiles.json(.request, name, target)
        let input = try FixtureFiles.json(.request, name, source)
        let actual = try Translator.translate(input, kind: .request, from: source, to: target, model: expected["model"]?.stringValue)
        return (actual, expected)
    }

    @Test func toolResultsOfAParallelCallShareOneAnthropicUserTurn() throws {
        let (actual, expected) = try request("parallel-tool-calls", .openai, .anthropic)
        expectSameJSON(actual, expected)
        let lastTurn = try #require(actual[path: ["messages", 2]])
        #expect(lastTurn["role"] == "user")
        let blocks = try #require(lastTurn["content"]?.arrayValue)
        #expect(blocks.map { $0["type"] } == ["tool_result", "tool_result"])
        #expect(blocks.map { $0["tool_use_id"] } == ["toolu_01T1x1fJ34qAmk2tNTrN7Up6", "toolu_01HkQ3nF8v2Lbq9DfTqYw7Rz"])
    }

    @Test func anOpenAIToolLoopBecomesToolUseAndToolResultBlocks() throws {
        let (actual, expected) = try request("tool-loop-weather", .openai, .anthropic)
        expectSameJSON(actual, expected)
        #expect(actual[path: ["messages", 1, "content", 0, "type"]] == "tool_use")
        #expect(actual[path: ["messages", 1, "content", 0, "input", "location"]] == "Paris, France")
        #expect(actual[path: ["messages", 2, "content", 0, "type"]] == "tool_result")
    }

    @Test func toolResultsGoBeforeTextInAnAnthropicUserTurn() throws {
        let gemini = try json("""
            {"contents": [
              {"role": "user", "parts": [{"text": "weather?"}]},
              {"role": "model", "parts": [{"functionCall": {"name": "get_weather", "args": {"city": "Oslo"}}}]},
              {"role": "user", "parts": [{"text": "and be brief"}, {"functionResponse": {"name": "get_weather", "response": {"output": "rain"}}}]}
            ]}
            """)
        let anthropic = try Translator.translate(gemini, kind: .request, from: .gemini, to: .anthropic, model: "claude-sonnet-4-5")
        let blocks = try #require(anthropic[path: ["messages", 2, "content"]]?.arrayValue)
        #expect(blocks.map { $0["type"] } == ["tool_result", "text"])
        #expect(blocks[0]["tool_use_id"] == "call_1_0")
        #expect(blocks[0]["content"] == "rain")
    }

    @Test func geminiCallsGetStableIDsAndResultsLinkByNameAndOrder() throws {
        let (actual, _) = try request("parallel-tool-calls", .gemini, .openai)
        let calls = try #require(actual[path: ["messages", 1, "tool_calls"]]?.arrayValue)
        #expect(calls.map { $0["id"] } == ["call_1_0", "call_1_1"])
        #expect(actual[path: ["messages", 2, "tool_call_id"]] == "call_1_0")
        #expect(actual[path: ["messages", 3, "tool_call_id"]] == "call_1_1")
        #expect(actual[path: ["messages", 2, "content"]] == "Clear sky, 22°C, humidity 55%.")
        // The same input always gets the same ids.
        let again = try request("parallel-tool-calls", .gemini, .openai).actual
        #expect(again == actual)
    }

    @Test func geminiResultsLinkToTheCallOfTheSameNameInTheNearestModelTurn() throws {
        let gemini = try json("""
            {"contents": [
              {"role": "user", "parts": [{"text": "go"}]},
              {"role": "model", "parts": [
                {"functionCall": {"name": "lookup", "args": {"q": "a"}}},
                {"functionCall": {"name": "fetch", "args": {"u": "b"}}},
                {"functionCall": {"name": "lookup", "args": {"q": "c"}}}]},
              {"role": "user", "parts": [
                {"functionResponse": {"name": "fetch", "response": {"output": "B"}}},
                {"functionResponse": {"name": "lookup", "response": {"output": "A"}}},
                {"functionResponse": {"name": "lookup", "response": {"output": "C"}}}]},
              {"role": "model", "parts": [{"functionCall": {"name": "lookup", "args": {}}}]},
              {"role": "user", "parts": [{"functionResponse": {"name": "lookup", "response": {"error": "timeout"}}}]}
            ]}
            """)
        let anthropic = try Translator.translate(gemini, kind: .request, from: .gemini, to: .anthropic, model: "m")
        let calls = try #require(anthropic[path: ["messages", 1, "content"]]?.arrayValue)
        #expect(calls.map { $0["id"] } == ["call_1_0", "call_1_1", "call_1_2"])
        let results = try #require(anthropic[path: ["messages", 2, "content"]]?.arrayValue)
        #expect(results.map { $0["tool_use_id"] } == ["call_1_1", "call_1_0", "call_1_2"])
        #expect(results.map { $0["content"] } == ["B", "A", "C"])
        #expect(anthropic[path: ["messages", 3, "content", 0, "id"]] == "call_3_0")
        #expect(anthropic[path: ["messages", 4, "content", 0, "tool_use_id"]] == "call_3_0")
        #expect(anthropic[path: ["messages", 4, "content", 0, "is_error"]] == true)
    }

    @Test func anthropicGetsMaxTokens4096WhenTheSourceHasNone() throws {
        let (actual, expected) = try request("max-tokens-default", .openai, .anthropic)
        expectSameJSON(actual, expected)
        #expect(actual["max_tokens"] == 4096)
        for source in [WireFormat.gemini, .responses] {
            #expect(try request("max-tokens-default", source, .anthropic).actual["max_tokens"] == 4096, "from \(source)")
        }
    }

    @Test func anExplicitMaxTokensIsKeptForAnthropic() throws {
        let openai = try json(#"{"model":"m","messages":[{"role":"user","content":"hi"}],"max_completion_tokens":77}"#)
        #expect(try Translator.translate(openai, kind: .request, from: .openai, to: .anthropic)["max_tokens"] == 77)
    }

    @Test func geminiSchemaSubsetDropsUnsupportedKeysAndRewritesTypeLists() throws {
        let (actual, expected) = try request("gemini-schema-subset", .openai, .gemini)
        expectSameJSON(actual, expected)
        let parameters = try #require(actual[path: ["tools", 0, "functionDeclarations", 0, "parameters"]])
        #expect(parameters["$schema"] == nil)
        #expect(parameters["additionalProperties"] == nil)
        #expect(parameters[path: ["properties", "assignee", "type"]] == "string")
        #expect(parameters[path: ["properties", "assignee", "nullable"]] == true)
        #expect(parameters[path: ["properties", "kind", "enum"]] == ["issue"])
        #expect(parameters[path: ["properties", "labels", "anyOf"]]?.arrayValue?.count == 2)
        #expect(parameters[path: ["properties", "labels", "oneOf"]] == nil)
    }

    @Test func geminiSchemasDropNestedUnsupportedKeysToo() throws {
        let openai = try json("""
            {"model": "m", "messages": [{"role": "user", "content": "x"}],
             "response_format": {"type": "json_schema", "json_schema": {"name": "out", "schema": {
               "$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": {"x": {}}, "type": "object",
               "additionalProperties": false,
               "properties": {"tags": {"type": "array", "uniqueItems": true,
                                        "items": {"type": ["integer", "null"], "exclusiveMinimum": 0, "x-vendor": 1}}}}}}}
            """)
        let gemini = try Translator.translate(openai, kind: .request, from: .openai, to: .gemini)
        let schema = try #require(gemini[path: ["generationConfig", "responseSchema"]])
        #expect(gemini[path: ["generationConfig", "responseMimeType"]] == "application/json")
        #expect(schema == (try json("""
            {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "integer", "nullable": true}}}}
            """)))
    }

    @Test func geminiSchemasReadBackAsJSONSchema() throws {
        let gemini = try json("""
            {"contents": [{"role": "user", "parts": [{"text": "x"}]}],
             "tools": [{"functionDeclarations": [{"name": "f", "parameters":
               {"type": "OBJECT", "properties": {"a": {"type": "STRING", "nullable": true}, "b": {"type": "ARRAY", "items": {"type": "NUMBER"}}}}}]}]}
            """)
        let openai = try Translator.translate(gemini, kind: .request, from: .gemini, to: .openai, model: "m")
        #expect(openai[path: ["tools", 0, "function", "parameters"]] == (try json("""
            {"type": "object", "properties": {"a": {"type": ["string", "null"]}, "b": {"type": "array", "items": {"type": "number"}}}}
            """)))
    }

    @Test func geminiThoughtSignatureInRequestHistoryIsDroppedForAnthropic() throws {
        let (actual, expected) = try request("gemini-thought-signature", .gemini, .anthropic)
        expectSameJSON(actual, expected)
        let blocks = try #require(actual[path: ["messages", 1, "content"]]?.arrayValue)
        #expect(blocks.map { $0["type"] } == ["tool_use"])
        #expect(!actual.compactText.contains("omniroute.v1"))
    }

    /// OpenAI tool messages and Gemini function responses hold text only; a Responses
    /// `function_call_output` may carry `input_image` parts, so there the image stays.
    @Test func anthropicToolResultImagesAreDroppedWhereToolResultsHoldTextOnly() throws {
        let anthropic = try json("""
            {"model": "claude-sonnet-4-5", "max_tokens": 100, "messages": [
              {"role": "user", "content": "screenshot please"},
              {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "screenshot", "input": {}}]},
              {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": [
                {"type": "text", "text": "here it is"},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}]}]}]}
            """)
        for target in [WireFormat.openai, .gemini] {
            let output = try Translator.translate(anthropic, kind: .request, from: .anthropic, to: target)
            let text = output.compactText
            #expect(!text.contains("iVBORw0KGgo"), "\(target) keeps the result image: \(text)")
            #expect(text.contains("here it is"), "\(target) lost the result text: \(text)")
        }
        let responses = try Translator.translate(anthropic, kind: .request, from: .anthropic, to: .responses)
        #expect(responses[path: ["input", 2, "output", 1, "type"]] == "input_image")
    }

    @Test func aWrappedAnthropicSignatureFromAGeminiClientIsRestoredForAnthropic() throws {
        // The gateway gave a gemini client "omniroute.v1.anthropic.<sig>"; its next request goes to Anthropic.
        let gemini = try json("""
            {"contents": [{"role": "user", "parts": [{"text": "q"}]},
                          {"role": "model", "parts": [{"text": "let me think", "thought": true, "thoughtSignature": "omniroute.v1.anthropic.EqQBCkYIBx"},
                                                      {"text": "answer"}]},
                          {"role": "user", "parts": [{"text": "more"}]}]}
            """)
        let anthropic = try Translator.translate(gemini, kind: .request, from: .gemini, to: .anthropic, model: "claude-sonnet-4-5")
        #expect(anthropic[path: ["messages", 1, "content"]] == [
            ["type": "thinking", "thinking": "let me think", "signature": "EqQBCkYIBx"], ["type": "text", "text": "answer"],
        ])
        // Gemini's own upstream gets no foreign signature.
        let openai = try Translator.translate(gemini, kind: .request, from: .gemini, to: .openai, model: "m")
        #expect(!openai.compactText.contains("EqQBCkYIBx"))
    }

    @Test func aWrappedGeminiSignatureFromAResponsesClientIsRestoredForGemini() throws {
        let responses = try json("""
            {"model": "gemini-2.5-pro", "input": [{"role": "user", "content": "q"},
              {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "thinking"}], "encrypted_content": "omniroute.v1.gemini.CiQBsig"},
              {"type": "message", "role": "assistant", "content": "a"}, {"role": "user", "content": "next"}]}
            """)
        let gemini = try Translator.translate(responses, kind: .request, from: .responses, to: .gemini)
        #expect(gemini[path: ["contents", 1, "parts", 0]] == ["text": "thinking", "thought": true, "thoughtSignature": "CiQBsig"])
    }

    @Test(arguments: ["reasoning-effort-high", "reasoning-effort-low"])
    func reasoningEffortFixturesMatchInBothDirections(_ name: String) throws {
        let (toAnthropic, anthropic) = try request(name, .openai, .anthropic)
        expectSameJSON(toAnthropic, anthropic, "openai->anthropic")
        let (toOpenAI, openai) = try request(name, .anthropic, .openai)
        expectSameJSON(toOpenAI, openai, "anthropic->openai")
        let (fromGemini, responses) = try request(name, .gemini, .responses)
        expectSameJSON(fromGemini, responses, "gemini->responses")
    }
}
