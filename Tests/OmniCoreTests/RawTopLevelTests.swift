import OmniCore
import Testing

/// `keepingTopLevelRaw`: an embeddings answer's vectors pass through as bytes, checked like
/// any other value, and written back exactly (compacted).
@Suite struct RawTopLevelTests {
    @Test func aTopLevelValueIsKeptAsCompactBytesAndWrittenBackVerbatim() throws {
        let text = #"{"data": [ {"embedding": [0.10, -2E-3, 1e+2]} ], "model": "m", "inner": {"data": [1]}}"#
        let json = try JSONParser.parse(Array(text.utf8), keepingTopLevelRaw: ["data"])
        guard case .raw(let raw)? = json["data"] else {
            Issue.record("data was not kept raw")
            return
        }
        #expect(String(decoding: raw.bytes, as: UTF8.self) == #"[{"embedding":[0.10,-2E-3,1e+2]}]"#)
        // Only at the top level.
        guard case .array? = json["inner"]?["data"] else {
            Issue.record("a nested data was kept raw")
            return
        }
        #expect(String(decoding: JSONWriter.encode(json), as: UTF8.self)
                == #"{"data":[{"embedding":[0.10,-2E-3,1e+2]}],"model":"m","inner":{"data":[1]}}"#)
        #expect(json == (try JSONParser.parse(Array(text.utf8))))
    }

    @Test(arguments: [#"{"data": [1,]}"#, #"{"data": ["\ud800"]}"#, #"{"data": [01]}"#, #"{"data": [1}"#])
    func aBrokenRawValueIsRejectedLikeAnyOther(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(text.utf8), keepingTopLevelRaw: ["data"]) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(text.utf8)) }
    }
}
