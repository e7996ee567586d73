import OmniCore
import Testing

/// The parse error for `bytes`, or a test failure when they parse.
private func syntaxError(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> JSONSyntaxError? {
    do {
        let value = try JSONParser.parse(bytes)
        Issue.record("expected a syntax error, parsed \(value.compactText)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

private func syntaxError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONSyntaxError? {
    syntaxError(Array(text.utf8), sourceLocation: sourceLocation)
}

private func expectError(
    _ input: [UInt8], line: Int, column: Int, containing fragment: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let error = syntaxError(input, sourceLocation: sourceLocation) else { return }
    #expect(error.line == line, "line of \(error)", sourceLocation: sourceLocation)
    #expect(error.column == column, "column of \(error)", sourceLocation: sourceLocation)
    #expect(error.message.contains(fragment), "message of \(error)", sourceLocation: sourceLocation)
}

private func expectError(
    _ input: String, line: Int, column: Int, containing fragment: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    expectError(Array(input.utf8), line: line, column: column, containing: fragment, sourceLocation: sourceLocation)
}

@Suite("JSON parser: values")
struct JSONParserValueTests {
    /// A key spelled differently is another key, as JSON means it: U+212A KELVIN SIGN is not
    /// "K", though Swift's `==` says the two strings are equal.
    @Test func objectKeysMatchByteForByte() throws {
        let object = try #require(try JSONParser.parse(#"{"\u212A":1,"ok":2}"#).objectValue)
        #expect(object["K"] == nil)
        #expect(object["\u{212A}"] == .int(1))
        #expect(object["ok"] == .int(2))
        #expect(object["o"] == nil && object["okk"] == nil)
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#"{"n":null,"t":true,"f":false,"i":-12,"s":"x","a":[1,[],{}],"o":{"k":"v"}}"#)
        let expected: JSON = [
            "n": .null, "t": true, "f": false, "i": .number(JSONNumber(literal: "-12")), "s": "x",
            "a": [1, [], [:]], "o": ["k": "v"],
        ]
        #expect(value == expected)
    }

    @Test(arguments: [
        "null", "true", "false", "0", "-1", "3.25", "\"\"", "\"text\"", "[]", "{}", "[null,true,false]",
        #"{"a":{"b":{"c":[1,2,{"d":"e"}]}}}"#,
        #"  {"spaced" : [ 1 , 2 ] }  "#,
        "\n\t[\r\n1\n]\n",
        #"{"dup":1,"dup":2}"#,
        #"["\"\\\/\b\f\n\r\t\u0000\u001f"]"#,
        #"["é中😀", "\u00e9\u4e2d\ud83d\ude00"]"#,
        #"[1.0,-0,1e10,1E+2,-1.5e-7,12345678901234567890,0.1000]"#,
    ])
    func validDocumentsRoundTripThroughTheWriter(_ text: String) throws {
        let parsed = try JSONParser.parse(text)
        let compact = JSONWriter.encode(parsed)
        #expect(try JSONParser.parse(compact) == parsed)
        let pretty = JSONWriter.pretty(parsed)
        #expect(try JSONParser.parse(pretty) == parsed)
    }

    @Test(arguments: ["1.0", "-0", "1e10", "1E+2", "-1.5e-7", "12345678901234567890", "0.1000", "-0.0", "100"])
    func numbersKeepTheirLiteralText(_ literal: String) throws {
        #expect(try JSONParser.parse(literal) == .number(JSONNumber(literal: literal)))
        let inArray = try JSONParser.parse("[\(literal)]")
        #expect(inArray.arrayValue?.first?.numberValue?.literal == literal)
        #expect(JSONWriter.encode(inArray) == Array("[\(literal)]".utf8))
    }

    @Test func aTwentyDigitIntegerStaysExact() throws {
        let value = try JSONParser.parse(#"{"id":12345678901234567890}"#)
        #expect(value["id"]?.numberValue?.literal == "12345678901234567890")
        #expect(value.compactText == #"{"id":12345678901234567890}"#)
    }

    @Test func simpleEscapesDecode() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\be\ff\ng\rh\ti""#)
        #expect(value == .string("a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti"))
    }

    @Test func unicodeEscapesDecodeIncludingSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""\u0041\u00e9\u4E2D""#) == .string("Aé中"))
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse(#""\uD834\uDD1E clef""#) == .string("𝄞 clef"))
        #expect(try JSONParser.parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func rawNonASCIITextDecodes() throws {
        #expect(try JSONParser.parse("\"Grüße, 東京, مرحبا, 😀\"") == .string("Grüße, 東京, مرحبا, 😀"))
        // Non-ASCII mixed with an escape takes the slow path.
        #expect(try JSONParser.parse("\"Grüße\\n東京\"") == .string("Grüße\n東京"))
    }

    @Test func objectsKeepKeyOrderAndDuplicateKeys() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":2,"z":3}"#)
        #expect(value.objectValue?.fields.map(\.key) == ["z", "a", "z"])
        #expect(value["z"] == 1)  // the first one
        #expect(value.compactText == #"{"z":1,"a":2,"z":3}"#)
    }

    @Test func nestingOf512LevelsIsAllowed() throws {
        let text = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        let value = try JSONParser.parse(text)
        var depth = 0
        var current = value
        while let inner = current.arrayValue { depth += 1; if let first = inner.first { current = first } else { break } }
        #expect(depth == 512)
    }
}

@Suite("JSON parser: errors and their positions")
struct JSONParserErrorTests {
    @Test func emptyInputIsAnError() {
        expectError("", line: 1, column: 1, containing: "end of input")
        expectError("   \n ", line: 2, column: 2, containing: "end of input")
    }

    @Test func truncatedDocumentsPointAtTheEnd() {
        expectError(#"{"a": 1"#, line: 1, column: 8, containing: "expected ',' or '}'")
        expectError("[1,\n2", line: 2, column: 2, containing: "expected ',' or ']'")
        expectError(#"{"a":"#, line: 1, column: 6, containing: "expected a value")
        expectError("tru", line: 1, column: 1, containing: "expected 'true'")
        expectError("-", line: 1, column: 2, containing: "expected a digit")
        expectError("1.", line: 1, column: 3, containing: "after '.'")
        expectError("1e", line: 1, column: 3, containing: "exponent")
        expectError("[\"\\u12", line: 1, column: 5, containing: "4 hex digits")
    }

    @Test func anUnterminatedStringPointsAtItsOpeningQuote() {
        expectError("[\n  \"abc", line: 2, column: 3, containing: "unterminated string")
        expectError("[\n  \"a\\nbc", line: 2, column: 3, containing: "unterminated string")
    }

    @Test func trailingCommasAreRejected() {
        expectError("[1,2,]", line: 1, column: 6, containing: "expected a value, found ']'")
        expectError("{\"a\":1,}", line: 1, column: 8, containing: "expected a string key, found '}'")
        expectError("{\n  \"a\": 1,\n}", line: 3, column: 1, containing: "expected a string key")
    }

    @Test func badEscapesPointAtTheBackslash() {
        expectError(#"["ab\x"]"#, line: 1, column: 5, containing: "invalid escape '\\x'")
        expectError("{\n\"k\": \"\\'\"}", line: 2, column: 7, containing: "invalid escape")
        expectError(#"["\u12G4"]"#, line: 1, column: 7, containing: "hex digit")
    }

    @Test func loneSurrogatesAreRejected() {
        expectError(#"["\ud800"]"#, line: 1, column: 3, containing: "low surrogate")
        expectError(#"["x\ud83dy"]"#, line: 1, column: 4, containing: "low surrogate")
        expectError(#"["\ud83d\u0041"]"#, line: 1, column: 3, containing: "low surrogate")
        expectError(#"["\udc00"]"#, line: 1, column: 3, containing: "lone low surrogate")
    }

    @Test func controlCharactersInStringsAreRejected() {
        expectError([0x22, 0x61, 0x01, 0x22], line: 1, column: 3, containing: "control character")
        expectError(Array("[\"a\nb\"]".utf8), line: 1, column: 4, containing: "control character")
        expectError([0x22, 0x5C, 0x6E, 0x09, 0x22], line: 1, column: 4, containing: "control character")  // after an escape
    }

    @Test func invalidUTF8InAStringPointsAtTheBadByte() {
        // "a" then 0xC3 0x28: 0xC3 starts a two-byte sequence, 0x28 cannot continue it.
        expectError([0x5B, 0x22, 0x61, 0xC3, 0x28, 0x22, 0x5D], line: 1, column: 4, containing: "invalid UTF-8")
        expectError([0x22, 0xFF, 0x22], line: 1, column: 2, containing: "invalid UTF-8")
        expectError([0x22, 0xED, 0xA0, 0x80, 0x22], line: 1, column: 2, containing: "invalid UTF-8")  // encoded surrogate
        expectError([0x22, 0xC0, 0xAF, 0x22], line: 1, column: 2, containing: "invalid UTF-8")  // overlong '/'
        expectError([0x22, 0xE4, 0xB8, 0x22], line: 1, column: 2, containing: "invalid UTF-8")  // truncated sequence
    }

    @Test func invalidUTF8AfterAnEscapePointsAtTheBadByte() {
        // "\n" then "a" then 0xC3 0x28: the slow (escape) path must report the same position as the fast one.
        expectError([0x22, 0x5C, 0x6E, 0x61, 0xC3, 0x28, 0x22], line: 1, column: 5, containing: "invalid UTF-8")
    }

    @Test func invalidUTF8OutsideStringsIsRejected() {
        expectError([0x5B, 0xC3, 0xA9, 0x5D], line: 1, column: 2, containing: "expected a value, found byte 0xc3")
    }

    @Test func aLeadingByteOrderMarkIsRejected() {
        expectError([0xEF, 0xBB, 0xBF, 0x7B, 0x7D], line: 1, column: 1, containing: "byte order mark")
    }

    @Test func nestingDeeperThan512LevelsIsAnError() {
        let text = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        expectError(text, line: 1, column: 513, containing: "nesting deeper than 512")
        let objects = String(repeating: #"{"a":"#, count: 513) + "1" + String(repeating: "}", count: 513)
        expectError(objects, line: 1, column: 5 * 512 + 1, containing: "nesting deeper than 512")
    }

    @Test func a100000DeepArrayIsAnErrorNotAStackOverflow() {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        expectError(bytes, line: 1, column: 513, containing: "nesting deeper than 512")
        let closed = bytes + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        expectError(closed, line: 1, column: 513, containing: "nesting deeper than 512")
    }

    @Test func trailingGarbageIsRejected() {
        expectError("{} x", line: 1, column: 4, containing: "unexpected data after the JSON value")
        expectError("[1]\n]", line: 2, column: 1, containing: "unexpected data")
        expectError("1 2", line: 1, column: 3, containing: "unexpected data")
        expectError("01", line: 1, column: 2, containing: "unexpected data")
        expectError([0x7B, 0x7D, 0x00], line: 1, column: 3, containing: "unexpected data")
    }

    @Test func invalidLiteralsAndNumbersAreRejected() {
        expectError("[nul]", line: 1, column: 5, containing: "expected 'null'")
        expectError("[True]", line: 1, column: 2, containing: "expected a value, found 'T'")
        expectError("[+1]", line: 1, column: 2, containing: "expected a value, found '+'")
        expectError("[.5]", line: 1, column: 2, containing: "expected a value")
        expectError("[-a]", line: 1, column: 3, containing: "expected a digit")
        expectError("[NaN]", line: 1, column: 2, containing: "expected a value")
        expectError("{'a':1}", line: 1, column: 2, containing: "expected a string key")
        expectError("{\"a\" 1}", line: 1, column: 6, containing: "expected ':'")
        expectError("[1 2]", line: 1, column: 4, containing: "expected ',' or ']'")
    }

    @Test func theDescriptionNamesLineColumnAndByte() throws {
        let error = try #require(syntaxError("{\n  \"a\": 1,\n}"))
        #expect(error.description == "invalid JSON at line 3, column 1 (byte 12): expected a string key, found '}'")
        #expect(error.offset == 12)
    }

    @Test func lineAndColumnCountLineFeedsOnly() {
        expectError("[\r\n\r\n  x]", line: 3, column: 3, containing: "expected a value")
    }
}
