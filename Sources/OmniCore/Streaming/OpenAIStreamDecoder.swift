/// OpenAI Chat Completions stream (`data: {chat.completion.chunk}` … `data: [DONE]`) → IR events.
public struct OpenAIStreamDecoder: Sendable {
    private var started = false
    private var blocks = BlockTracker()
    private var toolBlocks: [Int: Int] = [:]  // tool_calls[].index → block
    private var sawToolCall = false
    private var sawRefusal = false
    private var done = false

    /// Same format on both sides: the translator relays the upstream's events as they came and
    /// needs of the decoder only the stream's end, its errors and its usage. A chunk is then
    /// checked (its JSON must be valid) but its tree is built only when it holds an error or
    /// the usage.
    private let relaying: Bool

    public init(relaying: Bool = false) { self.relaying = relaying }

    static let knownAfterStart = ["id", "object", "created", "model", "system_fingerprint", "service_tier", "obfuscation"]

    public mutating func receive(_ event: SSEEvent, into out: inout [IRStreamEvent]) {
        guard !done else { return }
        if event.data == Array("[DONE]".utf8) {
            blocks.stop(into: &out)
            out.append(.end)
            done = true
            return
        }
        if relaying, !needsReading(event.data, into: &out) { return }
        if let text = fastText(event.data) {
            out.append(.textDelta(block: blocks.block(for: .text, into: &out), text: text))
            return
        }
        let chunk: JSONObject
        // After the first chunk its id, model and the like are known: not kept again.
        switch parseEventJSON(event.data, .openai, skipping: started ? Self.knownAfterStart : []) {
        case .success(let o): chunk = o
        case .failure(let error): return fail(error, into: &out)
        }
        if let error = chunk["error"], !error.isNull {
            return fail(IRStreamError(kind: .upstream, message: error["message"]?.stringValue ?? error.compactText,
                                      status: error["code"]?.numberValue?.intValue ?? 500, type: error["type"]?.stringValue), into: &out)
        }
        if !started {
            started = true
            out.append(.start(IRStreamStart(id: chunk["id"]?.stringValue, model: chunk["model"]?.stringValue,
                                            created: chunk["created"]?.numberValue?.intValue)))
        }
        if let choice = chunk["choices"]?.arrayValue?.first(where: { ($0["index"]?.numberValue?.intValue ?? 0) == 0 }) {
            receive(choice: choice, into: &out)
            // A chunk of one choice whose delta is only text, with no finish or usage: learn its frame.
            if textFrame == nil, chunk["choices"]?.arrayValue?.count == 1, chunk["usage"] == nil || chunk["usage"]!.isNull,
                choice["finish_reason"]?.isNull ?? true, let delta = choice["delta"]?.objectValue, delta.count == 1,
                case .string(let text)? = delta["content"], !text.isEmpty
            {
                learnFrame(event.data)
            }
        }
        if let usage = chunk["usage"]?.objectValue, let decoded = try? OpenAIResponseCodec.decodeUsage(usage) {
            out.append(.usage(decoded))
        }
    }

    /// A relayed chunk: false when it was only to be checked (or was malformed, reported),
    /// or held only the usage besides (read from its member alone: all a relay needs of the
    /// chunk); true when it holds an error or a key written with escapes, and is read the
    /// full way.
    private mutating func needsReading(_ data: [UInt8], into out: inout [IRStreamEvent]) -> Bool {
        let members: [JSONTopLevelMember]
        do {
            guard let found = try JSONTopLevel.members(data) else {
                fail(.malformed(.openai, "data is not a JSON object"), into: &out)
                return false
            }
            members = found
        } catch {
            fail(.malformed(.openai, "\(error)"), into: &out)
            return false
        }
        var usage: Range<Int>?
        for member in members {
            let isUsage = !member.keyIsEscaped && JSONTopLevel.key(member, in: data, is: "usage")
            guard member.keyIsEscaped || isUsage || JSONTopLevel.key(member, in: data, is: "error") else { continue }
            // The literal null (the usage of every chunk but the last, with include_usage) is nothing.
            if !member.keyIsEscaped, data[member.value.lowerBound] == UInt8(ascii: "n") { continue }
            guard isUsage, usage == nil else { return true }
            usage = member.value
        }
        // As the full way reads it: counts that do not decode are no usage.
        if let usage, case .counts(let decoded) = FlatUsage.reading(data, usage, format: .openai) { out.append(.usage(decoded)) }
        return false
    }

