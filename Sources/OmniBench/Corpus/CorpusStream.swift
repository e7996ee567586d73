import OmniCore

/// One SSE response body from the shared corpus, as the upstream sent it.
public struct CorpusStream: Sendable {
    /// Path relative to the corpus root; files holding recorded exchanges
    /// (cassettes, snapshots) add `#<interaction index>.response`, as `CorpusCase` ids do.
    public var id: String
    /// The wire format of the stream's events.
    public var format: WireFormat
    /// The raw SSE body exactly as stored (CRLF line ends kept, no trailing newline added).
    public var bytes: [UInt8]
    /// True when the body is not a complete, successful stream in its own protocol
    /// (see `StreamCompleteness`).
    public var expectsError: Bool

    public init(id: String, format: WireFormat, bytes: [UInt8], expectsError: Bool) {
        self.id = id
        self.format = format
        self.bytes = bytes
        self.expectsError = expectsError
    }
}

/// Judges whether an SSE body is a complete, successful stream by its protocol's own rule,
/// with a small line-based scan (the real stream state machines live elsewhere):
///
/// - openai: a `data: [DONE]` event;
/// - anthropic: a `message_stop` event;
/// - responses: a `response.completed` or `response.incomplete` event;
/// - gemini: an event whose candidate has a `finishReason`, or with `promptFeedback.blockReason`.
///
/// In every format the stream fails on an error event (`event: error`, `{"error": …}`,
/// `{"type": "error"}`, `response.failed`), on a `data` payload that is not JSON, and on a
/// line that is not an SSE field (Google appends its error JSON to a stream as bare text).
/// An event at the very end of the body counts even without a closing blank line.
enum StreamCompleteness {
    /// nil for a complete, successful stream, else what is wrong with it.
    static func problem(_ bytes: [UInt8], format: WireFormat) -> String? {
        var scan = Scan(format: format)
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                scan.line(bytes[start..<index])
                // CRLF is one line end.
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count { scan.line(bytes[start...]) }
        scan.dispatch()
        if let failure = scan.failure { return failure }
        return scan.finished ? nil : "no finishing event"
    }

    private struct Scan {
        let format: WireFormat
        var event: String?
        var data: [UInt8] = []
        var hasData = false
        var finished = false
        /// The first reason the stream counts as failed.
        var failure: String?

        init(format: WireFormat) {
            self.format = format
        }

        mutating func line(_ line: ArraySlice<UInt8>) {
            if line.isEmpty { return dispatch() }
            if line.first == UInt8(ascii: ":") { return }  // comment
            let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
            var value = line[colon...].dropFirst()
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
            switch String(decoding: line[..<colon], as: UTF8.self) {
            case "data":
                if hasData { data.append(0x0A) }
                data.append(contentsOf: value)
                hasData = true
            case "event":
                event = String(decoding: value, as: UTF8.self)
            case "id", "retry":
                break
            default:
                fail("text outside SSE fields")
            }
        }

        mutating func dispatch() {
            defer {
                event = nil
                data = []
                hasData = false
            }
            if event == "error" { fail("error event") }
            guard hasData, !data.isEmpty else { return }
            let words = data.split(separator: UInt8(ascii: " "))
            if format == .openai, words.count == 1, words[0].elementsEqual("[DONE]".utf8) {
                finished = true
                return
            }
            guard let json = try? JSONParser.parse(data) else { return fail("data is not JSON") }
            if CorpusCollector.isErrorBody(json) { return fail("error event") }
            let type = event ?? json["type"]?.stringValue
            switch format {
            case .openai:
                break
            case .anthropic:
                if type == "message_stop" { finished = true }
            case .responses:
                if type == "response.completed" || type == "response.incomplete" { finished = true }
                if type == "response.failed" { fail("response.failed event") }
            case .gemini:
                let candidates = json["candidates"]?.arrayValue ?? []
                if candidates.contains(where: { $0["finishReason"].map { !$0.isNull } ?? false })
                    || json["promptFeedback"]?["blockReason"].map({ !$0.isNull }) ?? false
                {
                    finished = true
                }
            }
        }

        private mutating func fail(_ reason: String) {
            if failure == nil { failure = reason }
        }
    }
}
