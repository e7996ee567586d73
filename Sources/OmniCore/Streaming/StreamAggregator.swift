/// Stream ↔ whole response, both pure.
///
/// `StreamAggregator` gathers an upstream stream into one whole response (a client asked
/// without `stream` but the provider only streams); `StreamPlayback.events(for:)` plays a whole
/// response as stream events (a client asked for `stream`, the provider answered whole).
public struct StreamAggregator: Sendable {
    private let source: WireFormat
    private var parser = SSEParser()
    private var decoder: StreamDecoder
    private var response = IRResponse()
    private var parts: [Int: IRPart] = [:]  // block → part being built
    private var order: [Int] = []
    private var finishReason: IRFinishReason?
    private var stopSequence: String?
    private var result: Result<IRResponse, IRStreamError>?

    public init(from source: WireFormat) {
        self.source = source
        decoder = StreamDecoder(source)
    }

    public mutating func feed(_ chunk: [UInt8]) {
        guard result == nil else { return }
        var events: [SSEEvent] = []
        parser.feed(chunk) { events.append($0) }
        for event in events { receive(event) }
    }

    /// The whole response, or the error that ended the stream.
    public mutating func finish() -> Result<IRResponse, IRStreamError> {
        if let result { return result }
        var events: [SSEEvent] = []
        let cut = parser.finish(flushing: { events.append($0) }) == .cutInsideEvent
        for event in events { receive(event) }
        if let result { return result }
        var decoded: [IRStreamEvent] = []
        decoder.finish(cut: cut, into: &decoded)
        for event in decoded { apply(event) }
        return result ?? .failure(.truncated(source, "without an end"))
    }

    private mutating func receive(_ event: SSEEvent) {
        guard result == nil else { return }
        var decoded: [IRStreamEvent] = []
        decoder.receive(event, into: &decoded)
        for event in decoded { apply(event) }
    }

    private mutating func part(_ block: Int, _ make: () -> IRPart) -> IRPart {
        if let part = parts[block] { return part }
        order.append(block)
        return make()
    }

    mutating func apply(_ event: IRStreamEvent) {
        guard result == nil else { return }
        switch event {
        case .start(let s):
            response.id = s.id
            response.model = s.model
            response.created = s.created
            response.usage = s.usage
        case .textDelta(let block, let text):
            guard case .text(var t) = part(block, { .text(IRText("")) }) else { return }
            t.text += text
            parts[block] = .text(t)
        case .refusalDelta(let block, let text):
            guard case .refusal(let r) = part(block, { .refusal("") }) else { return }
            parts[block] = .refusal(r + text)
        case .thinkingDelta(let block, let text):
            guard case .thinking(var t) = part(block, { .thinking(IRThinking(segments: [""])) }) else { return }
            t.segments[t.segments.count - 1] += text
            parts[block] = .thinking(t)
        case .thinkingSignature(let block, let signature):
            guard case .thinking(var t) = part(block, { .thinking(IRThinking(segments: [""])) }) else { return }
            t.signature = signature
            parts[block] = .thinking(t)
        case .redactedThinking(let block, let data):
            parts[block] = part(block, { .thinking(IRThinking(segments: [], redactedData: data)) })
        case .toolCallStart(let block, let id, let name, let signature):
            parts[block] = part(block, { .toolCall(IRToolCall(id: id, name: name, arguments: "", signature: signature)) })
        case .toolCallArgumentsDelta(let block, let fragment):
            guard case .toolCall(var call)? = parts[block] else { return }
            call.arguments += fragment
            parts[block] = .toolCall(call)
        case .blockStop:
            break
        case .finish(let reason, let sequence):
            finishReason = reason
            stopSequence = sequence
        case .usage(let usage):
            response.usage = usage
        case .end:
            let assembled = order.compactMap { parts[$0] }.map { part -> IRPart in
                guard case .toolCall(var call) = part, call.arguments.isEmpty else { return part }
                call.arguments = "{}"
                return .toolCall(call)
            }
            response.choices = [IRChoice(parts: assembled, finishReason: finishReason, stopSequence: stopSequence)]
            result = .success(response)
        case .error(let error):
            result = .failure(error)
        }
    }
}

public enum StreamPlayback {
    /// A whole response as the stream events that would have produced it (the first choice).
    public static func events(for response: IRResponse) -> [IRStreamEvent] {
        var events: [IRStreamEvent] = [.start(IRStreamStart(id: response.id, model: response.model, created: response.created))]
        let choice = response.choices.first ?? IRChoice(parts: [])
        for (block, part) in choice.parts.enumerated() {
            switch part {
            case .text(let t):
                events.append(.textDelta(block: block, text: t.text))
            case .refusal(let text):
                events.append(.refusalDelta(block: block, text: text))
            case .thinking(let t):
                if let data = t.redactedData {
                    events.append(.redactedThinking(block: block, data: data))
                } else {
                    events.append(.thinkingDelta(block: block, text: t.text))
                    if let signature = t.signature { events.append(.thinkingSignature(block: block, signature: signature)) }
                }
            case .toolCall(let call):
                events.append(.toolCallStart(block: block, id: call.id, name: call.name, signature: call.signature))
                events.append(.toolCallArgumentsDelta(block: block, fragment: call.arguments))
            case .image, .file, .toolResult, .opaque:
                continue
            }
            events.append(.blockStop(block: block))
        }
        if let reason = choice.finishReason { events.append(.finish(reason, stopSequence: choice.stopSequence)) }
        if let usage = response.usage { events.append(.usage(usage)) }
        events.append(.end)
        return events
    }

    /// A whole response in `source` format, played as a `target` stream.
    public static func stream(_ whole: [UInt8], from source: WireFormat, to target: WireFormat) throws -> [UInt8] {
        let json: JSON
        do { json = try JSONParser.parse(whole) } catch { throw TranslationError.syntaxError(error) }
        let response = try Translator.decodeResponse(json, from: source)
        var encoder = StreamEncoder(target)
        var out: [UInt8] = []
        for event in events(for: response) { encoder.receive(event, into: &out) }
        return out
    }
}
