/// A cheap look into the first bytes of an upstream error body, for the classifier.
///
/// The vendors' error shapes:
///
///     OpenAI     {"error":{"message":…,"type":"insufficient_quota","code":"insufficient_quota"}}
///     Anthropic  {"type":"error","error":{"type":"overloaded_error","message":…}}
///     Gemini     {"error":{"code":429,"message":…,"status":"RESOURCE_EXHAUSTED","details":[…]}}
///
/// No JSON parse: the engine hands over a prefix of the body, which may be cut anywhere,
/// and the body may be an HTML page from a proxy. So this finds `"key": "value"` pairs
/// and phrases by byte search, ASCII case folded, wherever they are.
struct UpstreamErrorBody {
    /// The prefix, ASCII letters lowercased.
    private let folded: [UInt8]
    /// The machine-readable error names in the body: every string value of `type`, `code`,
    /// `status`, `reason` and `error_code`, lowercased (`overloaded_error`,
    /// `insufficient_quota`, `resource_exhausted`, `api_key_invalid`, …).
    private(set) var identifiers: Set<String> = []

    init(_ bytes: [UInt8], limit: Int = ErrorClassifier.bodyPrefixLimit) {
        folded = bytes.prefix(limit).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        for key in ["type", "code", "status", "reason", "error_code"] { identifiers.formUnion(stringValues(forKey: key)) }
    }

    func hasIdentifier(_ names: String...) -> Bool {
        names.contains { identifiers.contains($0) }
    }

    /// Whether the (lowercased) phrase occurs anywhere, in a message or a value.
    func mentions(_ phrases: String...) -> Bool {
        phrases.contains { phrase in firstIndex(of: Array(phrase.utf8), from: 0) != nil }
    }

    /// Every string value of `"key": "…"` in the prefix (key lowercased), lowercased.
    func stringValues(forKey key: String) -> [String] {
        let needle = Array("\"\(key)\"".utf8)
        var values: [String] = []
        var from = 0
        while let hit = firstIndex(of: needle, from: from) {
            from = hit + needle.count
            var i = from
            while i < folded.count, isSpace(folded[i]) { i += 1 }
            guard i < folded.count, folded[i] == UInt8(ascii: ":") else { continue }
            i += 1
            while i < folded.count, isSpace(folded[i]) { i += 1 }
            guard i < folded.count, folded[i] == UInt8(ascii: "\"") else { continue }
            i += 1
            let start = i
            while i < folded.count, folded[i] != UInt8(ascii: "\""), folded[i] != UInt8(ascii: "\\") { i += 1 }
            // Error names have no escapes; a value cut by the prefix end is not a value.
            guard i < folded.count, folded[i] == UInt8(ascii: "\"") else { continue }
            values.append(String(decoding: folded[start..<i], as: UTF8.self))
            from = i + 1
        }
        return values
    }

    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private func firstIndex(of needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= folded.count else { return nil }
        var i = start
        let last = folded.count - needle.count
        while i <= last {
            if folded[i] == first {
                var j = 1
                while j < needle.count, folded[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
