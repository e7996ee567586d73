/// Gemini accepts camelCase and snake_case field names, and a single object where a list
/// is expected (proto JSON). A same-format pass-through writes contents back the way the
/// client wrote them, part by part (Kong's fixtures mix `functionCall` and `function_response`).
enum GeminiSpelling {
    static let snakeNames: [String: String] = [
        "inlineData": "inline_data", "fileData": "file_data", "functionCall": "function_call",
        "functionResponse": "function_response", "thoughtSignature": "thought_signature",
        "mimeType": "mime_type", "fileUri": "file_uri",
    ]

    /// `encoded` with each key spelled, and each one-element list shaped, as in `original`
    /// at the same place. Same-format only: the two have the same structure.
    static func matching(_ encoded: JSON, _ original: JSON?) -> JSON {
        guard let original else { return encoded }
        switch (encoded, original) {
        case (.array(let items), .object) where items.count == 1:
            return matching(items[0], original)
        case (.array(let items), .array(let originals)):
            return .array(items.enumerated().map { i, item in matching(item, i < originals.count ? originals[i] : nil) })
        case (.object(let o), .object(let source)):
            var out = JSONObject()
            for field in o {
                var key = field.key
                if source[key] == nil, let snake = snakeNames[key], source[snake] != nil { key = snake }
                out.append(key, matching(field.value, source[key]))
            }
            return .object(out)
        default:
            return encoded
        }
    }
}
