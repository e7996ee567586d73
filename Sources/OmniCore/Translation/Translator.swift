/// Whether a body is a request or a whole response.
public enum PayloadKind: String, Sendable, CaseIterable {
    case request, response
}

/// The entry point: decode any format into the IR, encode the IR into any format.
public enum Translator {
    public static func decodeRequest(_ json: JSON, from format: WireFormat) throws -> IRRequest {
        switch format {
        case .openai: return try OpenAIRequestCodec.decode(json)
        case .anthropic: return try AnthropicRequestCodec.decode(json)
        case .gemini: return try GeminiRequestCodec.decode(json)
        case .responses: return try ResponsesRequestCodec.decode(json)
        }
    }

    public static func encodeRequest(_ request: IRRequest, to format: WireFormat) throws -> JSON {
        switch format {
        case .openai: return try OpenAIRequestCodec.encode(request)
        case .anthropic: return try AnthropicRequestCodec.encode(request)
        case .gemini: return try GeminiRequestCodec.encode(request)
        case .responses: return try ResponsesRequestCodec.encode(request)
        }
    }

    public static func decodeResponse(_ json: JSON, from format: WireFormat) throws -> IRResponse {
        switch format {
        case .openai: return try OpenAIResponseCodec.decode(json)
        case .anthropic: return try AnthropicResponseCodec.decode(json)
        case .gemini: return try GeminiResponseCodec.decode(json)
        case .responses: return try ResponsesResponseCodec.decode(json)
        }
    }

    public static func encodeResponse(_ response: IRResponse, to format: WireFormat) throws -> JSON {
        switch format {
        case .openai: return try OpenAIResponseCodec.encode(response)
        case .anthropic: return try AnthropicResponseCodec.encode(response)
        case .gemini: return try GeminiResponseCodec.encode(response)
        case .responses: return try ResponsesResponseCodec.encode(response)
        }
    }

    /// Translates a parsed body through the IR. `model` replaces the model name (the
    /// gateway's resolved model); gemini bodies carry none.
    public static func translate(
        _ json: JSON, kind: PayloadKind, from source: WireFormat, to target: WireFormat, model: String? = nil
    ) throws -> JSON {
        switch kind {
        case .request:
            var ir = try decodeRequest(json, from: source)
            if let model { ir.model = model }
            do { return try encodeRequest(ir, to: target) } catch let error as TranslationError where error.toolCallID != nil {
                throw ArgumentsCheck.relocating(error, in: json, kind: kind, format: source)
            }
        case .response:
            var ir = try decodeResponse(json, from: source)
            if let model { ir.model = model }
            do { return try encodeResponse(ir, to: target) } catch let error as TranslationError where error.toolCallID != nil {
                throw ArgumentsCheck.relocating(error, in: json, kind: kind, format: source)
            }
        }
    }

    /// Bytes in, bytes out: the hot path of the gateway and `omniroute translate`.
    /// Parse errors and translation errors both come out as `TranslationError`.
    public static func translate(
        _ bytes: [UInt8], kind: PayloadKind, from source: WireFormat, to target: WireFormat, model: String? = nil
    ) throws -> [UInt8] {
        let json: JSON
        // Schemas stay raw bytes; for gemini they are rewritten into its subset byte to byte.
        do { json = try JSONParser.parse(bytes, keepingSchemasRaw: true) } catch { throw TranslationError.syntaxError(error) }
        let out = try translate(json, kind: kind, from: source, to: target, model: model)
        return JSONWriter.encode(out, capacity: bytes.count + bytes.count / 4)
    }
}
