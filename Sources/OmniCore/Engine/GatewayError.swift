/// An error the gateway answers a client with, rendered in the client's own wire format
/// (DESIGN.md, "Errors go back in the client's own format"): OpenAI and Responses
/// `{"error":{"message","type","param","code"}}`, Anthropic
/// `{"type":"error","error":{"type","message"}}`, Gemini `{"error":{"code","message","status"}}`.
public struct GatewayError: Error, Sendable, Equatable {
    public var status: Int
    public var message: String
    /// A stable machine-readable code (`model_not_found`, `budget_exhausted`…).
    public var code: String
    /// The JSON path of the offending request field, when there is one.
    public var param: String?
    /// Sent as `Retry-After` (whole seconds, rounded up).
    public var retryAfter: Span?

    public init(status: Int, code: String, message: String, param: String? = nil, retryAfter: Span? = nil) {
        (self.status, self.code, self.message, self.param, self.retryAfter) = (status, code, message, param, retryAfter)
    }

    public func response(for format: WireFormat) -> ClientResponse {
        var headers: HeaderFields = ["content-type": "application/json"]
        if let retryAfter { headers.append("retry-after", String(max(1, retryAfter.wholeSecondsRoundedUp))) }
        return ClientResponse(status: status, headers: headers, body: body(for: format))
    }

    public func body(for format: WireFormat) -> [UInt8] {
        let json: JSON
        switch format {
        case .openai, .responses:
            json = .object(["error": .object([
                "message": .string(message), "type": .string(openAIType),
                "param": param.map(JSON.string) ?? .null, "code": .string(code),
            ])])
        case .anthropic:
            json = .object(["type": "error", "error": .object(["type": .string(anthropicType), "message": .string(message)])])
        case .gemini:
            json = .object(["error": .object([
                "code": .number(JSONNumber(status)), "message": .string(message), "status": .string(geminiStatus),
            ])])
        }
        return JSONWriter.encode(json)
    }

    /// OpenAI's `error.type` values.
    var openAIType: String {
        switch status {
        case 401: return "authentication_error"
        case 403: return "permission_error"
        case 402: return "insufficient_quota"
        case 404: return "not_found_error"
        case 409: return "conflict_error"
        case 429: return "rate_limit_error"
        case 400..<500: return "invalid_request_error"
        default: return "server_error"
        }
    }

    /// Anthropic's error types (docs.anthropic.com, "Errors").
    var anthropicType: String {
        switch status {
        case 401: return "authentication_error"
        case 402: return "billing_error"
        case 403: return "permission_error"
        case 404: return "not_found_error"
        case 413: return "request_too_large"
        case 429: return "rate_limit_error"
        case 504: return "timeout_error"
        case 529, 503: return "overloaded_error"
        case 400..<500: return "invalid_request_error"
        default: return "api_error"
        }
    }

    /// google.rpc.Code names as the Gemini API returns them.
    var geminiStatus: String {
        switch status {
        case 400, 413: return "INVALID_ARGUMENT"
        case 401: return "UNAUTHENTICATED"
        case 402, 429: return "RESOURCE_EXHAUSTED"
        case 403: return "PERMISSION_DENIED"
        case 404: return "NOT_FOUND"
        case 409: return "ABORTED"
        case 499: return "CANCELLED"
        case 501: return "UNIMPLEMENTED"
        case 503, 529: return "UNAVAILABLE"
        case 504: return "DEADLINE_EXCEEDED"
        default: return status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION"
        }
    }
}
