/// An upstream's embeddings answer on its way to the client: passed through, with `model`
/// set back to the name the client asked for (as chat answers are), and its usage read.
/// Embeddings have input tokens only (`usage.prompt_tokens`); they are priced at the
/// model's input price.
enum EmbeddingsResponse {
    /// Not an object with a `data` array: a malformed answer, for the flow to fail over from.
    struct Malformed: Error {}

    static func relabel(_ body: [UInt8], model: String) throws -> (body: [UInt8], usage: IRUsage?) {
        // The vectors are most of the bytes: checked, kept as they came, written back verbatim.
        guard var top = try JSONParser.parse(body, keepingTopLevelRaw: ["data"]).objectValue, isArray(top["data"]) else { throw Malformed() }
        top["model"] = .string(model)
        var usage: IRUsage?
        if let counts = top["usage"]?.objectValue, let input = counts["prompt_tokens"]?.numberValue?.intValue {
            usage = IRUsage(input: input, output: 0, total: counts["total_tokens"]?.numberValue?.intValue)
        }
        return (JSONWriter.encode(.object(top), capacity: body.count + 64), usage)
    }

    private static func isArray(_ value: JSON?) -> Bool {
        switch value {
        case .raw(let raw)?: return raw.bytes.first == UInt8(ascii: "[")
        case .array?: return true
        default: return false
        }
    }
}
