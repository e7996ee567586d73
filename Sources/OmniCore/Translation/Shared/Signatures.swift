/// Signatures handed to a client of another format are wrapped so that they come back to
/// the vendor that made them (docs/translation.md, "Reasoning and thinking").
enum Signatures {
    static let prefix = "omniroute.v1."

    /// The text to put in a `target`-format signature field for `signature`.
    static func text(_ signature: IRSignature, for target: WireFormat) -> String {
        signature.format == target ? signature.value : "\(prefix)\(signature.format.rawValue).\(signature.value)"
    }

    /// Reads a signature field of `format`: a wrapped foreign signature is restored.
    static func read(_ text: String, in format: WireFormat) -> IRSignature {
        if text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            if let dot = rest.firstIndex(of: "."), let origin = WireFormat(rawValue: String(rest[..<dot])) {
                return IRSignature(format: origin, value: String(rest[rest.index(after: dot)...]))
            }
        }
        return IRSignature(format: format, value: text)
    }
}
