import OmniCore
import Testing

/// The hot path keeps tool schemas as their bytes (`JSON.raw`); it must give exactly what
/// the tree path gives, and reject exactly what the full parser rejects.
@Suite("Raw schemas on the hot path")
struct RawSchemaTests {
    @Test func theBytesPathEqualsTheTreePathForEveryFixtureAndDirection() throws {
        for body in try FixtureFiles.all() {
            let tree = try JSONParser.parse(body.bytes)
            for target in WireFormat.allCases {
                let viaTree = try Translator.translate(tree, kind: body.kind, from: body.format, to: target)
                let viaBytes = try JSONParser.parse(Translator.translate(body.bytes, kind: body.kind, from: body.format, to: target))
                #expect(viaBytes == viaTree, "\(body.path) → \(target)")
            }
        }
    }

    @Test func aSchemaIsKeptAsCompactBytes() throws {
        let text = #"{"tools": [{"type": "function", "function": {"name": "f", "parameters": { "type" : "object", "properties" : {"a b": {"type": "string", "description": "x \" y"}} }}}]}"#
        let json = try JSONParser.parse(Array(text.utf8), keepingSchemasRaw: true)
        guard case .raw(let raw)? = json["tools"]?.arrayValue?.first?["function"]?.objectValue?["parameters"] else {
            Issue.record("parameters was not kept raw")
            return
        }
        #expect(String(decoding: raw.bytes, as: UTF8.self) == #"{"type":"object","properties":{"a b":{"type":"string","description":"x \" y"}}}"#)
        #expect(raw.parsed == (try JSONParser.parse(#"{"type":"object","properties":{"a b":{"type":"string","description":"x \" y"}}}"#)))
    }

    @Test(arguments: [
        #"{"parameters": {"a": "\u{FF}"}}"#.replacingOccurrences(of: "\u{FF}", with: "\\q"),  // bad escape
        #"{"parameters": {"a": 1,}}"#,  // trailing comma
        #"{"parameters": {"a": "\ud800"}}"#,  // lone surrogate
        #"{"parameters": {"a" 1}}"#,  // missing colon
        #"{"parameters": {"a": tru}}"#,
    ])
    func aBrokenSchemaIsRejectedLikeAnyOtherValue(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(text.utf8), keepingSchemasRaw: true) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func invalidUTF8InsideASchemaIsRejected() {
        let bytes = Array(#"{"parameters": {"a": ""#.utf8) + [0xC3, 0x28] + Array(#""}}"#.utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes, keepingSchemasRaw: true) }
    }

    @Test func aSchemaNestedTooDeepIsRejected() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(#"{"parameters": {"a": \#(deep)}}"#.utf8), keepingSchemasRaw: true) }
    }

    @Test func aGeminiSchemaIsRewrittenOnlyWhenItUsesGeminiSpellings() throws {
        func openaiParameters(_ schema: String) throws -> JSON? {
            let body = #"{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"tools":[{"functionDeclarations":[{"name":"f","parameters":\#(schema)}]}]}"#
            let out = try JSONParser.parse(Translator.translate(Array(body.utf8), kind: .request, from: .gemini, to: .openai))
            return out["tools"]?.arrayValue?.first?["function"]?["parameters"]
        }
        #expect(try openaiParameters(#"{"type":"OBJECT","properties":{"a":{"type":"STRING","nullable":true}}}"#)
            == (try JSONParser.parse(#"{"type":"object","properties":{"a":{"type":["string","null"]}}}"#)))
        #expect(try openaiParameters(#"{"type":"object","properties":{"a":{"type":"string"}}}"#)
            == (try JSONParser.parse(#"{"type":"object","properties":{"a":{"type":"string"}}}"#)))
    }

    /// The byte-level rewrite into Gemini's subset against the tree version, on the shapes
    /// that make it branch: type lists, const, oneOf/anyOf, nested properties and items,
    /// an existing nullable, dropped keywords, a non-object properties value, strings with escapes.
    @Test(arguments: [
        #"{"type":"object","properties":{"a":{"type":["string","null"],"description":"x \" y"}},"required":["a"],"additionalProperties":false,"$schema":"http://json-schema.org/draft-07/schema#"}"#,
        #"{"type":"object","properties":{"k":{"const":"v"},"o":{"oneOf":[{"type":"string"},{"type":"integer","minimum":1}]}}}"#,
        #"{"type":"array","items":{"type":"object","properties":{"n":{"type":"number","nullable":true,"exclusiveMinimum":0}}},"uniqueItems":true}"#,
        #"{"type":["null"],"properties":5,"anyOf":{"x":1},"title":"T","examples":[1,2],"default":{"type":"STRING"}}"#,
        #"{"type":"object","properties":{}}"#,
        #"{"type":"object","properties":{"deep":{"type":"object","properties":{"deeper":{"type":"array","items":{"enum":["a","b"],"type":["string","null"]}}}}}}"#,
        #"{"nullable":false,"type":"string","format":"date-time","pattern":"^[a-z]+$"}"#,
        #"true"#,
    ])
    func theByteLevelGeminiRewriteEqualsTheTreeRewrite(schema: String) throws {
        let body = #"{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":\#(schema)}}],"response_format":{"type":"json_schema","json_schema":{"name":"r","schema":\#(schema)}}}"#
        let viaBytes = try JSONParser.parse(Translator.translate(Array(body.utf8), kind: .request, from: .openai, to: .gemini))
        let viaTree = try Translator.translate(JSONParser.parse(body), kind: .request, from: .openai, to: .gemini)
        #expect(viaBytes == viaTree, "\(viaBytes.compactText)\n\(viaTree.compactText)")
    }

    /// The byte-level rewrite back from Gemini's spelling against the tree version.
    @Test(arguments: [
        #"{"type":"OBJECT","properties":{"a":{"nullable":true,"type":"STRING","description":"x \" y"},"b":{"type":"INTEGER","nullable":false}}}"#,
        #"{"type":"ARRAY","items":{"type":"NUMBER","nullable":true},"nullable":true}"#,
        #"{"nullable":true,"description":"no type"}"#,
        #"{"anyOf":{"x":1},"type":"string","nullable":true}"#,
        #"{"anyOf":[{"type":"STRING"},{"type":"OBJECT","properties":{"k":{"type":"BOOLEAN","nullable":true}}}]}"#,
        #"{"type":"object","properties":{},"required":[],"propertyOrdering":["a"],"nullable":true}"#,
    ])
    func theByteLevelRewriteFromGeminiEqualsTheTreeRewrite(schema: String) throws {
        let body = #"{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"tools":[{"functionDeclarations":[{"name":"f","parameters":\#(schema)}]}]}"#
        for target in [WireFormat.openai, .anthropic, .responses] {
            let viaBytes = try JSONParser.parse(Translator.translate(Array(body.utf8), kind: .request, from: .gemini, to: target))
            let viaTree = try Translator.translate(JSONParser.parse(body), kind: .request, from: .gemini, to: target)
            #expect(viaBytes == viaTree, "\(target): \(viaBytes.compactText)\n\(viaTree.compactText)")
        }
    }
}
