/// Same format on both sides: the client's body goes upstream and the upstream's answer goes
/// back as they came, with only the model name written over (and an OpenAI stream asked for
/// its usage). Decoding into the IR and encoding back gives the same JSON (the codecs'
/// same-format tests and `SameFormatSpliceTests` hold them to it), but costs a tree, an IR
/// and a write per body: most of a proxied request's engine time. The bytes are also more
/// faithful: the client's key order, spacing and number spellings reach the vendor.
///
/// Every function returns nil when the case is not the plain one (a gateway-wrapped signature
/// in the history, a key written with escapes, a missing or repeated member, a body that does
/// not parse): the caller then takes the translating path, which also reports the errors.
public enum SameFormatPassThrough {
    private static let wrappedSignature = Array(Signatures.prefix.utf8)
    /// Searched for by its "1": rarer in prompts than its letters.
    private static let wrappedSignatureAnchor = wrappedSignature.firstIndex(of: UInt8(ascii: "1"))!
    private static let toolCalls = Array(#""tool_calls""#.utf8)
    private static let functionCall = Array(#""function_call""#.utf8)
    private static let emptySignature = Array(#""signature":"""#.utf8)
    private static let emptySignatureSpaced = Array(#""signature": """#.utf8)
    private static let includeUsage = Array(#","stream_options":{"include_usage":true}"#.utf8)

    /// The request body for a provider of the client's own format, `model` its model id.
    /// `top` and `spans` are the client's body as `JSONParser.parseWithSpans` read it (the
    /// request codec has checked it since: it is valid and well-typed).
    public static func request(_ body: [UInt8], top: JSONObject, spans: [Range<Int>], format: WireFormat, model: String, stream: Bool) -> [UInt8]? {
        guard spans.count == top.count else { return nil }
        // A foreign signature handed to this client earlier is unwrapped by the encoders.
        guard !contains(body, wrappedSignature, anchor: wrappedSignatureAnchor) else { return nil }
        // Gemini names the model in the URL: the body goes as it is.
        if format == .gemini { return body }
        guard let modelIndex = only("model", in: top), case .string = top.fields[modelIndex].value else { return nil }
        var hasStreamOptions = false
        switch format {
        case .openai:
            hasStreamOptions = top.fields.contains { $0.key == "stream_options" }
        case .anthropic:
            // The encoder supplies max_tokens (Anthropic requires it) when the client left it out.
            guard only("max_tokens", in: top) != nil else { return nil }
        case .responses, .gemini:
            break
        }
        let modelValue = spans[modelIndex]
        let addUsage = format == .openai && stream && !hasStreamOptions
        var out: [UInt8] = []
        out.reserveCapacity(body.count + model.utf8.count + (addUsage ? includeUsage.count : 0) + 8)
        out.append(contentsOf: body[..<modelValue.lowerBound])
        JSONString.append(model, to: &out)
        if addUsage {
            // Before the object's closing brace (the last byte that is not white space).
            var close = body.count - 1
            while body[close] != UInt8(ascii: "}") { close -= 1 }
            out.append(contentsOf: body[modelValue.upperBound..<close])
            out.append(contentsOf: includeUsage)
            out.append(contentsOf: body[close...])
        } else {
            out.append(contentsOf: body[modelValue.upperBound...])
        }
        return out
    }

    /// The index of the one field named `name`; nil when there is none or more than one.
    private static func only(_ name: String, in object: JSONObject) -> Int? {
        var found: Int?
        for (index, field) in object.fields.enumerated() where field.key == name {
            if found != nil { return nil }
            found = index
        }
        return found
    }

    /// A whole 2xx answer of the client's own format with `model` (the name the client asked
    /// for) written over the upstream's, and the usage it reports; nil for anything but a
    /// plain answer (the translating path then judges it, and fails over from a broken one).
    public static func response(_ body: [UInt8], format: WireFormat, model: String) -> (body: [UInt8], usage: IRUsage?)? {
        let content: StaticString
        switch format {
        case .openai:
            content = "choices"
            // The translating path mends tool calls ended as "stop" or as the legacy "function_call".
            if contains(body, toolCalls, anchor: 5) || contains(body, functionCall, anchor: 9) { return nil }
        case .anthropic:
            content = "content"
            // The translating path drops empty signatures and ones a gateway wrapped (no vendor sends either).
            if contains(body, wrappedSignature, anchor: wrappedSignatureAnchor) || contains(body, emptySignature, anchor: 11)
                || contains(body, emptySignatureSpaced, anchor: 11) { return nil }
        case .responses: content = "output"
        case .gemini: return nil  // its model field has two spellings and is optional: translated
        }
        guard let members = try? JSONTopLevel.members(body),
              let contentValue = only(content, in: members, of: body), body[contentValue.lowerBound] == UInt8(ascii: "["),
              let modelValue = only("model", in: members, of: body),
              body[modelValue.lowerBound] == UInt8(ascii: "\"") || body[modelValue.lowerBound] == UInt8(ascii: "n")
        else { return nil }
        var usage: IRUsage?
        switch members.filter({ JSONTopLevel.key($0, in: body, is: "usage") }).count {
        case 0: break
        case 1:
            let range = members.first { JSONTopLevel.key($0, in: body, is: "usage") }!.value
            guard let json = try? JSONParser.parse(Array(body[range])) else { return nil }
            if json.isNull { break }
            guard let object = json.objectValue, let counts = try? decodeUsage(object, format: format) else { return nil }
            usage = counts
        default: return nil
        }
        var out: [UInt8] = []
        out.reserveCapacity(body.count + model.utf8.count + 8)
        out.append(contentsOf: body[..<modelValue.lowerBound])
        JSONString.append(model, to: &out)
        out.append(contentsOf: body[modelValue.upperBound...])
        return (out, usage)
    }

    private static func decodeUsage(_ object: JSONObject, format: WireFormat) throws -> IRUsage {
        switch format {
        case .openai: return try OpenAIResponseCodec.decodeUsage(object)
        case .anthropic: return try AnthropicResponseCodec.decodeUsage(object)
        case .responses: return try ResponsesResponseCodec.decodeUsage(object)
        case .gemini: throw TranslationError(path: [], expected: "a format with a pass-through", found: "gemini")
        }
    }

    /// The value of the one member named `name`; nil when there is none or more than one.
    private static func only(_ name: StaticString, in members: [JSONTopLevelMember], of body: [UInt8]) -> Range<Int>? {
        var found: Range<Int>?
        for member in members where JSONTopLevel.key(member, in: body, is: name) {
            if found != nil { return nil }
            found = member.value
        }
        return found
    }

    /// Whether `needle` occurs in `haystack`. Runs over whole bodies, so it looks eight bytes at
    /// a time for the needle's `anchor` byte, chosen to be rare in prose (not its opening quote).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8], anchor: Int) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        return haystack.withUnsafeBufferPointer { hay in
            let base = UnsafeRawPointer(hay.baseAddress!)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let pattern = ones &* UInt64(needle[anchor])
            // i: where the anchor byte is looked for; a match starts at i - anchor.
            var i = anchor
            let last = hay.count - needle.count + anchor
            while i <= last {
                if i + 8 <= hay.count {
                    let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pattern
                    let zeros = (word &- ones) & ~word & 0x8080_8080_8080_8080
                    if zeros == 0 { i += 8; continue }
                    i += zeros.trailingZeroBitCount >> 3
                    if i > last { return false }
                }
                if hay[i] == needle[anchor],
                   UnsafeBufferPointer(rebasing: hay[(i - anchor)..<(i - anchor + needle.count)]).elementsEqual(needle) { return true }
                i += 1
            }
            return false
        }
    }
}
