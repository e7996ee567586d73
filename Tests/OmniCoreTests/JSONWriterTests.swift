import OmniCore
import Testing

@Suite("JSON writer")
struct JSONWriterTests {
    private func text(_ value: JSON) -> String { String(decoding: JSONWriter.encode(value), as: UTF8.self) }

    @Test func writesCompactJSONWithoutWhiteSpace() {
        let value: JSON = ["a": [1, true, .null], "b": ["c": "d"], "e": [], "f": [:]]
        #expect(text(value) == #"{"a":[1,true,null],"b":{"c":"d"},"e":[],"f":{}}"#)
    }

    @Test func keepsKeyOrderAndDuplicates() {
        let object = JSONObject([.init("z", 1), .init("a", 2), .init("z", 3)])
        #expect(text(.object(object)) == #"{"z":1,"a":2,"z":3}"#)
    }

    @Test func writesNumbersAsTheirLiteralText() {
        let literals = ["1.0", "-0", "1e10", "1E+2", "12345678901234567890", "0.1000"]
        let value = JSON.array(literals.map { .number(JSONNumber(literal: $0)) })
        #expect(text(value) == "[" + literals.joined(separator: ",") + "]")
    }

    @Test func escapesOnlyWhatRFC8259Requires() {
        #expect(text("quote \" backslash \\ slash /") == #""quote \" backslash \\ slash /""#)
        #expect(text("\n\r\t\u{8}\u{C}") == #""\n\r\t\b\f""#)
        #expect(text("\u{0}\u{1}\u{1F}\u{7F}") == "\"\\u0000\\u0001\\u001f\u{7F}\"")
    }

    /// Small strings (up to 15 bytes, stored inline) lend no storage to the writer: they
    /// must still be written as long ones are, for every byte JSON escapes and any mix.
    @Test func smallStringsAreWrittenAsLongOnesAre() throws {
        let padding = String(repeating: "x", count: 16)
        var samples = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        samples += ["", "id", "\"\\\u{08}\u{0C}\n\r\t\u{01}", "ünï", "✓✓✓✓✓", String(repeating: "\"", count: 15), "tool_calls\u{1F}"]
        for sample in samples {
            let small = JSONWriter.encode(.string(sample))
            let long = JSONWriter.encode(.string(sample + padding))
            #expect(Array(small.dropLast()) + Array(padding.utf8) + [UInt8(ascii: "\"")] == long, "\(sample.debugDescription)")
            #expect(try JSONParser.parse(small) == .string(sample))
        }
    }

    @Test func writesNonASCIIAsUTF8() {
        let value: JSON = "é 中 😀 𝄞"
        #expect(JSONWriter.encode(value) == Array("\"é 中 😀 𝄞\"".utf8))
    }

    @Test func escapedStringsRoundTrip() throws {
        var all = ""
        for scalar in 0..<0x80 { all.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        all += "é中😀\u{FFFF}\u{10FFFF}"
        let value = JSON.array([.string(all), .object(JSONObject([.init(all, .string(all))]))])
        #expect(try JSONParser.parse(JSONWriter.encode(value)) == value)
    }

    @Test func prettyOutputIndentsByTwoSpaces() {
        let value: JSON = ["a": [1, 2], "b": [:], "c": []]
        #expect(JSONWriter.pretty(value) == """
            {
              "a": [
                1,
                2
              ],
              "b": {},
              "c": []
            }
            """)
    }

    @Test func compactTextMatchesEncode() {
        let value: JSON = ["k": ["v", 1]]
        #expect(value.compactText == text(value))
    }

    @Test func parseWriteParseIsStableForTheFixtures() throws {
        for file in try FixtureFiles.all() {
            let parsed = try JSONParser.parse(file.bytes)
            let written = JSONWriter.encode(parsed)
            #expect(try JSONParser.parse(written) == parsed, "\(file.path)")
            // Writing is deterministic: a second pass gives the same bytes.
            #expect(JSONWriter.encode(try JSONParser.parse(written)) == written, "\(file.path)")
        }
    }
}
