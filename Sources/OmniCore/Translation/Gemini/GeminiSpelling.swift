/// Gemini accepts camelCase and snake_case field names, and a single object where a list
/// is expected (proto JSON). A same-format pass-through writes contents back the way the
/// client wrote them, part by part (Kong's fixtures mix `functionCall` and `function_response`).
enum GeminiSpelling {
    static let snakeNames: [String: String] = [
        "inlineData": "inline_data", "fileData": "file_data", "functionCall": "function_call",
        "functionResponse": "function_response", "thoughtSignature": "thought_signature",
        "mimeType": "mime_type", "fileUri": "file_uri",
    ]

    /// Whether the client wrote contents in a way the encoder does not (a snake_case part key,
    /// a single object for a list); usually not, and the walk below is skipped.
    static func needsMatching(_ original: JSON?) -> Bool {
        guard let original else { return false }
        guard case .array(let contents) = original else { return true }
        let snake = Set(snakeNames.values)
        for content in contents {
            guard case .array(let parts)? = content["parts"] else { return content["parts"] != nil }
            for part in parts {
                for field in part.objectValue ?? JSONObject() where snake.contains(field.key) { return true }
                if let data = part["inlineData"] ?? part["fileData"], data["mime_type"] != nil || data["file_uri"] != nil { return true }
            }
        }
        return false
    }

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
