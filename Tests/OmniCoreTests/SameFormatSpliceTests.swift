import OmniCore
import Testing

/// The engine's same-format shortcut (`SameFormatPassThrough`) against the translating path
/// it replaces: for every fixture and for generated bodies, the spliced bytes must read as
/// the same JSON as decode → encode, and the usage must be the same.
@Suite("Same-format pass-through equals the translating path")
struct SameFormatSpliceTests {
    static let cases: UInt64 = 300

    /// What the translating path sends upstream for a same-format request.
    static func translated(_ bytes: [UInt8], format: WireFormat, model: String, stream: Bool) throws -> JSON {
        var json = try Translator.translate(try JSONParser.parse(bytes, keepingSchemasRaw: true), kind: .request, from: format, to: format, model: model)
        if format == .openai, stream, case .object(var top) = json, top["stream_options"] == nil {
            top.append("stream_options", ["include_usage": true])
            json = .object(top)
        }
        return json
    }

    static func splice(_ bytes: [UInt8], format: WireFormat, model: String, stream: Bool) -> [UInt8]? {
        guard let (json, spans) = try? JSONParser.parseWithSpans(bytes, keepingSchemasRaw: true), case .object(let top) = json,
              let decoded = try? Translator.decodeRequest(json, from: format)
        else { return nil }
        return SameFormatPassThrough.request(bytes, top: top, spans: spans, signatures: decoded.signatureOrigins, format: format, model: model, stream: stream)
    }

    static func checkRequest(_ bytes: [UInt8], format: WireFormat, _ label: String) throws {
        let stream = (try JSONParser.parse(bytes))["stream"]?.boolValue ?? false
        for stream in Set([stream, false]) {
            guard let spliced = splice(bytes, format: format, model: "up/model-β", stream: stream) else {
                // Only the cases the shortcut declines on purpose.
                let top = try JSONParser.parse(bytes).objectValue
                #expect(format == .anthropic && top?["max_tokens"] == nil, "\(label): declined")
                continue
            }
            expectSameJSON(try JSONParser.parse(spliced, keepingSchemasRaw: true), try translated(bytes, format: format, model: "up/model-β", stream: stream),
                           "\(label) stream \(stream)")
        }
    }

