/// IR events → an OpenAI Chat Completions stream: `role` in the first delta, tool calls as
/// `tool_calls` deltas with `index` (id and name in the first fragment only), `finish_reason`
/// in the last choice chunk, a usage chunk, and exactly one `data: [DONE]`, last.
public struct OpenAIStreamEncoder: Sendable {
    private var start = IRStreamStart()
    private var started = false
    private var toolIndex: [Int: Int] = [:]  // block → tool_calls index
    private var usage: IRUsage?
    private var done = false
    /// `data: {"id":…,"choices":[{"index":0,"delta":` for this stream: text deltas are written
    /// from it without building a tree per event (most events of a stream are text deltas).
    private var deltaPrefix: [UInt8] = []

    public init() {}

    private mutating func textChunk(_ key: StaticString, _ text: String, into out: inout [UInt8]) {
        beginIfNeeded(into: &out)
        if deltaPrefix.isEmpty {
            var o = header()
            o.append("choices", [["index": 0, "delta": "§"]])
            let bytes = JSONWriter.encode(.object(o))
            let marker = Array("\"§\"".utf8)
            let cut = (0...(bytes.count - marker.count)).first { bytes[$0..<($0 + marker.count)].elementsEqual(marker) } ?? bytes.count
            deltaPrefix = Array("data: ".utf8) + bytes[..<cut]
        }
        out.append(contentsOf: deltaPrefix)
        out.append(static: key)
        JSONString.append(text, to: &out)
        out.append(static: "},\"finish_reason\":null}]}\n\n")
    }

    public mutating func receive(_ event: IRStreamEvent, into out: inout [UInt8]) {
        guard !done else { return }
        switch event {
        case .start(let s):
            start = s
            usage = s.usage
            beginIfNeeded(into: &out)
        case .textDelta(_, let text): textChunk(#"{"content":"#, text, into: &out)
        case .thinkingDelta(_, let text): textChunk(#"{"reasoning_content":"#, text, into: &out)
        case .refusalDelta(_, let text): chunk(["refusal": .string(text)], into: &out)
        case .toolCallStart(let block, let id, let name, _):
            let index = toolIndex.count
            toolIndex[block] = index
            chunk(["tool_calls": [["index": .int(index), "id": .string(id), "type": "function",
                                   "function": ["name": .string(name), "arguments": ""]]]], into: &out)
        case .toolCallArgumentsDelta(let block, let fragment):
            guard let index = toolIndex[block] else { return }
            chunk(["tool_calls": [["index": .int(index), "function": ["arguments": .string(fragment)]]]], into: &out)
        case .thinkingSignature, .redactedThinking, .blockStop:
            break  // Chat Completions has no place for them
        case .finish(let reason, _):
            chunk(JSONObject(), finish: OpenAIResponseCodec.finishReason(reason), into: &out)
        case .usage(let u):
            usage = u
        case .end:
            beginIfNeeded(into: &out)
            if let usage {
                var o = header()
                o.append("choices", .array([]))
                o.append("usage", OpenAIResponseCodec.encodeUsage(usage))
                SSEWriter.append(event: nil, data: JSONWriter.encode(.object(o)), to: &out)
            }
            SSEWriter.appendDone(to: &out)
            done = true
        case .error(let error):
            // OpenAI's own mid-stream error shape; no [DONE] after it.
            let body: JSON = ["error": ["message": .string(error.message), "type": .string(StreamErrors.openAIType(error)),
                                        "code": error.type.map(JSON.string) ?? .null]]
            SSEWriter.append(event: nil, data: JSONWriter.encode(body), to: &out)
            done = true
        }
    }

    private func header() -> JSONObject {
        var o = JSONObject(capacity: 6)
        o.append("id", .string(start.id ?? "chatcmpl-stream"))
        o.append("object", "chat.completion.chunk")
        o.append("created", .int(start.created ?? 0))
        o.append("model", .string(start.model ?? ""))
        return o
    }

    private mutating func beginIfNeeded(into out: inout [UInt8]) {
        guard !started else { return }
        started = true
        chunk(["role": "assistant", "content": ""], into: &out)
    }

    private mutating func chunk(_ delta: JSONObject, finish: String? = nil, into out: inout [UInt8]) {
        if !started, finish == nil, delta["role"] == nil { beginIfNeeded(into: &out) }
        var o = header()
        o.append("choices", [["index": 0, "delta": .object(delta), "finish_reason": finish.map(JSON.string) ?? .null]])
        SSEWriter.append(event: nil, data: JSONWriter.encode(.object(o)), to: &out)
    }
}

enum StreamErrors {
    static func openAIType(_ error: IRStreamError) -> String {
        switch error.status {
        case 429: return "rate_limit_exceeded"
        case 400: return "invalid_request_error"
        default: return error.kind == .upstream ? "server_error" : "upstream_stream_error"
        }
    }

    static func anthropicType(_ error: IRStreamError) -> String {
        if let type = error.type, type.hasSuffix("_error") { return type }
        switch error.status {
        case 529, 503: return "overloaded_error"
        case 429: return "rate_limit_error"
        case 400: return "invalid_request_error"
        default: return "api_error"
        }
    }

    /// google.rpc status names.
    static func geminiStatus(_ error: IRStreamError) -> String {
        if let type = error.type, type == type.uppercased(), !type.isEmpty { return type }
        switch error.status {
        case 429: return "RESOURCE_EXHAUSTED"
        case 400: return "INVALID_ARGUMENT"
        case 503, 529: return "UNAVAILABLE"
        default: return "INTERNAL"
        }
    }
}
