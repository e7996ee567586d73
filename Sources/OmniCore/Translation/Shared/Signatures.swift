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

extension IRRequest {
    /// Whether the history holds a signature made by another format than `format` (wrapped
    /// when it was handed to this client): the encoders then restore or drop it.
    public func carriesSignature(notFrom format: WireFormat) -> Bool {
        func foreign(_ signature: IRSignature?) -> Bool { signature.map { $0.format != format } ?? false }
        func foreign(_ parts: [IRPart]) -> Bool {
            parts.contains { part in
                switch part {
                case .text(let text): return foreign(text.signature)
                case .toolCall(let call): return foreign(call.signature)
                case .thinking(let thinking): return foreign(thinking.signature)
                case .toolResult(let result): return foreign(result.content)
                case .image, .file, .refusal, .opaque: return false
                }
            }
        }
        return system.contains { foreign($0.parts) } || messages.contains { foreign($0.parts) }
    }
}
