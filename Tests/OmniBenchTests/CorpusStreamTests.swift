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

private let firebase = "firebase-vertexai-sdk-test-data/mock-responses/"

@Suite("CorpusLoader streams", .enabled(if: corpusPresent, "shared corpus not found at \(corpusRoot); skipping"))
struct CorpusLoaderStreamTests {
    let streams: [CorpusStream]
    let skipped: [CorpusSkip]

    init() throws {
        (streams, skipped) = try CorpusLoader.loadStreams(root: corpusRoot)
    }

    @Test("every format has streams")
    func countsPerFormat() {
        for format in WireFormat.allCases {
            #expect(streams.count { $0.format == format } > 0, "no \(format) streams")
        }
    }

    @Test("ids are unique and sorted")
    func idsUniqueAndSorted() {
        let ids = streams.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
    }

    @Test("known streams are classified")
    func knownStreams() throws {
        let bin = "openai-python/inline-snapshot-external/"
            + "e2aad469b71d1d4894ff833ea147020a9d875eb7ce644a0ff355581690a4cbfd.bin"
        let openai = try #require(streams.first { $0.id == bin })
        #expect(openai.format == .openai && !openai.expectsError)

        let midStream = try #require(streams.first { $0.id == firebase + "vertexai/streaming-failure-error-mid-stream.txt" })
        #expect(midStream.format == .gemini && midStream.expectsError)

        let cassette = "pydantic-ai/tests/models/cassettes/test_openai_responses/test_openai_responses_stream.yaml#1.response"
        #expect(streams.first { $0.id == cassette }?.format == .responses)

        // Cut inside a tool's JSON input (max_tokens), but it ends with message_stop: complete.
        let partial = "anthropic-sdk-python/tests/lib/streaming/fixtures/incomplete_partial_json_response.txt"
        #expect(streams.first { $0.id == partial }.map { $0.format == .anthropic && !$0.expectsError } == true)
    }

    @Test("bytes are the file's bytes, CRLF kept")
    func crlfPreserved() throws {
        let id = firebase + "vertexai/streaming-success-basic-reply-short.txt"
        let stream = try #require(streams.first { $0.id == id })
        let file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: corpusRoot + "/" + id)))
        #expect(stream.bytes == file)
        #expect(stream.bytes.starts(with: Array("data: ".utf8)))
        #expect(stream.bytes.suffix(4) == [0x0D, 0x0A, 0x0D, 0x0A])
    }

    @Test("the streams that are not complete, successful streams")
    func expectsErrorList() {
        // The firebase failure mocks with a Google error (as the whole body or after two events),
        // those that never finish, and one "success" mock that carries no finishReason.
        let expected: Set<String> = [
            "googleai/streaming-failure-image-rejected.txt",
            "vertexai/streaming-failure-api-key.txt",
            "vertexai/streaming-failure-empty-content.txt",
            "vertexai/streaming-failure-error-mid-stream.txt",
            "vertexai/streaming-failure-http-error.txt",
            "vertexai/streaming-failure-image-rejected.txt",
            "vertexai/streaming-failure-invalid-json.txt",
            "vertexai/streaming-failure-malformed-content.txt",
            "vertexai/streaming-failure-unknown-model.txt",
            "vertexai/streaming-success-quotes-escaped.txt",
        ]
        #expect(Set(streams.filter(\.expectsError).map(\.id)) == Set(expected.map { firebase + $0 }))
    }

    @Test("load skips exactly the stream bodies loadStreams returns, and keeps its cases")
    func agreesWithLoad() throws {
        let (cases, loadSkips) = try CorpusLoader.load(root: corpusRoot)
        let streamIDs = Set(streams.map(\.id))
        #expect(cases.allSatisfy { !streamIDs.contains($0.id) })
        let skippedAsStream = Set(loadSkips.filter { $0.reason == SkipReason.stream }.map(\.id))
        // Kong's single frame is the one stream skip of `load` that is no whole stream body.
        #expect(skippedAsStream.subtracting(streamIDs) == ["kong/unit/real-stream-frames/openai/llm-v1-chat.txt"])
        #expect(streamIDs.isSubset(of: skippedAsStream))
    }

    @Test("Kong's framing fixtures and frames are skipped with a reason")
    func kongSkipped() {
        let reasons = Dictionary(skipped.map { ($0.id, $0.reason) }, uniquingKeysWith: { a, _ in a })
        let framing = "kong/unit/streaming-chunk-formats/"
        #expect(reasons[framing + "partial-json-split/input-1.bin"]?.contains("Gemini's JSON-array") == true)
        #expect(reasons[framing + "aws/input.bin"]?.contains("Bedrock") == true)
        #expect(reasons[framing + "complete-json/input.bin"]?.contains("Cohere") == true)
        #expect(reasons["kong/unit/real-stream-frames/openai/llm-v1-chat.txt"] != nil)
        #expect(streams.allSatisfy { !$0.id.hasPrefix("kong/") })
        #expect(skipped.allSatisfy { !$0.reason.isEmpty })
    }
}

@Suite("CorpusLoader stream completeness")
struct CorpusLoaderStreamCompletenessTests {
    private func problem(_ text: String, _ format: WireFormat) -> String? {
        StreamCompleteness.problem(Array(text.utf8), format: format)
    }

    @Test("openai: [DONE] finishes; an error object fails")
    func openai() {
        #expect(problem("data: {\"choices\":[]}\n\ndata: [DONE]\n\n", .openai) == nil)
        #expect(problem("data: {\"choices\":[]}\n\n", .openai) == "no finishing event")
        #expect(problem("data: {\"error\":{\"message\":\"x\"}}\n\ndata: [DONE]\n\n", .openai) == "error event")
    }

    @Test("anthropic: message_stop finishes, even with no newline after it")
    func anthropic() {
        #expect(problem("event: message_stop\ndata: {\"type\":\"message_stop\"   }", .anthropic) == nil)
        #expect(problem("event: message_start\ndata: {\"type\":\"message_start\"}\n\n", .anthropic) != nil)
        let error = "event: error\ndata: {\"type\":\"error\",\"error\":{}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
        #expect(problem(error, .anthropic) == "error event")
    }

    @Test("responses: completed or incomplete finishes; failed fails")
    func responses() {
        let event = { (type: String) in "event: \(type)\ndata: {\"type\":\"\(type)\",\"response\":{\"error\":null}}\n\n" }
        #expect(problem(event("response.completed"), .responses) == nil)
        #expect(problem(event("response.incomplete"), .responses) == nil)
        #expect(problem(event("response.created"), .responses) == "no finishing event")
        #expect(problem(event("response.failed"), .responses) == "response.failed event")
    }

    @Test("gemini: finishReason or blockReason finishes; bare text and bad JSON fail")
    func gemini() {
        #expect(problem("data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\r\n\r\n", .gemini) == nil)
        #expect(problem("data: {\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}\r\n", .gemini) == nil)
        #expect(problem("data: {\"candidates\":[{\"index\":0}]}\r\n\r\n", .gemini) == "no finishing event")
        #expect(problem("data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\n\n{\n  \"error\": {}\n}\n", .gemini)
            == "text outside SSE fields")
        #expect(problem("data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\n\ndata: {oops\n\n", .gemini)
            == "data is not JSON")
    }
}
