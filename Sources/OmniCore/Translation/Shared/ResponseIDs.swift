/// An id for a response whose source has none (older Gemini responses carry no
/// `responseId`), as the clients' SDKs require one: derived from the content, so the same
/// response always gets the same id (the core has no clock or random source).
enum ResponseIDs {
    static func id(for response: IRResponse, prefix: String) -> String {
        if let id = response.id { return id }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        func mix(_ text: String) {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        mix(response.model ?? "")
        for choice in response.choices {
            for part in choice.parts {
                switch part {
                case .text(let t): mix(t.text)
                case .toolCall(let c): mix(c.name); mix(c.arguments)
                case .thinking(let t): mix(t.text)
                case .refusal(let r): mix(r)
                default: mix("·")
                }
            }
        }
        let hex = String(hash, radix: 16)
        return prefix + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
