/// A client body read into JSON and the IR, or why it could not be: the first thing an
/// arrival does with the body, and most of its work. The server reads it before taking the
/// state every flow shares (`IncomingRequest.readBody()`), so two event loops do not wait
/// on each other while one parses; the simulator reads each distinct request once and hands
/// every arrival of it the same reading.
///
/// A read body is boxed: an arrival's request is copied on its way to the flow (into the
/// event, out of it), and each copy of the tree and the IR retained every string and array
/// in them (a tenth of the simulator's retains).
public enum RequestBody: Sendable {
    case read(ReadBody)
    case invalid(GatewayError)

    public final class ReadBody: Sendable {
        public let json: JSON
        /// Where each member of a top-level object sits (`JSONParser.parseWithSpans`).
        public let spans: [Range<Int>]
        public let request: IRRequest
        /// `request.signatureOrigins`, read once.
        public let signatures: SignatureOrigins

        init(json: JSON, spans: [Range<Int>], request: IRRequest) {
            // Read before the request is stored: read after, the stored request was a copy.
            signatures = request.signatureOrigins
            self.json = json
            self.spans = spans
            self.request = request
        }
    }

    static func read(_ body: [UInt8], kind: RequestKind, format: WireFormat) -> RequestBody {
        do {
            switch kind {
            case .generate:
                let (json, spans) = try JSONParser.parseWithSpans(body, keepingSchemasRaw: true)
                return .read(ReadBody(json: json, spans: spans, request: try Translator.decodeRequest(json, from: format)))
            case .embeddings:
                let json = try JSONParser.parse(body)
                var request = IRRequest()
                request.model = try EmbeddingsRequest.check(json)
                return .read(ReadBody(json: json, spans: [], request: request))
            }
        } catch let error as JSONSyntaxError {
            return .invalid(GatewayError(status: 400, code: "invalid_json", message: error.description))
        } catch let error as TranslationError {
            return .invalid(GatewayError(status: 400, code: "invalid_request", message: error.description, param: error.pathString))
        } catch {
            return .invalid(GatewayError(status: 400, code: "invalid_request", message: "\(error)"))
        }
    }
}

extension IncomingRequest {
    /// Reads the body now (pure: no shared state), for the flow to use when it arrives.
    public mutating func readBody() {
        parsedBody = RequestBody.read(body, kind: kind, format: format)
    }
}
