import OmniCore

/// One recorded HTTP request/response pair, whatever recorder stored it
/// (go-vcr, vcrpy, inline-snapshot). The sources only parse their container
/// format; the rules for which bodies become cases live here, once.
struct RecordedExchange {
    enum Body {
        /// JSON bytes ready to use (cut from a JSON file, or converted from YAML).
        case json([UInt8])
        /// Raw body text as recorded: a JSON document or an SSE stream.
        case text(String)
        case none
        /// The recorder's value could not be turned into JSON; the reason says why.
        case invalid(String)
    }

    var url: String
    var request: Body
    /// HTTP status; nil when the recorder did not keep one.
    var status: Int?
    var response: Body

    /// Adds the request and response bodies of `exchanges` (from `file`) to `collector`:
    /// JSON bodies as cases, SSE response bodies as streams.
    static func add(_ exchanges: [RecordedExchange], file: String, to collector: inout CorpusCollector) {
        for (index, exchange) in exchanges.enumerated() {
            let requestID = "\(file)#\(index).request"
            let responseID = "\(file)#\(index).response"
            guard let endpoint = CorpusEndpoint(url: exchange.url) else {
                let reason = SkipReason.otherEndpoint(CorpusEndpoint.path(of: exchange.url))
                collector.skip(requestID, reason)
                collector.skip(responseID, reason)
                continue
            }
            // A request is worth translating whatever the upstream answered
            // (a 429 retry or a 400 for an unknown model is still a valid body).
            add(exchange.request, id: requestID, file: file, format: endpoint.format, kind: .request, to: &collector)

            if let status = exchange.status, !(200..<300).contains(status) {
                let isError = exchange.response.bytes.flatMap { try? JSONParser.parse($0) }
                    .map(CorpusCollector.isErrorBody) ?? false
                collector.skip(responseID, isError ? SkipReason.errorBody : SkipReason.errorStatus)
                if exchange.response.isStream { collector.skipStream(responseID, SkipReason.errorStatus) }
            } else if exchange.response.isStream, let bytes = exchange.response.bytes {
                collector.addStream(id: responseID, format: endpoint.format, bytes: bytes)
            } else if endpoint.streamsResponse {
                collector.skip(responseID, SkipReason.stream)
                collector.skipStream(responseID, SkipReason.streamNotSSE)
            } else {
                add(exchange.response, id: responseID, file: file, format: endpoint.format, kind: .response, to: &collector)
            }
        }
    }

    private static func add(
        _ body: Body, id: String, file: String, format: WireFormat, kind: CorpusCase.Kind,
        to collector: inout CorpusCollector
    ) {
        switch body {
        case .none: collector.skip(id, SkipReason.noBody)
        case .invalid(let reason): collector.skip(id, reason)
        case .json, .text:
            if body.isStream { return collector.skip(id, SkipReason.stream) }
            collector.add(id: id, file: file, format: format, kind: kind, body: body.bytes ?? [])
        }
    }
}

extension RecordedExchange.Body {
    var bytes: [UInt8]? {
        switch self {
        case .json(let bytes): bytes
        case .text(let text): Array(text.utf8)
        case .none, .invalid: nil
        }
    }

    var isStream: Bool {
        if case .text(let text) = self { return CorpusCollector.looksLikeStream(text) }
        return false
    }
}
