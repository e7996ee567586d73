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

/// The formats whose signatures a request's history holds, as a set of bits.
public struct SignatureOrigins: Sendable, Equatable {
    var bits: UInt8 = 0

    mutating func insert(_ format: WireFormat) { bits |= Self.bit(format) }

    /// Whether a signature was made by another format than `format` (wrapped when it was
    /// handed to this client): the encoders then restore or drop it.
    public func containsAny(but format: WireFormat) -> Bool { bits & ~Self.bit(format) != 0 }

    private static func bit(_ format: WireFormat) -> UInt8 {
        switch format {
        case .openai: 1
        case .anthropic: 2
        case .gemini: 4
        case .responses: 8
        }
    }
}

extension IRRequest {
    /// Where the signatures in the history come from. Read once with the body
    /// (`RequestBody.ReadBody`): walking the history copied every part, at every attempt.
    public var signatureOrigins: SignatureOrigins {
        var origins = SignatureOrigins()
        func note(_ signature: IRSignature?) { if let signature { origins.insert(signature.format) } }
        func note(_ parts: [IRPart]) {
            for part in parts {
                switch part {
                case .text(let text): note(text.signature)
                case .toolCall(let call): note(call.signature)
                case .thinking(let thinking): note(thinking.signature)
                case .toolResult(let result): note(result.content)
                case .image, .file, .refusal, .opaque: break
                }
            }
        }
        for message in system { note(message.parts) }
        for message in messages { note(message.parts) }
        return origins
    }
}
