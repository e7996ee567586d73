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
    /// Members of an answer the translating path changes: OpenAI tool calls (a "stop" or a
    /// legacy "function_call" finish is mended to "tool_calls"), and Anthropic signatures
    /// that are empty or wrapped by a gateway (dropped; no vendor sends either).
    private static let openAINotes = KeyNotes(["tool_calls", "function_call", "finish_reason"])
    private static let anthropicNotes = KeyNotes(["signature"])
    private static let legacyFinish = Array(#""function_call""#.utf8)
    private static let emptyString = Array(#""""#.utf8)
    private static let wrappedSignatureString = Array(("\"" + Signatures.prefix).utf8)

    /// Whether the noted member `key` with `value` is one the translating path would change.
    private static func mended(_ value: ArraySlice<UInt8>, key: Int, format: WireFormat) -> Bool {
        switch format {
        case .openai: return key < 2 || value.elementsEqual(legacyFinish)
        case .anthropic: return value.elementsEqual(emptyString) || value.starts(with: wrappedSignatureString)
        case .responses, .gemini: return false
        }
    }
    private static let includeUsage = Array(#","stream_options":{"include_usage":true}"#.utf8)

    /// The request body for a provider of the client's own format, `model` its model id.
    /// `top` and `spans` are the client's body as `JSONParser.parseWithSpans` read it (the
    /// request codec has checked it since: it is valid and well-typed), `signatures` where the
    /// signatures in its decoded history come from.
    public static func request(_ body: [UInt8], top: JSONObject, spans: [Range<Int>], signatures: SignatureOrigins, format: WireFormat, model: String,
                               stream: Bool) -> [UInt8]? {
        guard spans.count == top.count else { return nil }
        // A foreign signature handed to this client earlier is unwrapped by the encoders.
        guard !signatures.containsAny(but: format) else { return nil }
        // Gemini names the model in the URL: the body goes as it is.
        if format == .gemini { return body }
        guard let modelIndex = only("model", in: top), case .string = top.fields[modelIndex].value else { return nil }
        var hasStreamOptions = false
        switch format {
        case .openai:
            hasStreamOptions = top["stream_options"] != nil
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
        for index in object.fields.indices where JSONObject.sameKey(object.fields[index].key, name) {
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
        let notes: KeyNotes?
        switch format {
        case .openai: content = "choices"; notes = openAINotes
        case .anthropic: content = "content"; notes = anthropicNotes
        case .responses: content = "output"; notes = nil
        case .gemini: return nil  // its model field has two spellings and is optional: translated
        }
        let members: [JSONTopLevelMember]
        if let notes {
            guard let (found, noted) = try? JSONTopLevel.members(body, noting: notes), !noted.contains(where: { mended(body[$0.value], key: $0.key, format: format) })
            else { return nil }
            members = found
        } else {
            guard let found = try? JSONTopLevel.members(body) ?? nil else { return nil }
            members = found
        }
        guard let contentValue = only(content, in: members, of: body), body[contentValue.lowerBound] == UInt8(ascii: "["),
              let modelValue = only("model", in: members, of: body),
              body[modelValue.lowerBound] == UInt8(ascii: "\"") || body[modelValue.lowerBound] == UInt8(ascii: "n")
        else { return nil }
        var usage: IRUsage?
        let usageMembers = members.lazy.filter { JSONTopLevel.key($0, in: body, is: "usage") }
        if let range = usageMembers.first?.value {
            guard usageMembers.dropFirst().isEmpty else { return nil }
            switch FlatUsage.reading(body, range, format: format) {
            case .counts(let counts): usage = counts
            case .null: break
            case .invalid: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(body.count + model.utf8.count + 8)
        out.append(contentsOf: body[..<modelValue.lowerBound])
        JSONString.append(model, to: &out)
        out.append(contentsOf: body[modelValue.upperBound...])
        return (out, usage)
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
}
