/// A usage object's counts, read from its bytes. Its plainest form (keys of letters, digits
/// and underscores, values whole numbers of up to 18 digits, no key of the format twice) is
/// how the vendors write usage on every answer, and is read straight from the bytes: that
/// skips a parse into a tree and a decode (most of what the same-format pass-through spent on
/// a whole answer besides its checking scan). Anything else (nested details, nulls, decimals,
/// escapes, repeats) is read the full way, parsed and decoded by the format's codec, so the
/// result is always the full way's (`FlatUsageTests` compares the two on generated objects).
///
/// The bytes must be valid JSON already (the callers' scans checked them).
enum FlatUsage {
    enum Reading: Equatable {
        case counts(IRUsage)
        /// The literal null: no usage.
        case null
        /// Not an object of counts the format's codec accepts.
        case invalid
    }

    /// The usage in `bytes[range]`, of `format`: the plain way when it can, else the full way.
    static func reading(_ bytes: [UInt8], _ range: Range<Int>, format: WireFormat) -> Reading {
        if let counts = plain(bytes, range, format: format) { return .counts(counts) }
        guard let json = try? JSONParser.parse(Array(bytes[range])) else { return .invalid }
        if json.isNull { return .null }
        guard let object = json.objectValue, let counts = try? decode(object, format: format) else { return .invalid }
        return .counts(counts)
    }

    /// The full way's decode: the format's own.
    static func decode(_ object: JSONObject, format: WireFormat) throws -> IRUsage {
        switch format {
        case .openai: return try OpenAIResponseCodec.decodeUsage(object)
        case .anthropic: return try AnthropicResponseCodec.decodeUsage(object)
        case .responses: return try ResponsesResponseCodec.decodeUsage(object)
        case .gemini: throw TranslationError(path: [], expected: "a format with a plain usage object", found: "gemini")
        }
    }

    /// The counts of `bytes[range]` in the plain form; nil when not in it.
    static func plain(_ bytes: [UInt8], _ range: Range<Int>, format: WireFormat) -> IRUsage? {
        let keys: [StaticString]
        switch format {
        case .openai: keys = openAIKeys
        case .anthropic: keys = anthropicKeys
        case .responses: keys = responsesKeys
        case .gemini: return nil
        }
        guard let counts = bytes.withUnsafeBufferPointer({ counts(UnsafeBufferPointer(rebasing: $0[range]), keys: keys) }) else { return nil }
        switch format {
        case .openai:
            return IRUsage(input: counts.0 ?? 0, output: counts.1 ?? 0, total: counts.2)
        case .anthropic:
            let cached = counts.2, writes = counts.3
            return IRUsage(input: (counts.0 ?? 0).saturatingAdd(cached ?? 0).saturatingAdd(writes ?? 0), output: counts.1 ?? 0,
                           cachedInput: cached, cacheWrites: writes)
        case .responses:
            return IRUsage(input: counts.0 ?? 0, output: counts.1 ?? 0, total: counts.2)
        case .gemini:
            return nil
        }
    }

    // The counts each format's `decodeUsage` reads, in the order `read` uses them.
    private static let openAIKeys: [StaticString] = ["prompt_tokens", "completion_tokens", "total_tokens"]
    private static let anthropicKeys: [StaticString] = ["input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"]
    private static let responsesKeys: [StaticString] = ["input_tokens", "output_tokens", "total_tokens"]

    /// The values of `keys` (up to four), or nil when the object is not in the plain form.
    private static func counts(_ bytes: UnsafeBufferPointer<UInt8>, keys: [StaticString]) -> (Int?, Int?, Int?, Int?)? {
        var found: (Int?, Int?, Int?, Int?) = (nil, nil, nil, nil)
        var i = 0
        func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            skipSpace()
            return i == bytes.count ? found : nil
        }
        while true {
            // A key of plain characters.
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            let keyStart = i
            while i < bytes.count, isKeyByte(bytes[i]) { i += 1 }
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            let key = UnsafeBufferPointer(rebasing: bytes[keyStart..<i])
            i += 1
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            // A whole number: 0, or 1–18 digits not starting with 0; no sign, fraction or exponent.
            let digitsStart = i
            var value = 0
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 {
                value = value &* 10 &+ Int(bytes[i] &- UInt8(ascii: "0"))
                i += 1
            }
            let digits = i - digitsStart
            guard digits > 0, digits <= 18, digits == 1 || bytes[digitsStart] != UInt8(ascii: "0") else { return nil }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") { return nil }
            if let slot = keys.firstIndex(where: { $0.isSpelled(by: key) }) {
                switch slot {
                case 0: if found.0 != nil { return nil }; found.0 = value
                case 1: if found.1 != nil { return nil }; found.1 = value
                case 2: if found.2 != nil { return nil }; found.2 = value
                default: if found.3 != nil { return nil }; found.3 = value
                }
            }
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                skipSpace()
                continue
            }
            guard bytes[i] == UInt8(ascii: "}") else { return nil }
            i += 1
            skipSpace()
            return i == bytes.count ? found : nil
        }
    }

    @inline(__always) private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "_")
    }
}
