/// A usage object's counts, read from its bytes. Its plain form is how the vendors write
/// usage on every answer: keys of letters, digits and underscores; the counts the format's
/// codec reads as whole numbers of up to 18 digits, each at most once, in the usage object or
/// in its detail objects (OpenAI's `prompt_tokens_details`, the Responses API's
/// `input_tokens_details`…); other members whole numbers, strings without escapes, or
/// objects of whole numbers (Anthropic's `service_tier`, `cache_creation`). That is read
/// straight from the bytes: it skips a parse into a tree and a decode (most of what the
/// same-format pass-through spent on a whole answer besides its checking scan). Anything else
/// (nulls, decimals, escapes, repeats, deeper nesting) is read the full way, parsed and
/// decoded by the format's codec, so the result is always the full way's (`FlatUsageTests`
/// compares the two on generated objects).
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
        let keys: [CountKey]
        switch format {
        case .openai: keys = openAIKeys
        case .anthropic: keys = anthropicKeys
        case .responses: keys = responsesKeys
        case .gemini: return nil
        }
        guard let found = bytes.withUnsafeBufferPointer({ buffer -> Counts? in
            var reader = PlainReader(bytes: UnsafeBufferPointer(rebasing: buffer[range]), keys: keys)
            return reader.read()
        }) else { return nil }
        switch format {
        case .openai, .responses:
            return IRUsage(input: found[0] ?? 0, output: found[1] ?? 0, cachedInput: found[3], reasoning: found[4], total: found[2])
        case .anthropic:
            let cached = found[2], writes = found[3]
            return IRUsage(input: (found[0] ?? 0).saturatingAdd(cached ?? 0).saturatingAdd(writes ?? 0), output: found[1] ?? 0,
                           cachedInput: cached, cacheWrites: writes)
        case .gemini:
            return nil
        }
    }

    /// A count a format's `decodeUsage` reads: a member of the usage object (`detail` nil) or
    /// of its detail object `detail`. Its place in the list is its slot in `Counts`.
    struct CountKey {
        let detail: StaticString?
        let name: StaticString
        init(_ name: StaticString, in detail: StaticString? = nil) { (self.name, self.detail) = (name, detail) }
    }

    // The counts each format's `decodeUsage` reads, in the order `plain` uses them.
    private static let openAIKeys = [CountKey("prompt_tokens"), CountKey("completion_tokens"), CountKey("total_tokens"),
                                     CountKey("cached_tokens", in: "prompt_tokens_details"),
                                     CountKey("reasoning_tokens", in: "completion_tokens_details")]
    private static let anthropicKeys = [CountKey("input_tokens"), CountKey("output_tokens"), CountKey("cache_read_input_tokens"),
                                        CountKey("cache_creation_input_tokens")]
    private static let responsesKeys = [CountKey("input_tokens"), CountKey("output_tokens"), CountKey("total_tokens"),
                                        CountKey("cached_tokens", in: "input_tokens_details"),
                                        CountKey("reasoning_tokens", in: "output_tokens_details")]

    /// Up to five counts by slot, without an array's allocation.
    struct Counts {
        private var values: (Int?, Int?, Int?, Int?, Int?) = (nil, nil, nil, nil, nil)
        /// Whether each slot was given, a bit each: a count given twice is not plain.
        private var given: UInt8 = 0

        subscript(slot: Int) -> Int? {
            switch slot {
            case 0: values.0
            case 1: values.1
            case 2: values.2
            case 3: values.3
            default: values.4
            }
        }

        /// False when the slot was given before.
        mutating func set(_ slot: Int, _ value: Int) -> Bool {
            guard given & (1 << slot) == 0 else { return false }
            given |= 1 << slot
            switch slot {
            case 0: values.0 = value
            case 1: values.1 = value
            case 2: values.2 = value
            case 3: values.3 = value
            default: values.4 = value
            }
            return true
        }
    }

    /// Reads one usage object in the plain form; every function returns nil (or false) as
    /// soon as the bytes leave it.
    private struct PlainReader {
        let bytes: UnsafeBufferPointer<UInt8>
        let keys: [CountKey]
        var i = 0
        var found = Counts()
        /// Detail objects seen, a bit per slot of the count they hold: one given twice is not plain.
        var detailsSeen: UInt8 = 0

        init(bytes: UnsafeBufferPointer<UInt8>, keys: [CountKey]) { (self.bytes, self.keys) = (bytes, keys) }

        mutating func read() -> Counts? {
            skipSpace()
            guard members(detail: nil) else { return nil }
            skipSpace()
            return i == bytes.count ? found : nil
        }

        /// An object's members, braces included: the usage object (`detail` nil) or a detail
        /// object. In a detail object every value is a whole number.
        private mutating func members(detail: UnsafeBufferPointer<UInt8>?) -> Bool {
            guard take(UInt8(ascii: "{")) else { return false }
            skipSpace()
            if take(UInt8(ascii: "}")) { return true }
            while true {
                guard let key = plainKey() else { return false }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return false }
                skipSpace()
                guard value(key: key, in: detail) else { return false }
                skipSpace()
                if take(UInt8(ascii: ",")) {
                    skipSpace()
                    continue
                }
                return take(UInt8(ascii: "}"))
            }
        }

        /// The value of member `key` (of detail object `detail`, nil for the usage object).
        private mutating func value(key: UnsafeBufferPointer<UInt8>, in detail: UnsafeBufferPointer<UInt8>?) -> Bool {
            var slot: Int?
            var isDetail = false
            for (index, count) in keys.enumerated() {
                if let detail {
                    if let outer = count.detail, outer.isSpelled(by: detail), count.name.isSpelled(by: key) { slot = index }
                } else if let outer = count.detail {
                    if outer.isSpelled(by: key) {
                        // The first slot this detail object holds stands for it.
                        if !isDetail, detailsSeen & (1 << index) != 0 { return false }
                        if !isDetail { detailsSeen |= 1 << index }
                        isDetail = true
                    }
                } else if count.name.isSpelled(by: key) {
                    slot = index
                }
            }
            if isDetail { return members(detail: key) }
            if let slot {
                guard let number = wholeNumber() else { return false }
                return found.set(slot, number)
            }
            // A member the codec does not read: a whole number, or (in the usage object) a
            // string without escapes or an object of whole numbers.
            if wholeNumber() != nil { return true }
            guard detail == nil, i < bytes.count else { return false }
            if bytes[i] == UInt8(ascii: "\"") { return plainString() }
            if bytes[i] == UInt8(ascii: "{") { return members(detail: key) }
            return false
        }

        private mutating func plainKey() -> UnsafeBufferPointer<UInt8>? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = i
            while i < bytes.count, isKeyByte(bytes[i]) { i += 1 }
            let key = UnsafeBufferPointer(rebasing: bytes[start..<i])
            return take(UInt8(ascii: "\"")) ? key : nil
        }

        /// A string without escapes (valid JSON: no control bytes inside).
        private mutating func plainString() -> Bool {
            guard take(UInt8(ascii: "\"")) else { return false }
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
            return take(UInt8(ascii: "\""))
        }

        /// 0, or 1–18 digits not starting with 0; no sign, fraction or exponent. On nil the
        /// position is where the value starts.
        private mutating func wholeNumber() -> Int? {
            let start = i
            var value = 0
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 {
                value = value &* 10 &+ Int(bytes[i] &- UInt8(ascii: "0"))
                i += 1
            }
            let digits = i - start
            let fractional = i < bytes.count && (bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E"))
            guard digits > 0, digits <= 18, digits == 1 || bytes[start] != UInt8(ascii: "0"), !fractional else {
                i = start
                return nil
            }
            return value
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }

        private mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        @inline(__always) private func isKeyByte(_ byte: UInt8) -> Bool {
            (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "_")
        }
    }
}
