extension RequestFlow {
    /// The translating an event needs, done ahead of `handle`: it reads and changes only this
    /// flow, never the state the flows share. The server calls it before it takes the lock
    /// around that state, so one loop translating a 600-byte answer or a stream's chunk does
    /// not hold up the others (the lock is then held for the state's bookkeeping only). A
    /// driver that does not call it (the simulator) gets the same actions: `handle` does the
    /// work itself when nothing was prepared for the event.
    ///
    /// What is prepared lives only until the end of the next `handle`, which must be given
    /// the same event.
    public mutating func prepare(_ event: FlowEvent) {
        switch event {
        case .upstreamChunk(let number, let bytes, _):
            guard attempt?.number == number, phase == .streamPending || phase == .streaming else { return }
            prepared = .streamed(feedTranslator(bytes), attempt: number)
        case .upstreamEnd(let number, _):
            guard attempt?.number == number else { return }
            switch phase {
            case .readingBody:
                let answered = answer(attempt!.body)
                prepared = .whole(answered, attempt: number)
            case .streamPending, .streaming: prepared = .streamed(finishTranslator(), attempt: number)
            default: return
            }
        default:
            return
        }
    }

    /// What `prepare` did for the event `handle` is given.
    enum Prepared: Sendable {
        /// A stream's chunk (or its end) through the attempt's translator.
        case streamed(StreamStep, attempt: Int)
        /// A whole answer in the client's format, and its usage; nil when it is malformed.
        case whole(Answer?, attempt: Int)
    }

    typealias StreamStep = (bytes: [UInt8], outcome: StreamTranslator.Outcome?, usage: IRUsage?)
    typealias Answer = (body: [UInt8], usage: IRUsage?)

    /// The stream step `prepare` made for this attempt's event, if any.
    mutating func takePreparedStep(attempt number: Int) -> StreamStep? {
        guard case .streamed(let step, let attempt)? = prepared, attempt == number else { return nil }
        prepared = nil
        return step
    }

    /// The whole answer `prepare` made for this attempt, if it did.
    mutating func takePreparedAnswer(attempt number: Int) -> Answer?? {
        guard case .whole(let answer, let attempt)? = prepared, attempt == number else { return nil }
        prepared = nil
        return .some(answer)
    }

    /// Feeds the attempt's stream translator in place (`withTranslator`).
    mutating func feedTranslator(_ bytes: [UInt8]) -> StreamStep {
        attempt!.withTranslator { translator in
            let bytesOut = translator.feed(bytes)
            return (bytesOut, translator.outcome, translator.usage)
        }
    }

    /// Ends the attempt's stream translator: what it still held, and how the stream ended.
    mutating func finishTranslator() -> StreamStep {
        attempt!.withTranslator { translator in
            let bytesOut = translator.finish()
            return (bytesOut, translator.outcome, translator.usage)
        }
    }

    /// A whole 2xx body in the client's format (embeddings: passed through with the client's
    /// model name), and its usage; nil for a malformed answer, to fail over from.
    ///
    /// Mutating though it changes nothing: a non-mutating call from `prepare` or `end` copied
    /// the whole flow (every field retained, then released) to call it.
    mutating func answer(_ body: [UInt8]) -> Answer? {
        let provider = table.providers[table.models[attempt!.model].provider]
        do {
            switch kind {
            case .generate where provider.format == clientFormat:
                if let passed = SameFormatPassThrough.response(body, format: clientFormat, model: requestedModel) { return passed }
                return try Self.translate(body, from: provider.format, to: clientFormat, model: requestedModel, arrivedAt: arrivedAt)
            case .generate:
                return try Self.translate(body, from: provider.format, to: clientFormat, model: requestedModel, arrivedAt: arrivedAt)
            case .embeddings:
                return try EmbeddingsResponse.relabel(body, model: requestedModel)
            }
        } catch {
            return nil
        }
    }

    /// A whole answer of another format (or a same-format one that is not plain) in the client's.
    private static func translate(_ body: [UInt8], from format: WireFormat, to clientFormat: WireFormat, model: String,
                                  arrivedAt: Instant) throws -> Answer {
        let json = try JSONParser.parse(body)
        var response = try Translator.decodeResponse(json, from: format)
        response.model = model
        // Formats without a creation time (Anthropic, Gemini) leave it to the gateway.
        if response.created == nil { response.created = Int(arrivedAt.secondsSinceEpoch) }
        let translated = JSONWriter.encode(try Translator.encodeResponse(response, to: clientFormat), capacity: body.count + body.count / 4)
        return (translated, response.usage)
    }
}
