/// An OpenAI `POST /v1/embeddings` body, checked before it is routed: `input` is a string,
/// or a non-empty array of strings, of token ids, or of token-id arrays; `model`,
/// `encoding_format`, `dimensions` and `user` have their documented types (OpenAI API
/// reference, "Create embeddings"). Other fields pass through untouched: OpenAI-compatible
/// vendors add their own (`input_type`, `truncate`…). Errors name the JSON path.
///
/// The body is not translated: only OpenAI-format providers serve embeddings, and the
/// client's JSON goes upstream as it came, with `model` set to the upstream's model id.
enum EmbeddingsRequest {
    /// The model the client asked for (nil when absent: the flow's own "model: required" answers).
    static func check(_ json: JSON) throws(TranslationError) -> String? {
        guard let top = json.objectValue else { throw TranslationError(expected: "an object with model and input", found: describe(json)) }
        var model: String?
        if let value = top["model"] {
            guard let name = value.stringValue else { throw TranslationError(path: [.key("model")], expected: "string", found: describe(value)) }
            model = name
        }
        guard let input = top["input"] else {
            throw TranslationError(path: [.key("input")], expected: "a string, or an array of strings or of token ids", found: "nothing")
        }
        try checkInput(input)
        if let format = top["encoding_format"], format.stringValue != "float", format.stringValue != "base64" {
            throw TranslationError(path: [.key("encoding_format")], expected: "\"float\" or \"base64\"", found: describe(format))
        }
        if let dimensions = top["dimensions"], (dimensions.numberValue?.intValue ?? 0) < 1 {
            throw TranslationError(path: [.key("dimensions")], expected: "a whole number above 0", found: describe(dimensions))
        }
        if let user = top["user"], user.stringValue == nil {
            throw TranslationError(path: [.key("user")], expected: "string", found: describe(user))
        }
        return model
    }

    private static func checkInput(_ input: JSON) throws(TranslationError) {
        if input.stringValue != nil { return }
        guard let items = input.arrayValue else {
            throw TranslationError(path: [.key("input")], expected: "a string, or an array of strings or of token ids", found: describe(input))
        }
        guard let first = items.first else {
            throw TranslationError(path: [.key("input")], expected: "a non-empty array", found: "an empty array")
        }
        // One kind throughout, as the first item sets it.
        let kind: (expected: String, accepts: (JSON) -> Bool)
        switch first {
        case .string: kind = ("string", { $0.stringValue != nil })
        case .number: kind = ("token id (a whole number of 0 or more)", isTokenID)
        case .array: kind = ("array of token ids", isTokenArray)
        default: kind = ("string, token id or array of token ids", { _ in false })
        }
        for (i, item) in items.enumerated() where !kind.accepts(item) {
            throw TranslationError(path: [.key("input"), .index(i)], expected: kind.expected, found: describe(item))
        }
    }

    private static func isTokenID(_ value: JSON) -> Bool { (value.numberValue?.intValue ?? -1) >= 0 }

    private static func isTokenArray(_ value: JSON) -> Bool {
        guard let tokens = value.arrayValue, !tokens.isEmpty else { return false }
        return tokens.allSatisfy(isTokenID)
    }

    /// The client's body for an upstream: every field as sent, `model` set to `upstreamModel`.
    static func body(_ source: JSON, upstreamModel: String) -> [UInt8] {
        guard var top = source.objectValue else { return JSONWriter.encode(source) }
        top["model"] = .string(upstreamModel)
        return JSONWriter.encode(.object(top))
    }
}