    /// The answers the shortcut leaves to the translating path on purpose, because that path
    /// changes them: tool calls (their finish reason is mended), odd signatures, gemini.
    static func declinedOnPurpose(_ bytes: [UInt8], format: WireFormat) throws -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        switch format {
        case .openai: return text.contains(#""tool_calls""#) || text.contains(#""function_call""#)
        case .anthropic: return text.contains("omniroute.v1.") || text.contains(#""signature":"""#)
        case .responses: return try JSONParser.parse(bytes)["model"] == nil
        case .gemini: return true
        }
    }

    /// Checks one answer; true when the shortcut took it.
    @discardableResult
    static func checkResponse(_ bytes: [UInt8], format: WireFormat, _ label: String) throws -> Bool {
        let decoded = try Translator.decodeResponse(try JSONParser.parse(bytes), from: format)
        guard let (spliced, usage) = SameFormatPassThrough.response(bytes, format: format, model: "asked-for") else {
            #expect(try declinedOnPurpose(bytes, format: format), "\(label): declined")
            return false
        }
        var ir = decoded
        ir.model = "asked-for"
        expectSameJSON(try JSONParser.parse(spliced), try Translator.encodeResponse(ir, to: format), "\(label)")
        #expect(usage == decoded.usage, "\(label): usage")
        return true
    }

    @Test(arguments: WireFormat.allCases)
    func everyRequestFixture(_ format: WireFormat) throws {
        for file in try FixtureFiles.all() where file.kind == .request && file.format == format {
            try Self.checkRequest(file.bytes, format: format, file.path)
        }
    }

    @Test(arguments: WireFormat.allCases)
    func everyResponseFixture(_ format: WireFormat) throws {
        for file in try FixtureFiles.all() where file.kind == .response && file.format == format {
            try Self.checkResponse(file.bytes, format: format, file.path)
        }
    }

    @Test(arguments: WireFormat.allCases)
    func generatedRequests(_ format: WireFormat) throws {
        for seed in 0..<Self.cases {
            var generator = IRGenerator(seed: 0x5A1C_0000 + seed)
            var request = generator.request()
            if request.model == nil { request.model = "client-model" }
            let bytes = JSONWriter.encode(try Translator.encodeRequest(request, to: format))
            try Self.checkRequest(bytes, format: format, "seed \(0x5A1C_0000 + seed)")
        }
    }

    @Test(arguments: WireFormat.allCases)
    func generatedResponses(_ format: WireFormat) throws {
        var taken = 0
        defer { if format != .gemini { #expect(taken >= 30, "only \(taken) of \(Self.cases) answers took the shortcut") } }
        for seed in 0..<Self.cases {
            var generator = IRGenerator(seed: 0x5A1D_0000 + seed)
            var response = generator.response()
            if response.model == nil { response.model = "upstream-model" }
            let bytes = JSONWriter.encode(try Translator.encodeResponse(response, to: format))
            if try Self.checkResponse(bytes, format: format, "seed \(0x5A1D_0000 + seed)") { taken += 1 }
        }
    }

    // MARK: What it leaves to the translating path

    @Test func aWrappedSignatureInTheHistoryIsLeftToTheEncoder() {
        let body = Array(#"{"model":"m","max_tokens":5,"messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"","signature":"omniroute.v1.gemini.abc"}]}]}"#.utf8)
        #expect(Self.splice(body, format: .anthropic, model: "x", stream: false) == nil)
    }

    @Test func aRepeatedModelKeyIsLeftToTheEncoderAndAnEscapedOneIsFound() throws {
        let twice = Array(#"{"model":"a","messages":[],"model":"b"}"#.utf8)
        #expect(Self.splice(twice, format: .openai, model: "x", stream: false) == nil)
        let escaped = Array(#"{"mod\u0065l":"m","messages":[]}"#.utf8)
        #expect(try #require(Self.splice(escaped, format: .openai, model: "x", stream: false)) == Array(#"{"mod\u0065l":"x","messages":[]}"#.utf8))
    }

    @Test func aWrappedSignatureAnywhereInTheHistoryIsLeftToTheEncoder() {
        let thinking = #"{"role":"assistant","content":[{"type":"thinking","thinking":"","signature":"omniroute.v1.gemini.abc"}]}"#
        let inResult = #"{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":"ok"}]}]}"#
        let own = #"{"role":"assistant","content":[{"type":"thinking","thinking":"hm","signature":"EqQBCkYIARgCKkB"}]}"#
        func body(_ messages: String...) -> [UInt8] { Array(#"{"model":"m","max_tokens":5,"messages":[\#(messages.joined(separator: ","))]}"#.utf8) }
        #expect(Self.splice(body(inResult, thinking), format: .anthropic, model: "x", stream: false) == nil)
        #expect(Self.splice(body(inResult, own), format: .anthropic, model: "x", stream: false) != nil)
        // Text that merely mentions the prefix is not a signature.
        #expect(Self.splice(body(#"{"role":"user","content":"omniroute.v1.gemini.abc"}"#), format: .anthropic, model: "x", stream: false) != nil)
    }

    @Test func anAnthropicBodyWithoutMaxTokensIsLeftToTheEncoder() {
        let body = Array(#"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#.utf8)
        #expect(Self.splice(body, format: .anthropic, model: "x", stream: false) == nil)
    }

    @Test func anOpenAIStreamAsksForItsUsageUnlessTheClientSaidHow() throws {
        let pretty = Array("{\n  \"model\" : \"m\",\n  \"stream\": true,\n  \"messages\": [{\"role\":\"user\",\"content\":\"hi\"}]\n}\n".utf8)
        let spliced = try #require(Self.splice(pretty, format: .openai, model: "gpt-x", stream: true))
        #expect(String(decoding: spliced, as: UTF8.self)
                == "{\n  \"model\" : \"gpt-x\",\n  \"stream\": true,\n  \"messages\": [{\"role\":\"user\",\"content\":\"hi\"}]\n,\"stream_options\":{\"include_usage\":true}}\n")
        let own = Array(#"{"model":"m","stream":true,"stream_options":{"include_usage":false},"messages":[]}"#.utf8)
        #expect(try #require(Self.splice(own, format: .openai, model: "n", stream: true))
                == Array(#"{"model":"n","stream":true,"stream_options":{"include_usage":false},"messages":[]}"#.utf8))
    }

    @Test func aGeminiBodyGoesAsItIs() {
        let body = Array(#"{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}"#.utf8)
        #expect(Self.splice(body, format: .gemini, model: "gemini-x", stream: true) == body)
    }

    @Test func aModelNameIsWrittenAsAJSONString() throws {
        let body = Array(#"{"model":"m","messages":[]}"#.utf8)
        let spliced = try #require(Self.splice(body, format: .openai, model: "we\"ird\\name", stream: false))
        #expect(try JSONParser.parse(spliced)["model"] == .string("we\"ird\\name"))
    }

    @Test func brokenOrOddAnswersAreLeftToTheTranslatingPath() {
        for text in [#"{"id":"x","model":"m","choices":[{"message":{"content":"hi"}}]"#,  // cut
                     #"{"id":"x","model":"m","choices":{}}"#,  // choices not a list
                     #"{"id":"x","choices":[]}"#,  // no model to write over
                     #"{"id":"x","model":7,"choices":[]}"#,  // a model that is not a name
                     #"{"model":"m","choices":[],"usage":{"prompt_tokens":"many"}}"#,  // usage of the wrong type
                     #"{"model":"m","choices":[],"usage":1,"usage":2}"#,
                     #"[1,2]"#, "", "\u{FEFF}{}"] {
            #expect(SameFormatPassThrough.response(Array(text.utf8), format: .openai, model: "x") == nil, "\(text)")
        }
    }

    @Test func theAnswerKeepsItsBytesBesidesTheModel() throws {
        let body = Array(#"{ "id": "c1", "model": "gpt-4o-2024", "created": 1.0e9, "choices": [ ], "x": {"y": [1, 2.50]}, "usage": {"prompt_tokens": 3, "completion_tokens": 4} }"#.utf8)
        let (spliced, usage) = try #require(SameFormatPassThrough.response(body, format: .openai, model: "my-combo"))
        #expect(String(decoding: spliced, as: UTF8.self)
                == #"{ "id": "c1", "model": "my-combo", "created": 1.0e9, "choices": [ ], "x": {"y": [1, 2.50]}, "usage": {"prompt_tokens": 3, "completion_tokens": 4} }"#)
        #expect(usage?.input == 3 && usage?.output == 4)
    }
}

@Suite("JSON: top-level members")
struct JSONTopLevelTests {
    @Test func membersAreTheParsersKeysAndValues() throws {
        for seed in 0..<UInt64(300) {
            var generator = IRGenerator(seed: 0x70B0_0000 + seed)
            let object = generator.jsonObject()
            let bytes = JSONWriter.encode(.object(object))
            let members = try #require(try JSONTopLevel.members(bytes))
            #expect(members.count == object.count)
            for (member, field) in zip(members, object.fields) {
                #expect(try JSONParser.parse(Array(bytes[member.value])) == field.value)
                #expect(try JSONParser.parse(Array(bytes[(member.key.lowerBound - 1)...member.key.upperBound])) == .string(field.key))
            }
        }
    }

    @Test func errorsAreTheParsersErrors() {
        for text in [#"{"a":1,}"#, #"{"a" 1}"#, #"{"a":[1,2}"#, #"{"a":"\x"}"#, #"{"a":1} x"#, "{", #"{"a":tru}"#, "\u{FEFF}{}",
                     String(repeating: "[", count: 600)] {
            let bytes = Array(text.utf8)
            var parsed: JSONSyntaxError?
            do { _ = try JSONParser.parse(bytes) } catch { parsed = error }
            var scanned: JSONSyntaxError?
            do { _ = try JSONTopLevel.members(bytes) } catch { scanned = error }
            #expect(parsed != nil && scanned == parsed, "\(text)")
        }
    }

    @Test func theParsersSpansAreItsTopLevelValues() throws {
        for seed in 0..<UInt64(200) {
            var generator = IRGenerator(seed: 0x70B1_0000 + seed)
            let object = generator.jsonObject()
            let bytes = Array(JSONWriter.pretty(.object(object)).utf8)
            let (json, spans) = try JSONParser.parseWithSpans(bytes)
            #expect(json == .object(object))
            #expect(spans.count == object.count)
            for (span, field) in zip(spans, object.fields) { #expect(try JSONParser.parse(Array(bytes[span])) == field.value) }
        }
    }

    @Test func aValueThatIsNotAnObjectHasNoMembers() throws {
        #expect(try JSONTopLevel.members(Array(" [1] ".utf8)) == nil)
        #expect(try JSONTopLevel.members(Array("{}".utf8)) == [])
    }
}