    /// The bytes around the text of a plain content chunk, learned from the first one: most of
    /// a stream is chunks that differ only in that text, and reading one as prefix + string +
    /// suffix skips building its tree. Anything else takes the full path.
    private var textFrame: (prefix: [UInt8], suffix: [UInt8])?
    private static let contentKey = Array(#""delta":{"content":""#.utf8)

    private func fastText(_ data: [UInt8]) -> String? {
        guard let frame = textFrame, data.count > frame.prefix.count + frame.suffix.count,
            data.starts(with: frame.prefix)
        else { return nil }
        let start = frame.prefix.count - 1  // the opening quote
        guard let end = Self.stringEnd(data, from: start), data.count - (end + 1) == frame.suffix.count,
            data[(end + 1)...].elementsEqual(frame.suffix),
            case .string(let text)? = try? JSONParser.parse(Array(data[start...end]))
        else { return nil }
        return text
    }

    /// Learns the frame from a chunk that the full path found to be a plain content delta.
    private mutating func learnFrame(_ data: [UInt8]) {
        guard textFrame == nil, let at = Self.find(Self.contentKey, in: data) else { return }
        let start = at + Self.contentKey.count - 1
        guard let end = Self.stringEnd(data, from: start) else { return }
        textFrame = (Array(data[..<(start + 1)]), Array(data[(end + 1)...]))
    }

    /// The index of the quote closing the JSON string that opens at `start`.
    private static func stringEnd(_ data: [UInt8], from start: Int) -> Int? {
        guard start + 1 < data.count else { return nil }
        return data.withUnsafeBufferPointer { bytes in
            let raw = UnsafeRawPointer(bytes.baseAddress!)
            var i = start + 1
            while i < bytes.count {
                // Eight bytes at a time past those that are neither a quote nor a backslash.
                if i + 8 <= bytes.count, JSONWriter.escapeBytes(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) == 0 {
                    i += 8
                    continue
                }
                switch bytes[i] {
                case UInt8(ascii: "\\"): i += 2
                case UInt8(ascii: "\""): return i
                default: i += 1
                }
            }
            return nil
        }
    }

    /// Where `needle` first occurs in `data`, compared in place (the slice comparison this
    /// replaces was generic, and most of learning a frame).
    private static func find(_ needle: [UInt8], in data: [UInt8]) -> Int? {
        guard needle.count <= data.count, let head = needle.first else { return nil }
        return data.withUnsafeBufferPointer { text in
            needle.withUnsafeBufferPointer { pattern in
                var i = 0
                candidates: while i <= text.count - pattern.count {
                    defer { i += 1 }
                    guard text[i] == head else { continue }
                    for k in 1..<pattern.count where text[i + k] != pattern[k] { continue candidates }
                    return i
                }
                return nil
            }
        }
    }

    private mutating func receive(choice: JSON, into out: inout [IRStreamEvent]) {
        if let delta = choice["delta"]?.objectValue {
            if let text = (delta["reasoning_content"] ?? delta["reasoning"])?.stringValue, !text.isEmpty {
                out.append(.thinkingDelta(block: blocks.block(for: .thinking, into: &out), text: text))
            }
            if let text = delta["content"]?.stringValue, !text.isEmpty {
                out.append(.textDelta(block: blocks.block(for: .text, into: &out), text: text))
            }
            if let text = delta["refusal"]?.stringValue, !text.isEmpty {
                sawRefusal = true
                out.append(.refusalDelta(block: blocks.block(for: .refusal, into: &out), text: text))
            }
            for call in delta["tool_calls"]?.arrayValue ?? [] {
                let index = call["index"]?.numberValue?.intValue ?? 0
                let fragment = call["function"]?["arguments"]?.stringValue ?? ""
                if let block = toolBlocks[index] {
                    if !fragment.isEmpty { out.append(.toolCallArgumentsDelta(block: block, fragment: fragment)) }
                    continue
                }
                sawToolCall = true
                let block = blocks.begin(.tool, into: &out)
                toolBlocks[index] = block
                out.append(.toolCallStart(block: block, id: call["id"]?.stringValue ?? "call_\(index)",
                                          name: call["function"]?["name"]?.stringValue ?? "", signature: nil))
                if !fragment.isEmpty { out.append(.toolCallArgumentsDelta(block: block, fragment: fragment)) }
            }
        }
        if let reason = choice["finish_reason"]?.stringValue {
            blocks.stop(into: &out)
            let mapped: IRFinishReason
            switch reason {
            case "stop": mapped = sawToolCall ? .toolCalls : sawRefusal ? .refusal : .stop
            case "length": mapped = .length
            case "tool_calls", "function_call": mapped = .toolCalls
            case "content_filter": mapped = .contentFilter
            default: mapped = .other(reason)
            }
            out.append(.finish(mapped, stopSequence: nil))
        }
    }

    private mutating func fail(_ error: IRStreamError, into out: inout [IRStreamEvent]) {
        out.append(.error(error))
        done = true
    }

    /// The upstream ended; `cut` when it stopped inside an event.
    public mutating func finish(cut: Bool, into out: inout [IRStreamEvent]) {
        guard !done else { return }
        fail(.truncated(.openai, cut ? "inside an event" : "before data: [DONE]"), into: &out)
    }
}
