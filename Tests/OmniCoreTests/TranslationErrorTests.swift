import OmniCore
import Testing

/// The translation error for `input`, or a test failure when it translates.
private func translationError(
    _ input: String, _ kind: PayloadKind = .request, from source: WireFormat, to target: WireFormat,
    sourceLocation: SourceLocation = #_sourceLocation
) -> TranslationError? {
    do {
        let output = try Translator.translate(Array(input.utf8), kind: kind, from: source, to: target)
        Issue.record("expected a TranslationError, got \(String(decoding: output, as: UTF8.self))", sourceLocation: sourceLocation)
    } catch let error as TranslationError {
        return error
    } catch {
        Issue.record("expected a TranslationError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Expects `input` to fail with exactly `description` whatever the target format (decoding
/// fails before any encoder runs).
private func expectError(
    _ input: String, _ kind: PayloadKind = .request, from source: WireFormat, _ description: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let descriptions = Set(WireFormat.allCases.compactMap {
        translationError(input, kind, from: source, to: $0, sourceLocation: sourceLocation)?.description
    })
    #expect(descriptions == [description], sourceLocation: sourceLocation)
}

@Suite("Translation errors: openai requests")
struct OpenAIRequestErrorTests {
    @Test func aContentOfTheWrongTypeNamesItsPath() {
        expectError(#"{"model":"m","messages":[{"role":"user","content":"a"},{"role":"user","content":5}]}"#, from: .openai,
                    "messages[1].content: expected string, array or null, found number 5")
    }

    @Test func aWrongTypeDeepInsideAToolCallNamesTheFullPath() {
        expectError(#"{"model":"m","messages":[{"role":"user","content":"a"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":3,"arguments":"{}"}}]}]}"#,
                    from: .openai, "messages[1].tool_calls[0].function.name: expected string, found number 3")
        expectError(#"{"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c1","function":{"name":"f","arguments":{"a":1}}}]}]}"#,
                    from: .openai, "messages[0].tool_calls[0].function.arguments: expected string, found object")
    }

    @Test func missingRequiredFieldsAreFoundNothing() {
        expectError(#"{"model":"m"}"#, from: .openai, "messages: expected array, found nothing")
        expectError(#"{"messages":[{"content":"a"}]}"#, from: .openai, "messages[0].role: expected string, found nothing")
        expectError(#"{"messages":[{"role":"tool","content":"a"}]}"#, from: .openai, "messages[0].tool_call_id: expected string, found nothing")
        expectError(#"{"messages":[{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f"}}]}]}"#,
                    from: .openai, "messages[0].tool_calls[0].id: expected string, found nothing")
        expectError(#"{"messages":[{"role":"user","content":[{"type":"text"}]}]}"#, from: .openai,
                    "messages[0].content[0].text: expected string, found nothing")
        expectError(#"{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"detail":"low"}}]}]}"#, from: .openai,
                    "messages[0].content[0].image_url.url: expected string, found nothing")
        expectError(#"{"messages":[],"tools":[{"type":"function","function":{"description":"d"}}]}"#, from: .openai,
                    "tools[0].function.name: expected string, found nothing")
    }

    @Test func wrongTypesOfSettingsNameTheKey() {
        expectError(#"{"messages":[],"temperature":"hot"}"#, from: .openai, #"temperature: expected number, found string "hot""#)
        expectError(#"{"messages":[],"max_tokens":1.5}"#, from: .openai, "max_tokens: expected integer, found number 1.5")
        expectError(#"{"messages":[],"stop":["a",2]}"#, from: .openai, "stop[1]: expected string, found number 2")
        expectError(#"{"messages":[],"tool_choice":5}"#, from: .openai,
                    #"tool_choice: expected "auto", "none", "required" or a function object, found number 5"#)
        expectError(#"{"messages":[{"role":"robot","content":"x"}]}"#, from: .openai,
                    #"messages[0].role: expected system, developer, user, assistant or tool, found string "robot""#)
        expectError(#"{"messages":[],"response_format":{"type":"json_schema","json_schema":{"strict":"yes"}}}"#, from: .openai,
                    #"response_format.json_schema.strict: expected boolean, found string "yes""#)
    }

    @Test func aBodyThatIsNotAnObjectIsReportedAtTheTop() {
        expectError("[]", from: .openai, "$: expected object, found array")
        expectError(#""hi""#, from: .anthropic, #"$: expected object, found string "hi""#)
        expectError("null", .response, from: .gemini, "$: expected object, found null")
    }

    @Test func aMessageThatIsNotAnObjectNamesItsIndex() {
        expectError(#"{"messages":[{"role":"user","content":"a"},true]}"#, from: .openai, "messages[1]: expected object, found boolean true")
    }
}

@Suite("Translation errors: tool-call arguments")
struct ToolCallArgumentErrorTests {
    /// An openai request whose assistant tool call carries `arguments`, after a system and a user message.
    static func openai(arguments: String) -> String {
        #"""
        {"model":"m","messages":[{"role":"system","content":"s"},{"role":"user","content":"u"},
          {"role":"assistant","content":null,"tool_calls":[
            {"id":"c0","type":"function","function":{"name":"f","arguments":"{}"}},
            {"id":"c1","type":"function","function":{"name":"f","arguments":\#(arguments)}}]},
          {"role":"tool","tool_call_id":"c0","content":"r0"},{"role":"tool","tool_call_id":"c1","content":"r1"}]}
        """#
    }

    @Test(arguments: [WireFormat.anthropic, .gemini])
    func invalidArgumentsTextNamesTheSourcePath(_ target: WireFormat) throws {
        let error = try #require(translationError(Self.openai(arguments: #""{\"city\": \"Paris\"""#), from: .openai, to: target))
        #expect(error.expected == "a JSON object in the arguments text")
        #expect(error.found.hasPrefix("invalid JSON ("))
        #expect(error.pathString == "messages[2].tool_calls[1].function.arguments", "\(error)")
    }

    @Test(arguments: [("[1,2]", "array"), ("42", "number 42"), (#"\"text\""#, #"string "text""#), ("null", "null")])
    func argumentsThatAreNotAnObjectAreAnError(_ text: String, _ found: String) throws {
        let error = try #require(translationError(Self.openai(arguments: "\"\(text)\""), from: .openai, to: .anthropic))
        #expect(error.description.hasSuffix(": expected a JSON object in the arguments text, found \(found)"), "\(error)")
    }

    @Test func responsesArgumentsThatAreNotAnObjectAreAnErrorForGemini() throws {
        let input = #"{"model":"m","input":[{"type":"function_call","call_id":"c","name":"f","arguments":"[]"}]}"#
        let error = try #require(translationError(input, from: .responses, to: .gemini))
        #expect(error.expected == "a JSON object in the arguments text")
        #expect(error.found == "array")
        #expect(error.pathString == "input[0].arguments", "\(error)")
    }

    @Test func responseArgumentsThatAreNotJSONNameTheSourcePath() throws {
        let input = #"{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{oops"}}]},"finish_reason":"tool_calls"}]}"#
        let error = try #require(translationError(input, .response, from: .openai, to: .anthropic))
        #expect(error.expected == "a JSON object in the arguments text")
        #expect(error.pathString == "choices[0].message.tool_calls[0].function.arguments", "\(error)")
    }

    @Test func theSameFormatKeepsArgumentsTextAsItIs() throws {
        // openai → openai and openai → responses carry text: no parse, no error.
        for target in [WireFormat.openai, .responses] {
            _ = try Translator.translate(Array(Self.openai(arguments: #""{oops""#).utf8), kind: .request, from: .openai, to: target)
        }
    }
}

@Suite("Translation errors: anthropic requests")
struct AnthropicRequestErrorTests {
    @Test func contentErrorsNameTheBlock() {
        expectError(#"{"model":"m","messages":[{"role":"user","content":5}]}"#, from: .anthropic,
                    "messages[0].content: expected string or array of content blocks, found number 5")
        expectError(#"{"model":"m","messages":[{"role":"user"}]}"#, from: .anthropic,
                    "messages[0].content: expected string or array of content blocks, found nothing")
        expectError(#"{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":[{"type":"text","text":"t"},{"type":"tool_use","id":"t1","input":{}}]}]}"#,
                    from: .anthropic, "messages[1].content[1].name: expected string, found nothing")
        expectError(#"{"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":true}]}]}"#,
                    from: .anthropic, "messages[0].content[0].content: expected string or array, found boolean true")
        expectError(#"{"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":7}]}]}]}"#,
                    from: .anthropic, "messages[0].content[0].content[0].text: expected string, found number 7")
        expectError(#"{"messages":[{"role":"user","content":[{"type":"image"}]}]}"#, from: .anthropic,
                    "messages[0].content[0].source: expected object, found nothing")
        expectError(#"{"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png"}}]}]}"#,
                    from: .anthropic, "messages[0].content[0].source.data: expected string, found nothing")
        expectError(#"{"messages":[{"role":"user","content":[{"text":"no type"}]}]}"#, from: .anthropic,
                    "messages[0].content[0].type: expected string, found nothing")
    }

    @Test func topLevelErrorsNameTheKey() {
        expectError(#"{"messages":[],"system":1}"#, from: .anthropic, "system: expected string or array of text blocks, found number 1")
        expectError(#"{"messages":[],"system":[{"type":"text"}]}"#, from: .anthropic, "system[0].text: expected string, found nothing")
        expectError(#"{"messages":[],"tool_choice":{"type":"tool"}}"#, from: .anthropic, "tool_choice.name: expected string, found nothing")
        expectError(#"{"messages":[],"thinking":{"type":"enabled","budget_tokens":"lots"}}"#, from: .anthropic,
                    #"thinking.budget_tokens: expected number, found string "lots""#)
        expectError(#"{"messages":[{"role":"system","content":"x"}]}"#, from: .anthropic,
                    #"messages[0].role: expected "user" or "assistant", found string "system""#)
        expectError(#"{"messages":[],"tools":[{"description":"no name","input_schema":{}}]}"#, from: .anthropic,
                    "tools[0].name: expected string, found nothing")
        expectError(#"{"messages":[],"metadata":{"user_id":1}}"#, from: .anthropic, "metadata.user_id: expected string, found number 1")
    }
}

@Suite("Translation errors: gemini requests")
struct GeminiRequestErrorTests {
    @Test func partErrorsNameThePart() {
        expectError(#"{"contents":"hi"}"#, from: .gemini, #"contents: expected array of contents, found string "hi""#)
        expectError(#"{}"#, from: .gemini, "contents: expected array of contents, found nothing")
        expectError(#"{"contents":[{"role":"user","parts":3}]}"#, from: .gemini, "contents[0].parts: expected array of parts, found number 3")
        expectError(#"{"contents":[1]}"#, from: .gemini, "contents[0]: expected object, found number 1")
    }

    /// Errors inside a part must name the `parts` key: `contents[1].parts[0]…`, not `contents[1][0]…`.
    @Test func errorsInsideAPartNameThePartsKey() {
        expectError(#"{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":1}}]}]}"#,
                    from: .gemini, "contents[1].parts[0].functionCall.name: expected string, found number 1")
        expectError(#"{"contents":[{"role":"user","parts":[{"inlineData":{"mimeType":"image/png"}}]}]}"#, from: .gemini,
                    "contents[0].parts[0].inlineData.data: expected string, found nothing")
        expectError(#"{"contents":[{"role":"user","parts":[{"file_data":{"mime_type":"image/png"}}]}]}"#, from: .gemini,
                    "contents[0].parts[0].file_data.fileUri: expected string, found nothing")
        expectError(#"{"contents":[{"role":"user","parts":[{"functionResponse":{"response":{}}}]}]}"#, from: .gemini,
                    "contents[0].parts[0].functionResponse.name: expected string, found nothing")
        expectError(#"{"contents":[{"role":"model","parts":[{"text":"a","thoughtSignature":5}]}]}"#, from: .gemini,
                    "contents[0].parts[0].thoughtSignature: expected string, found number 5")
        expectError(#"{"contents":[],"systemInstruction":{"parts":[{"text":false}]}}"#, from: .gemini,
                    "systemInstruction.parts[0].text: expected string, found boolean false")
        expectError(#"{"candidates":[{"content":{"parts":[{"text":"a"},{"functionCall":{"args":{}}}]}}]}"#, .response, from: .gemini,
                    "candidates[0].content.parts[1].functionCall.name: expected string, found nothing")
    }

    @Test func configErrorsNameTheKeyAsSpelled() {
        expectError(#"{"contents":[],"generationConfig":{"temperature":"x"}}"#, from: .gemini,
                    #"generationConfig.temperature: expected number, found string "x""#)
        expectError(#"{"contents":[],"generation_config":{"max_output_tokens":true}}"#, from: .gemini,
                    "generation_config.max_output_tokens: expected number, found boolean true")
        expectError(#"{"contents":[],"generationConfig":{"thinkingConfig":{"thinkingBudget":"high"}}}"#, from: .gemini,
                    #"generationConfig.thinkingConfig.thinkingBudget: expected number, found string "high""#)
        expectError(#"{"contents":[],"tools":[{"functionDeclarations":[{"name":"a"},{"description":"b"}]}]}"#, from: .gemini,
                    "tools[0].functionDeclarations[1].name: expected string, found nothing")
        expectError(#"{"contents":[],"toolConfig":{"functionCallingConfig":{"mode":1}}}"#, from: .gemini,
                    "toolConfig.functionCallingConfig.mode: expected string, found number 1")
    }
}

@Suite("Translation errors: responses requests")
struct ResponsesRequestErrorTests {
    @Test func itemErrorsNameTheItem() {
        expectError(#"{"model":"m","input":1}"#, from: .responses, "input: expected string or array of items, found number 1")
        expectError(#"{"model":"m","input":[{"role":"user"}]}"#, from: .responses, "input[0].content: expected string or array, found nothing")
        expectError(#"{"model":"m","input":[{"role":"user","content":"a"},{"type":"function_call","name":"f","arguments":"{}"}]}"#,
                    from: .responses, "input[1].call_id: expected string, found nothing")
        expectError(#"{"model":"m","input":[{"type":"function_call_output","call_id":"c","output":{"a":1}}]}"#, from: .responses,
                    "input[0].output: expected string or array, found object")
        expectError(#"{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":1}]}]}"#, from: .responses,
                    "input[0].content[0].text: expected string, found number 1")
        expectError(#"{"model":"m","input":[{"role":"tool","content":"x"}]}"#, from: .responses,
                    #"input[0].role: expected user, assistant, system or developer, found string "tool""#)
        expectError(#"{"model":"m","input":[{"type":"reasoning","summary":[{"type":"summary_text"}]}]}"#, from: .responses,
                    "input[0].summary[0].text: expected string, found nothing")
    }

    @Test func settingErrorsNameTheKey() {
        expectError(#"{"model":"m","input":[],"tool_choice":5}"#, from: .responses,
                    #"tool_choice: expected "auto", "none", "required" or an object, found number 5"#)
        expectError(#"{"model":"m","input":[],"reasoning":{"effort":1}}"#, from: .responses, "reasoning.effort: expected string, found number 1")
        expectError(#"{"model":"m","input":[],"text":{"format":{}}}"#, from: .responses, "text.format.type: expected string, found nothing")
        expectError(#"{"model":"m","input":[],"tool_choice":{"type":"function"}}"#, from: .responses,
                    "tool_choice.name: expected string, found nothing")
        expectError(#"{"model":"m","input":[],"max_output_tokens":"10"}"#, from: .responses,
                    #"max_output_tokens: expected number, found string "10""#)
    }
}

@Suite("Translation errors: whole responses")
struct ResponseErrorTests {
    @Test func openAIResponseErrors() {
        expectError(#"{"id":"c","object":"chat.completion"}"#, .response, from: .openai, "choices: expected array, found nothing")
        expectError(#"{"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":{}}}]}}]}"#,
                    .response, from: .openai, "choices[0].message.tool_calls[0].function.arguments: expected string, found object")
        expectError(#"{"choices":[],"usage":{"prompt_tokens":"10"}}"#, .response, from: .openai,
                    #"usage.prompt_tokens: expected number, found string "10""#)
        expectError(#"{"choices":[{"message":{"content":4}}]}"#, .response, from: .openai,
                    "choices[0].message.content: expected string, array or null, found number 4")
    }

    @Test func anthropicResponseErrors() {
        expectError(#"{"id":"m","type":"message"}"#, .response, from: .anthropic, "content: expected array, found nothing")
        expectError(#"{"content":[{"type":"thinking","signature":"s"}]}"#, .response, from: .anthropic,
                    "content[0].thinking: expected string, found nothing")
        expectError(#"{"content":[],"usage":{"input_tokens":1,"cache_read_input_tokens":"x"}}"#, .response, from: .anthropic,
                    #"usage.cache_read_input_tokens: expected number, found string "x""#)
    }

    @Test func geminiResponseErrors() {
        expectError(#"{"candidates":[{"finishReason":1}]}"#, .response, from: .gemini, "candidates[0].finishReason: expected string, found number 1")
        expectError(#"{"candidates":[],"usageMetadata":{"promptTokenCount":"1"}}"#, .response, from: .gemini,
                    #"usageMetadata.promptTokenCount: expected number, found string "1""#)
    }

    @Test func responsesResponseErrors() {
        expectError(#"{"output":[{"type":"message","content":[{"type":"output_text"}]}]}"#, .response, from: .responses,
                    "output[0].content[0].text: expected string, found nothing")
        expectError(#"{"output":[{"type":"function_call","name":"f"}]}"#, .response, from: .responses,
                    "output[0].call_id: expected string, found nothing")
        expectError(#"{"output":[],"usage":{"input_tokens":true}}"#, .response, from: .responses,
                    "usage.input_tokens: expected number, found boolean true")
    }
}

@Suite("Translation errors: syntax")
struct SyntaxErrorTests {
    @Test func malformedJSONIsATranslationErrorWithLineAndColumn() throws {
        let error = try #require(translationError("{\n  \"model\": \"m\",\n  \"messages\": [,]\n}", from: .openai, to: .anthropic))
        #expect(error.path.isEmpty)
        #expect(error.expected == "valid JSON")
        #expect(error.description == "invalid JSON at line 3, column 16: expected a value, found ','")
    }

    @Test func a100000DeepDocumentIsATranslationErrorNotAStackOverflow() throws {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000) + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        for kind in PayloadKind.allCases {
            let error = try #require(translationError(String(decoding: bytes, as: UTF8.self), kind, from: .openai, to: .anthropic))
            #expect(error.description == "invalid JSON at line 1, column 513: nesting deeper than 512 levels")
        }
    }

    @Test func aLeadingByteOrderMarkIsATranslationError() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"messages":[]}"#.utf8)
        #expect(throws: TranslationError.self) {
            try Translator.translate(bytes, kind: .request, from: .openai, to: .openai)
        }
    }

    @Test func pathsQuoteKeysThatAreNotPlainNames() {
        let error = TranslationError(path: [.key("a.b"), .index(2), .key("c"), .key("x y"), .key("")], expected: "e", found: "f")
        #expect(error.pathString == #"["a.b"][2].c["x y"][""]"#)
        #expect(TranslationError(expected: "e", found: "f").description == "$: expected e, found f")
    }
}
