import OmniCore
import Testing

@Suite("Codecs: same format passes through")
struct SameFormatTests {
    @Test(arguments: WireFormat.allCases)
    func everyRequestFixturePassesThroughWithOnlyTheModelReplaced(_ format: WireFormat) throws {
        for file in try FixtureFiles.all() where file.kind == .request && file.format == format {
            let input = try JSONParser.parse(file.bytes)
            let output = try Translator.translate(input, kind: .request, from: format, to: format, model: "replaced-model")
            var expected = input
            if format != .gemini, case .object(var o) = expected { o["model"] = "replaced-model"; expected = .object(o) }
            expectSameJSON(output, expected, "\(file.path)")
        }
    }

    @Test(arguments: WireFormat.allCases)
    func everyResponseFixturePassesThroughUnchanged(_ format: WireFormat) throws {
        for file in try FixtureFiles.all() where file.kind == .response && file.format == format {
            let input = try JSONParser.parse(file.bytes)
            expectSameJSON(try Translator.translate(input, kind: .response, from: format, to: format), input, "\(file.path)")
        }
    }

    @Test func unknownOpenAIFieldsAtEveryLevelPassThrough() throws {
        let input = try json("""
            {"model": "gpt-4.1", "x_top": {"deep": [1, 2.50, null]}, "logprobs": true, "top_logprobs": 3, "service_tier": "flex",
             "messages": [
               {"role": "developer", "content": "be brief", "name": "ops"},
               {"role": "user", "name": "ann", "content": [{"type": "text", "text": "hi", "x_part": 1},
                                                           {"type": "image_url", "image_url": {"url": "https://e.x/a.png", "detail": "low"}, "x_img": true},
                                                           {"type": "input_audio", "input_audio": {"data": "AAA=", "format": "wav"}}]},
               {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": " { \\"a\\" : 1 } "}, "x_call": 1}], "x_msg": "m"},
               {"role": "tool", "tool_call_id": "c1", "content": [{"type": "text", "text": "ok"}], "x_tool": 0}],
             "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}, "x_fn": 1}, "x_tool": 2},
                       {"type": "custom", "custom": {"name": "grammar"}}],
             "tool_choice": {"type": "allowed_tools", "allowed_tools": {"mode": "auto", "tools": []}},
             "stop": "END", "max_tokens": 10, "stream": false}
            """)
        let output = try Translator.translate(input, kind: .request, from: .openai, to: .openai, model: "gpt-5")
        var expected = try #require(input.objectValue)
        expected["model"] = "gpt-5"
        expectSameJSON(output, .object(expected))
    }

    @Test func unknownAnthropicFieldsAtEveryLevelPassThrough() throws {
        let input = try json("""
            {"model": "claude-sonnet-4-5", "max_tokens": 100, "x_top": 1, "container": "c1", "mcp_servers": [],
             "system": [{"type": "text", "text": "sys", "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
             "messages": [
               {"role": "user", "content": [{"type": "text", "text": "a", "citations": null},
                                            {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "doc"}, "title": "t"}]},
               {"role": "user", "content": "b"},
               {"role": "assistant", "content": [{"type": "thinking", "thinking": "hmm", "signature": "sig"},
                                                 {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "q"}},
                                                 {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}, "cache_control": {"type": "ephemeral"}}]},
               {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "ok", "is_error": false}]}],
             "tools": [{"name": "f", "input_schema": {"type": "object"}, "cache_control": {"type": "ephemeral"}},
                       {"type": "web_search_20250305", "name": "web_search", "max_uses": 2}],
             "tool_choice": {"type": "auto", "disable_parallel_tool_use": false},
             "thinking": {"type": "enabled", "budget_tokens": 2000}, "metadata": {"user_id": "u", "x": 1}}
            """)
        let output = try Translator.translate(input, kind: .request, from: .anthropic, to: .anthropic, model: "claude-opus-4-1")
        var expected = try #require(input.objectValue)
        expected["model"] = "claude-opus-4-1"
        expectSameJSON(output, .object(expected))
    }

    @Test func anAnthropicToolResultWithoutContentPassesThroughUnchanged() throws {
        // `content` is optional on tool_result; the same format must not add one.
        let input = try json("""
            {"model": "claude-sonnet-4-5", "max_tokens": 100, "messages": [
              {"role": "user", "content": "go"},
              {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}}]},
              {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1"}]}]}
            """)
        expectSameJSON(try Translator.translate(input, kind: .request, from: .anthropic, to: .anthropic), input)
    }

