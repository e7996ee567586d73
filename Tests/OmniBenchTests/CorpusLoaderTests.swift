import Foundation
import OmniCore
import Testing

@testable import OmniBench

/// `<repo>/../shared/corpus`, found from this file so it works from any worktree or cwd.
private let corpusRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Tests/OmniBenchTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // repo root
    .deletingLastPathComponent()
    .appendingPathComponent("shared/corpus").path

private let corpusPresent = FileManager.default.fileExists(atPath: corpusRoot)

@Suite("CorpusLoader", .enabled(if: corpusPresent, "shared corpus not found at \(corpusRoot); skipping"))
struct CorpusLoaderTests {
    let cases: [CorpusCase]
    let skipped: [CorpusSkip]

    init() throws {
        (cases, skipped) = try CorpusLoader.load(root: corpusRoot)
    }

    @Test("every format has requests and responses")
    func countsPerFormatAndKind() {
        // The corpus has all eight: Responses bodies come only from pydantic-ai.
        for format in WireFormat.allCases {
            for kind in [CorpusCase.Kind.request, .response] {
                let count = cases.count { $0.format == format && $0.kind == kind }
                #expect(count > 0, "no \(format) \(kind) cases")
            }
        }
    }

    @Test("every body is a JSON object Foundation can parse")
    func bodiesParse() {
        for corpusCase in cases {
            let parsed = try? JSONSerialization.jsonObject(with: Data(corpusCase.body))
            #expect(parsed is [String: Any], "\(corpusCase.id) does not parse as a JSON object")
        }
    }

    @Test("ids are unique and sorted")
    func idsUniqueAndSorted() {
        let ids = cases.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
    }

    @Test("known cases are classified")
    func knownCases() throws {
        let tools = try #require(cases.first { $0.id == "envoy-ai-gateway/cassettes/chat-tools.yaml#0.request" })
        #expect(tools.format == .openai && tools.kind == .request)
        // go-vcr keeps the body text; it must come through byte for byte.
        #expect(String(decoding: tools.body, as: UTF8.self).hasPrefix("{\n  \"messages\": ["))

        let kongGemini = try #require(cases.first { $0.id == "kong/unit/expected-requests/gemini/llm-v1-chat.json" })
        #expect(kongGemini.format == .gemini && kongGemini.kind == .request)

        // A Responses cassette filed under test_openai/ is classified by its URL.
        let responses = "pydantic-ai/tests/models/cassettes/test_openai/"
            + "test_openai_instructions_with_responses_logprobs_streaming.yaml#0.request"
        #expect(cases.first { $0.id == responses }?.format == .responses)
    }

    @Test("streams, errors and other endpoints are skipped with a reason")
    func knownSkips() {
        let reasons = Dictionary(skipped.map { ($0.id, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["envoy-ai-gateway/cassettes/chat-streaming.yaml#0.response"] == SkipReason.stream)
        #expect(reasons["envoy-ai-gateway/cassettes/chat-unknown-model.yaml#0.response"] == SkipReason.errorBody)
        #expect(reasons["kong/openai/llm-v1-chat/responses/unauthorized.json"] == SkipReason.errorBody)
        #expect(reasons["kong/unit/requests/llm-v1-completions.json"] == SkipReason.legacyCompletions)
        let countTokens = "pydantic-ai/tests/models/cassettes/test_anthropic/test_anthropic_count_tokens_error.yaml#0.request"
        #expect(reasons[countTokens]?.hasPrefix("other endpoint") == true)
        #expect(skipped.allSatisfy { !$0.reason.isEmpty })
    }
}

@Suite("CorpusLoader YAML to JSON")
struct CorpusYAMLToJSONTests {
    private func json(_ yaml: String) throws -> String {
        String(decoding: try YAMLJSONWriter.bytes(yaml: yaml), as: UTF8.self)
    }

    @Test("scalars keep their JSON type and literal text")
    func scalars() throws {
        let yaml = """
            t: 0.7
            one: 1.0
            n: 42
            neg: -2.3844768e-07
            b: true
            s: '42'
            z: null
            plus: +
            text: "a \\"q\\"\\nb\\t\\u0001"
            """
        #expect(try json(yaml) == #"{"t":0.7,"one":1.0,"n":42,"neg":-2.3844768e-07,"b":true,"s":"42","z":null,"plus":"+","text":"a \"q\"\nb\t\u0001"}"#)
    }

    @Test("YAML-only number spellings become valid JSON numbers")
    func yamlNumberForms() throws {
        #expect(try json("a: 0x1F\nb: 1_000\nc: .5\nd: +3\n") == #"{"a":31,"b":1000,"c":0.5,"d":3}"#)
    }

    @Test("mapping order and nesting are kept")
    func order() throws {
        #expect(try json("z: [1, {b: 2, a: 3}]\na: {}\n") == #"{"z":[1,{"b":2,"a":3}],"a":{}}"#)
    }
}
