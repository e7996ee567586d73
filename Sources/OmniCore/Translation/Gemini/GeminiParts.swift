extension GeminiRequestCodec {
    /// Gemini parts → IR parts. Shared by requests (`contents`) and responses (`candidates`).
    static func decodeParts(_ items: [JSON], turn: Int, linker: UnsafeMutablePointer<CallLinker>?) throws -> [IRPart] {
        var callIndex = 0
        return try mapIndexed(items) { item in
            let p = try item.asObject()
            let signature = try p.either("thoughtSignature", "thought_signature", as: \.stringValue, "string")
                .map { Signatures.read($0.1, in: .gemini) }
            let known = ["text", "thought", "thoughtSignature", "thought_signature"]
            if let text = try p.string("text") {
                if try p.bool("thought") == true {
                    return .thinking(IRThinking(segments: [text], signature: signature, extras: p.removing(known)))
                }
                return .text(IRText(text, extras: p.removing(known), signature: signature))
            }
            if let (key, data) = try p.either("inlineData", "inline_data", as: \.objectValue, "object") {
                let mediaType = try at(key) { try data.either("mimeType", "mime_type", as: \.stringValue, "string")?.1 } ?? "application/octet-stream"
                let media = IRMedia(source: .base64(mediaType: mediaType, data: try at(key) { try data.requiredString("data") }),
                                    extras: p.removing([key, "thoughtSignature", "thought_signature"]))
                return Media.isImage(mediaType) ? .image(media) : .file(media)
            }
            if let (key, data) = try p.either("fileData", "file_data", as: \.objectValue, "object") {
                let mediaType = try at(key) { try data.either("mimeType", "mime_type", as: \.stringValue, "string")?.1 }
                guard let uri = try at(key, { try data.either("fileUri", "file_uri", as: \.stringValue, "string")?.1 }) else {
                    throw TranslationError(path: [.key(key), .key("fileUri")], expected: "string", found: "nothing")
                }
                let media = IRMedia(source: .url(uri, mediaType: mediaType), extras: p.removing([key, "thoughtSignature", "thought_signature"]))
                return Media.isImage(mediaType ?? Media.guessImageType(uri)) ? .image(media) : .file(media)
            }
            if let (key, call) = try p.either("functionCall", "function_call", as: \.objectValue, "object") {
                let name = try at(key) { try call.requiredString("name") }
                let args = call.value("args")
                let givenID = try at(key) { try call.string("id") }
                defer { callIndex += 1 }
                return .toolCall(IRToolCall(
                    id: givenID ?? ToolCallIDs.make(turn: turn, index: callIndex), name: name, arguments: args?.compactText ?? "",
                    signature: signature, itemID: givenID, extras: p.removing([key, "thoughtSignature", "thought_signature"]),
                    parsedArguments: args))
            }
            if let (key, response) = try p.either("functionResponse", "function_response", as: \.objectValue, "object") {
                let name = try at(key) { try response.requiredString("name") }
                let givenID = try at(key) { try response.string("id") }
                // No call to link to: the name is the id, so the name survives a trip through other formats.
                let callID = givenID ?? linker?.pointee.link(name: name) ?? name
                let body = response.value("response") ?? .object(JSONObject())
                var isError = false
                var text: String
                var wasString = true
                if let o = body.objectValue, o.count == 1, let key = o.fields.first?.key, key == "output" || key == "error",
                    let s = o.fields[0].value.stringValue
                {
                    text = s
                    isError = key == "error"
                } else {
                    text = body.compactText
                    wasString = false  // an arbitrary object: written back as one by gemini
                }
                var extras = p.removing([key, "thoughtSignature", "thought_signature"])
                if let givenID { extras["__geminiResponseID"] = .string(givenID) }
                return .toolResult(IRToolResult(callID: callID, name: name, content: [.text(IRText(text))],
                                                contentWasString: wasString, isError: isError, extras: extras))
            }
            return .opaque(.gemini, item)
        }
    }
}
