/// How a request is said to a provider: the URL by the vendor SDK's base-URL convention
/// (DESIGN.md, "Base URLs"), the auth header by the provider's style, the body in its format.
enum UpstreamCall {
    static func url(baseURL: String, kind: RequestKind, format: WireFormat, model: String, stream: Bool) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        // OpenAI's SDK: `{base}/embeddings`, beside `/chat/completions` (only openai-format providers get these).
        if kind == .embeddings { return base + "/embeddings" }
        switch format {
        case .openai: return base + "/chat/completions"
        case .responses: return base + "/responses"
        case .anthropic: return base + "/v1/messages"
        case .gemini:
            return base + "/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent")
        }
    }

    /// The provider's URL for a call: a generation URL that depends on neither the model nor
    /// streaming (every format but gemini's) was made once with the table.
    static func url(for provider: RoutedProvider, kind: RequestKind, model: String, stream: Bool) -> String {
        if kind == .generate, let url = provider.generateURL { return url }
        return url(baseURL: provider.baseURL, kind: kind, format: provider.format, model: model, stream: stream)
    }

    /// Client headers an upstream of the same family needs to see (Claude Code's betas…).
    /// A switch, not a dictionary: hashing the format showed up on every request.
    static func forwarded(_ format: WireFormat) -> [String] {
        switch format {
        case .anthropic: return ["anthropic-version", "anthropic-beta"]
        case .openai, .responses: return ["openai-organization", "openai-project"]
        case .gemini: return []
        }
    }

    static func request(attempt: Int, kind: RequestKind, provider: RoutedProvider, account: RoutedAccount, model: RoutedModel, body: [UInt8],
                        stream: Bool, clientFormat: WireFormat, clientHeaders: HeaderFields, connectTimeout: Span) -> UpstreamRequest {
        // Room for all of them at once (a literal and appends grew the list 1 → 2 → 4).
        var headers = HeaderFields(capacity: 6)
        headers.append("content-type", "application/json")
        headers.append("accept", stream ? "text/event-stream" : "application/json")
        switch provider.auth {
        case .bearer: headers.append("authorization", account.bearerAuthorization)
        case .xApiKey: headers.append("x-api-key", account.apiKey)
        case .xGoogApiKey: headers.append("x-goog-api-key", account.apiKey)
        case .none: break
        }
        if clientFormat == provider.format {
            for name in forwarded(provider.format) { if let value = clientHeaders[name] { headers.append(name, value) } }
        }
        if provider.format == .anthropic, headers["anthropic-version"] == nil { headers.append("anthropic-version", "2023-06-01") }
        var request = UpstreamRequest(attempt: attempt, provider: provider.id, account: account.id, model: model.upstreamID, format: provider.format,
                                      url: url(for: provider, kind: kind, model: model.upstreamID, stream: stream),
                                      headers: headers, body: body, stream: stream, connectTimeout: connectTimeout)
        (request.accountIndex, request.modelIndex) = (account.index, model.index)
        return request
    }

    /// The body in the provider's format; `request.model` is the provider's model id (gemini
    /// carries the model in the URL).
    /// `sizeHint`: the client body's size; the writer starts with room for a bit more (it
    /// started at 1 KB, so the load test's 1 KB requests were written twice over).
    static func body(for request: IRRequest, source: JSON, from client: WireFormat, to target: WireFormat, sizeHint: Int) throws -> [UInt8] {
        do {
            var json = try Translator.encodeRequest(request, to: target)
            // Same format passes the client's fields through; a stream must still report its
            // usage or it cannot be priced or charged to a budget (OpenAI sends it only when asked).
            if target == .openai, client == .openai, request.stream == true, case .object(var top) = json, top["stream_options"] == nil {
                top.append("stream_options", ["include_usage": true])
                json = .object(top)
            }
            return JSONWriter.encode(json, capacity: sizeHint + sizeHint / 4 + 64)
        } catch let error as TranslationError where error.toolCallID != nil {
            throw ArgumentsCheck.relocating(error, in: source, kind: .request, format: client)
        }
    }
}

/// The human part of an upstream's error body, to pass on when the gateway gives up
/// (`{"error":{"message"}}`, `{"type":"error","error":{"message"}}`, `{"message"}`, or text).
enum UpstreamErrorMessage {
    static func extract(from body: [UInt8]) -> String? {
        guard !body.isEmpty else { return nil }
        if let json = try? JSONParser.parse(body) {
            if case .object(let top) = json {
                if case .object(let error)? = top["error"], case .string(let message)? = error["message"] { return message }
                if case .string(let message)? = top["error"] { return message }
                if case .string(let message)? = top["message"] { return message }
            }
            if case .array(let list) = json, let first = list.first, case .object(let top) = first,
               case .object(let error)? = top["error"], case .string(let message)? = error["message"] { return message }
        }
        // Text (an HTML page, a proxy's message): its first 200 printable characters.
        let text = String(decoding: body.prefix(600), as: UTF8.self)
        let printable = text.unicodeScalars.filter { $0.value >= 0x20 || $0 == " " }.prefix(200)
        return printable.isEmpty ? nil : String(String.UnicodeScalarView(printable))
    }
}