    @Test func unknownGeminiFieldsAndSpellingsPassThrough() throws {
        let input = try json("""
            {"contents": [{"role": "user", "parts": [{"text": "a", "x_part": 1}, {"inline_data": {"mime_type": "image/png", "data": "AAA="}}]},
                          {"role": "model", "parts": [{"function_call": {"name": "f", "args": {"x": 1.0}}, "thought_signature": "s1"}]},
                          {"parts": {"functionResponse": {"name": "f", "response": {"result": {"n": 1}}}}}],
             "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}],
             "cachedContent": "cachedContents/abc",
             "tools": [{"functionDeclarations": [{"name": "f", "parameters": {"type": "OBJECT", "properties": {"x": {"type": "NUMBER"}}}, "behavior": "BLOCKING"}]},
                       {"googleSearch": {}}],
             "generationConfig": {"temperature": 1.0, "responseModalities": ["TEXT"], "mediaResolution": "MEDIA_RESOLUTION_LOW"}}
            """)
        let output = try Translator.translate(input, kind: .request, from: .gemini, to: .gemini, model: "gemini-2.5-pro")
        #expect(output["model"] == nil)
        expectSameJSON(output, input)
    }

    @Test func unknownResponsesFieldsAndItemsPassThrough() throws {
        let input = try json("""
            {"model": "gpt-4.1", "store": false, "previous_response_id": null, "include": ["reasoning.encrypted_content"], "truncation": "auto",
             "input": [{"role": "user", "content": [{"type": "input_text", "text": "a"}, {"type": "input_image", "file_id": "file_1"}]},
                       {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "enc", "x": 1},
                       {"type": "web_search_call", "id": "ws_1", "status": "completed", "action": {"type": "search", "query": "q"}},
                       {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "f", "arguments": "{}", "status": "completed"},
                       {"type": "function_call_output", "call_id": "call_1", "output": "r", "x_out": 1}],
             "tools": [{"type": "web_search_preview"}, {"type": "function", "name": "f", "parameters": {"type": "object"}, "strict": true}],
             "text": {"format": {"type": "text"}, "verbosity": "low"}, "reasoning": {"effort": "low", "summary": "auto"}}
            """)
        let output = try Translator.translate(input, kind: .request, from: .responses, to: .responses, model: "o3")
        var expected = try #require(input.objectValue)
        expected["model"] = "o3"
        expectSameJSON(output, .object(expected))
    }

    /// A signature the gateway wrapped for this client (`omniroute.v1.<other format>.…`) came from
    /// another vendor: the upstream of this request cannot verify it and would reject the request,
    /// so it is the one thing a same-format request does not pass on (docs/translation.md).
    @Test func aWrappedForeignGeminiSignatureIsNotSentToGemini() throws {
        let input = try json("""
            {"contents": [{"role": "user", "parts": [{"text": "q"}]},
                          {"role": "model", "parts": [{"text": "hmm", "thought": true, "thoughtSignature": "omniroute.v1.anthropic.SIG"}, {"text": "a"}]}]}
            """)
        let output = try Translator.translate(input, kind: .request, from: .gemini, to: .gemini)
        let expected = try json("""
            {"contents": [{"role": "user", "parts": [{"text": "q"}]},
                          {"role": "model", "parts": [{"text": "hmm", "thought": true}, {"text": "a"}]}]}
            """)
        expectSameJSON(output, expected)
    }

    @Test func aWrappedForeignEncryptedContentIsNotSentToResponses() throws {
        let input = try json("""
            {"model": "gpt-5", "input": [{"role": "user", "content": "q"},
              {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "hmm"}], "encrypted_content": "omniroute.v1.anthropic.SIG"}]}
            """)
        let output = try Translator.translate(input, kind: .request, from: .responses, to: .responses)
        let expected = try json("""
            {"model": "gpt-5", "input": [{"role": "user", "content": "q"},
              {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "hmm"}]}]}
            """)
        expectSameJSON(output, expected)
    }

    @Test func crossFormatExtrasAreDropped() throws {
        let input = try json(#"{"model":"m","x_top":1,"messages":[{"role":"user","content":[{"type":"text","text":"a","x_part":1}],"name":"ann"}]}"#)
        for target in [WireFormat.anthropic, .gemini, .responses] {
            let output = try Translator.translate(input, kind: .request, from: .openai, to: target)
            let text = output.compactText
            #expect(!text.contains("x_top") && !text.contains("x_part") && !text.contains("ann"), "\(target): \(text)")
        }
    }
}
