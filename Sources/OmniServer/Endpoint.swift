import OmniCore

/// Which of the gateway's endpoints a method and path name (DESIGN.md, "Served").
enum Endpoint: Equatable {
    /// A generation request in a wire format; Gemini's carry the model and streaming in the path.
    case generate(WireFormat, pathModel: String?, pathStream: Bool?, provider: String?)
    case models
    case health
    case metrics
    /// `POST /v1/embeddings`, or a provider's dedicated `/v1/providers/{p}/embeddings`.
    case embeddings(provider: String?)
    /// Management under `/api/…` (keys); `/api/health` is `health`.
    case management
    /// A known path with the wrong method, in the format its clients read.
    case wrongMethod(WireFormat, allowed: String)
    case notFound

    static func route(method: String, path: String) -> Endpoint {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        let post = method == "POST"

        func generate(_ format: WireFormat, provider: String? = nil) -> Endpoint {
            post ? .generate(format, pathModel: nil, pathStream: nil, provider: provider) : .wrongMethod(format, allowed: "POST")
        }
        // Codex CLI and others take a base URL without /v1: accept both spellings.
        switch path {
        case "/v1/chat/completions", "/chat/completions": return generate(.openai)
        case "/v1/messages", "/messages": return generate(.anthropic)
        case "/v1/responses", "/responses": return generate(.responses)
        case "/v1/embeddings", "/embeddings": return post ? .embeddings(provider: nil) : .wrongMethod(.openai, allowed: "POST")
        case "/v1/models", "/models", "/v1beta/models": return method == "GET" ? .models : .wrongMethod(.openai, allowed: "GET")
        case "/health", "/api/health": return method == "GET" ? .health : .wrongMethod(.openai, allowed: "GET")
        case "/metrics": return method == "GET" ? .metrics : .wrongMethod(.openai, allowed: "GET")
        default: break
        }
        if path.hasPrefix("/api/") { return .management }
        // /v1/providers/{p}/chat/completions | messages | responses
        if path.hasPrefix("/v1/providers/") {
            let rest = path.dropFirst("/v1/providers/".count)
            if let slash = rest.firstIndex(of: "/") {
                let provider = String(rest[..<slash])
                switch rest[slash...] {
                case "/chat/completions": return generate(.openai, provider: provider)
                case "/messages", "/v1/messages": return generate(.anthropic, provider: provider)
                case "/responses": return generate(.responses, provider: provider)
                case "/embeddings": return post ? .embeddings(provider: provider) : .wrongMethod(.openai, allowed: "POST")
                default: break
                }
            }
        }
        // /v1beta/models/{model}:generateContent, also under /v1/models/ (google-genai 3.x);
        // the model may contain '/' (google-genai does not escape it).
        for prefix in ["/v1beta/models/", "/v1/models/"] where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            guard let colon = rest.lastIndex(of: ":") else { continue }
            let model = String(rest[..<colon])
            let verb = rest[rest.index(after: colon)...]
            let stream: Bool
            switch verb {
            case "generateContent": stream = false
            case "streamGenerateContent": stream = true
            default: continue
            }
            guard !model.isEmpty else { continue }
            return post ? .generate(.gemini, pathModel: model.removingPercentEncoding ?? model, pathStream: stream, provider: nil)
                        : .wrongMethod(.gemini, allowed: "POST")
        }
        return .notFound
    }
}

extension String {
    /// `%2F` → `/`; nil when an escape is broken.
    var removingPercentEncoding: String? {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
