@testable import OmniCore
import Testing

/// The plain-form usage reader gives what the full way (parse, then the format's
/// `decodeUsage`) gives, or declines; it never gives counts the full way would not.
@Suite struct FlatUsageTests {
    static let keys = ["prompt_tokens", "completion_tokens", "total_tokens", "input_tokens", "output_tokens",
                       "cache_read_input_tokens", "cache_creation_input_tokens", "other", "Prompt_tokens", "x_1",
                       "prompt_tokens_details", "completion_tokens_details", "input_tokens_details", "output_tokens_details",
                       "cache_creation", "service_tier", "cached_tokens", "reasoning_tokens"]
    static let values = ["0", "7", "42", "1234567", "999999999999999999", "1000000000000000000", "-3", "1.5", "2e3", "00", "07",
                         "null", "true", "\"5\"", "\"standard\"", "\"a\\\"b\"", "\"\"", "{\"cached_tokens\":3}", "{}", "[1]",
                         "{\"cached_tokens\":3,\"audio_tokens\":0}", "{ \"reasoning_tokens\" : 12 }", "{\"cached_tokens\":1,\"cached_tokens\":2}",
                         "{\"reasoning_tokens\":1.5}", "{\"cached_tokens\":null}", "{\"x\":{\"cached_tokens\":1}}", "{\"prompt_tokens\":4}",
                         "{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":9}", "{\"name\":\"x\"}"]
    static let spaces = ["", " ", "\n  ", "\t"]

    /// The full way: as the pass-through reads a usage it cannot read plainly.
    static func fullWay(_ bytes: [UInt8], format: WireFormat) -> IRUsage? {
        guard let object = (try? JSONParser.parse(bytes))?.objectValue else { return nil }
        switch format {
        case .openai: return try? OpenAIResponseCodec.decodeUsage(object)
        case .anthropic: return try? AnthropicResponseCodec.decodeUsage(object)
        case .responses: return try? ResponsesResponseCodec.decodeUsage(object)
        case .gemini: return nil
        }
    }

    static func object(_ random: inout SplitMix64) -> String {
        func pick(_ list: [String]) -> String { list[Int(random.next() % UInt64(list.count))] }
        let count = Int(random.next() % 5)
        let members = (0..<count).map { _ -> String in
            // Mostly plain members, so that most objects are in the plain form.
            let value = random.next() % 3 == 0 ? pick(values) : pick(Array(values.prefix(4)))
            let key = random.next() % 20 == 0 ? "pro\\u006dpt_tokens" : pick(keys)
            return "\(pick(spaces))\"\(key)\"\(pick(spaces)):\(pick(spaces))\(value)\(pick(spaces))"
        }
        return pick(spaces) + "{" + members.joined(separator: ",") + (count == 0 ? pick(spaces) : "") + "}" + pick(spaces)
    }

    @Test(arguments: [WireFormat.openai, .anthropic, .responses])
    func thePlainReadingIsTheFullOneOrNone(format: WireFormat) {
        var random = SplitMix64(seed: 0xF1A7 &+ UInt64(format.hashValue & 0xFF))
        var plain = 0
        for _ in 0..<20_000 {
            let text = Self.object(&random)
            let bytes = Array(text.utf8)
            // The pass-through hands it valid JSON only.
            guard (try? JSONParser.parse(bytes)) != nil else { continue }
            guard let fast = FlatUsage.plain(bytes, 0..<bytes.count, format: format) else { continue }
            plain += 1
            #expect(fast == Self.fullWay(bytes, format: format), "\(text)")
        }
        // Most generated objects are plain: the comparison covers the fast path well.
        #expect(plain > 5_000)
    }

    @Test func aRangeInsideABodyIsReadAlone() {
        let body = Array(#"{"model":"m","usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17},"x":1}"#.utf8)
        // The usage object: from the second brace to the first closing one (and the brace).
        let start = body.indices.filter { body[$0] == UInt8(ascii: "{") }[1], end = body.firstIndex(of: UInt8(ascii: "}"))! + 1
        #expect(FlatUsage.plain(body, start..<end, format: .openai) == IRUsage(input: 12, output: 5, total: 17))
        #expect(FlatUsage.plain(body, start..<end, format: .gemini) == nil)
    }

    /// What the vendors send: OpenAI's and the Responses API's detail objects, Anthropic's
    /// tier and cache breakdown, all read plainly.
    @Test func theVendorsUsageIsReadPlainly() {
        let openAI = Array(#"{"prompt_tokens":212,"completion_tokens":48,"total_tokens":260,"prompt_tokens_details":{"cached_tokens":128,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":16,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}"#.utf8)
        #expect(FlatUsage.plain(openAI, 0..<openAI.count, format: .openai) == IRUsage(input: 212, output: 48, cachedInput: 128, reasoning: 16, total: 260))
        let anthropic = Array(#"{"input_tokens":10,"cache_creation_input_tokens":5,"cache_read_input_tokens":20,"cache_creation":{"ephemeral_5m_input_tokens":5,"ephemeral_1h_input_tokens":0},"output_tokens":7,"service_tier":"standard","server_tool_use":{"web_search_requests":0}}"#.utf8)
        #expect(FlatUsage.plain(anthropic, 0..<anthropic.count, format: .anthropic) == IRUsage(input: 35, output: 7, cachedInput: 20, cacheWrites: 5))
        let responses = Array(#"{"input_tokens":30,"input_tokens_details":{"cached_tokens":0},"output_tokens":9,"output_tokens_details":{"reasoning_tokens":4},"total_tokens":39}"#.utf8)
        #expect(FlatUsage.plain(responses, 0..<responses.count, format: .responses) == IRUsage(input: 30, output: 9, cachedInput: 0, reasoning: 4, total: 39))
        for (bytes, format) in [(openAI, WireFormat.openai), (anthropic, .anthropic), (responses, .responses)] {
            #expect(FlatUsage.plain(bytes, 0..<bytes.count, format: format) == Self.fullWay(bytes, format: format))
        }
    }

    @Test func otherFormsAreLeftToTheFullWay() {
        for text in [#"{"prompt_tokens":1,"prompt_tokens":2}"#, #"{"prompt_tokens":1.0}"#, #"{"prompt_tokens":null}"#,
                     #"{"prompt_tokens_details":{"cached_tokens":1},"prompt_tokens_details":{}}"#, #"{"prompt_tokens_details":null}"#,
                     #"{"prompt_tokens_details":{"cached_tokens":"1"}}"#, #"{"other":{"deeper":{"x":1}}}"#, #"{"service_tier":"a\"b"}"#,
                     #"{"prompt_tok\u0065ns":1}"#, "null", "[]"] {
            let bytes = Array(text.utf8)
            #expect(FlatUsage.plain(bytes, 0..<bytes.count, format: .openai) == nil, "\(text)")
        }
    }
}
