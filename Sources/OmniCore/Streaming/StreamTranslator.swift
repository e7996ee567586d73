/// Upstream SSE bytes in any split → client SSE bytes, for any source × target: the SSE
/// parser, the source's stream decoder and the target's stream encoder, as one state machine
/// the caller feeds (`feed`, then `finish`). Output is returned as soon as an event is
/// complete. Same format: the upstream's events are relayed as they came (every field kept),
/// while the decoder watches for the end; a stream that breaks off still ends in an error.
public struct StreamTranslator: Sendable {
    public enum Outcome: Sendable, Equatable {
        case complete
        case failed(IRStreamError)
    }

    public let source: WireFormat
    public let target: WireFormat
    private let model: String?
    private let created: Int?
    private var parser = SSEParser()
    private var decoder: StreamDecoder
    private var encoder: StreamEncoder
    private var scratch: [IRStreamEvent] = []
    /// The events of the chunk being fed, in a buffer kept between chunks (one per chunk was
    /// an allocation per chunk).
    private var parsed: [SSEEvent] = []
    public private(set) var outcome: Outcome?
    /// The last token counts the upstream reported (what the request is billed for).
    public private(set) var usage: IRUsage?
    /// Whether the decoder has seen any content, so a failure can tell "nothing arrived yet".
    public private(set) var eventsSeen = 0

    /// `model` replaces the upstream's model name; `created` (seconds since the epoch) is used
    /// when the upstream's stream carries no creation time (Anthropic, Gemini).
    public init(from source: WireFormat, to target: WireFormat, model: String? = nil, created: Int? = nil) {
        self.source = source
        self.target = target
        self.model = model
        self.created = created
        decoder = StreamDecoder(source, relaying: source == target)
        encoder = StreamEncoder(target)
    }

    /// The client bytes the chunk completes.
    public mutating func feed(_ chunk: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        guard outcome == nil else { return out }
        var events = parsed
        parsed = []
        parser.feed(chunk) { events.append($0) }
        for event in events where outcome == nil { handle(event, into: &out) }
        events.removeAll(keepingCapacity: true)
        parsed = events
        if outcome == nil, source == .gemini, parser.unknownFieldLines > 0 { failOnBareBody(into: &out) }
        return out
    }

    /// Gemini ends a failing stream with its error as a bare JSON body instead of an event.
    private mutating func failOnBareBody(into out: inout [UInt8]) {
        scratch = [.error(IRStreamError(kind: .upstream, message: "the gemini upstream sent an error body mid-stream", status: 502))]
        relayDecoded(passThrough: nil, into: &out)
    }

    /// The upstream ended: the rest of the client stream (an error event when it was cut).
    public mutating func finish() -> [UInt8] {
        var out: [UInt8] = []
        guard outcome == nil else { return out }
        var events: [SSEEvent] = []
        let unknownBefore = parser.unknownFieldLines
        let cut = parser.finish(flushing: { events.append($0) }) == .cutInsideEvent
        for event in events where outcome == nil { handle(event, into: &out) }
        if outcome == nil, source == .gemini, unknownBefore > 0 { failOnBareBody(into: &out) }
        guard outcome == nil else { return out }
        scratch.removeAll(keepingCapacity: true)
        decoder.finish(cut: cut, into: &scratch)
        relayDecoded(passThrough: nil, into: &out)
        if outcome == nil { outcome = .failed(.truncated(source, "without an end")) }
        return out
    }

    /// Ends the client stream with an error event of the target format, e.g. when the
    /// upstream went silent past the idle timeout. Nothing is sent after it.
    public mutating func abort(_ error: IRStreamError) -> [UInt8] {
        var out: [UInt8] = []
        guard outcome == nil else { return out }
        scratch = [.error(error)]
        relayDecoded(passThrough: nil, into: &out)
        return out
    }

    private mutating func handle(_ event: SSEEvent, into out: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        decoder.receive(event, into: &scratch)
        relayDecoded(passThrough: source == target ? event : nil, into: &out)
    }

    /// Encodes what the decoder made of the last input; the same format relays the event
    /// itself instead, unless the decoder found it broken (then our own error event goes out).
    private mutating func relayDecoded(passThrough event: SSEEvent?, into out: inout [UInt8]) {
        if let event, !scratch.contains(where: { if case .error(let e) = $0 { return e.kind == .malformed } else { return false } }) {
            SSEWriter.append(event: event.event, data: event.data, to: &out)
            for decoded in scratch { settle(decoded) }
            return
        }
        for var decoded in scratch {
            if case .start(var start) = decoded, model != nil || (created != nil && start.created == nil) {
                if let model { start.model = model }
                if start.created == nil { start.created = created }
                decoded = .start(start)
            }
            encoder.receive(decoded, into: &out)
            settle(decoded)
        }
    }

    private mutating func settle(_ event: IRStreamEvent) {
        eventsSeen &+= 1
        switch event {
        case .usage(let counts): usage = counts
        case .start(let start): if let counts = start.usage { usage = counts }
        case .end: outcome = .complete
        case .error(let error): outcome = .failed(error)
        default: break
        }
    }
}

/// Dispatch over the four stream decoders. Optionals rather than an enum with payloads:
/// `decoder!.receive(…)` mutates in place, where switching out an enum payload would copy
/// the decoder's state on every event.
struct StreamDecoder: Sendable {
    private var openai: OpenAIStreamDecoder?
    private var anthropic: AnthropicStreamDecoder?
    private var gemini: GeminiStreamDecoder?
    private var responses: ResponsesStreamDecoder?

    /// `relaying`: the translator relays the source's own events (same format), so a decoder
    /// that can may skip reading what only an encoder would need.
    init(_ format: WireFormat, relaying: Bool = false) {
        switch format {
        case .openai: openai = OpenAIStreamDecoder(relaying: relaying)
        case .anthropic: anthropic = AnthropicStreamDecoder(relaying: relaying)
        case .gemini: gemini = GeminiStreamDecoder()
        case .responses: responses = ResponsesStreamDecoder()
        }
    }

    mutating func receive(_ event: SSEEvent, into out: inout [IRStreamEvent]) {
        if openai != nil { openai!.receive(event, into: &out) }
        else if anthropic != nil { anthropic!.receive(event, into: &out) }
        else if gemini != nil { gemini!.receive(event, into: &out) }
        else { responses!.receive(event, into: &out) }
    }

    mutating func finish(cut: Bool, into out: inout [IRStreamEvent]) {
        if openai != nil { openai!.finish(cut: cut, into: &out) }
        else if anthropic != nil { anthropic!.finish(cut: cut, into: &out) }
        else if gemini != nil { gemini!.finish(cut: cut, into: &out) }
        else { responses!.finish(cut: cut, into: &out) }
    }
}

/// Dispatch over the four stream encoders (see `StreamDecoder` for why optionals).
struct StreamEncoder: Sendable {
    private var openai: OpenAIStreamEncoder?
    private var anthropic: AnthropicStreamEncoder?
    private var gemini: GeminiStreamEncoder?
    private var responses: ResponsesStreamEncoder?

    init(_ format: WireFormat) {
        switch format {
        case .openai: openai = OpenAIStreamEncoder()
        case .anthropic: anthropic = AnthropicStreamEncoder()
        case .gemini: gemini = GeminiStreamEncoder()
        case .responses: responses = ResponsesStreamEncoder()
        }
    }

    mutating func receive(_ event: IRStreamEvent, into out: inout [UInt8]) {
        if openai != nil { openai!.receive(event, into: &out) }
        else if anthropic != nil { anthropic!.receive(event, into: &out) }
        else if gemini != nil { gemini!.receive(event, into: &out) }
        else { responses!.receive(event, into: &out) }
    }
}
