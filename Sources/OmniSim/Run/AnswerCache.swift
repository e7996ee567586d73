import OmniCore

/// Simulated answers, made once per shape and patched per request. Writing an answer as
/// OpenAI JSON and translating it into the provider's format (whole, or through the stream
/// translator) was half of a simulated request's time; but an answer is a function of its
/// model, format, kind and output tokens, except for the input token count in its usage. So
/// each shape is made once with a placeholder input count, and a request gets a copy with
/// its own count (and the total) written over the placeholder's digits.
package struct AnswerCache {
    enum Kind: Hashable {
        case whole
        case stream(parts: Int)
        /// A stream that stops before its finish and usage events (a cut or a hang).
        case partialStream
    }

    struct Key: Hashable {
        let model: String
        /// The model's place in the routing table (-1 if unknown): hashed instead of the
        /// name, which was a string hash per simulated request; keys still compare by name.
        var modelIndex = -1
        let format: WireFormat
        let kind: Kind
        let outputTokens: Int

        func hash(into hasher: inout Hasher) {
            hasher.combine(modelIndex)
            hasher.combine(format)
            hasher.combine(kind)
            hasher.combine(outputTokens)
        }
    }

    /// Where a placeholder's digits are in a piece.
    struct Patch {
        let piece: Int
        let offset: Int
        /// The placeholder's digits there (its own, or the placeholder plus the output tokens).
        let length: Int
        let isTotal: Bool
    }

    struct Template {
        let pieces: [[UInt8]]
        let patches: [Patch]
    }

    /// No prompt in a simulation reaches this: a digit string found nowhere else in an answer.
    static let placeholder = 987_654_321
    /// Shapes kept at most (a few thousand in any scenario: output tokens × models × formats);
    /// beyond, answers are made per request.
    static let capacity = 50_000

    private var templates: [Key: Template] = [:]

    package init() {}

    mutating func pieces(_ key: Key, inputTokens: Int) -> [[UInt8]] {
        let template: Template
        if let cached = templates[key] {
            template = cached
        } else {
            template = Self.make(key)
            if templates.count < Self.capacity { templates[key] = template }
        }
        guard !template.patches.isEmpty else { return template.pieces }
        let total = inputTokens + key.outputTokens
        var pieces = template.pieces
        // Patches are in order of piece and offset: each patched piece is written afresh in
        // one pass (replacing digits in place shifted the rest of the piece per patch).
        var next = 0
        while next < template.patches.count {
            let index = template.patches[next].piece
            let source = template.pieces[index]
            var out: [UInt8] = []
            out.reserveCapacity(source.count + 16)
            var copied = 0
            while next < template.patches.count, template.patches[next].piece == index {
                let patch = template.patches[next]
                out.append(contentsOf: source[copied..<patch.offset])
                out.append(decimal: patch.isTotal ? total : inputTokens)
                copied = patch.offset + patch.length
                next += 1
            }
            out.append(contentsOf: source[copied...])
            pieces[index] = out
        }
        return pieces
    }

    static func make(_ key: Key) -> Template {
        let pieces: [[UInt8]]
        switch key.kind {
        case .whole:
            pieces = [SyntheticTraffic.answer(model: key.model, format: key.format, inputTokens: placeholder, outputTokens: key.outputTokens)]
        case .stream(let parts):
            pieces = SyntheticTraffic.stream(model: key.model, format: key.format, inputTokens: placeholder, outputTokens: key.outputTokens, parts: parts)
        case .partialStream:
            pieces = SyntheticTraffic.stream(model: key.model, format: key.format, inputTokens: placeholder, outputTokens: key.outputTokens,
                                             parts: 2, complete: false)
        }
        let input = Array(String(placeholder).utf8), total = Array(String(placeholder + key.outputTokens).utf8)
        var patches: [Patch] = []
        for (index, piece) in pieces.enumerated() {
            for offset in occurrences(of: input, in: piece) { patches.append(Patch(piece: index, offset: offset, length: input.count, isTotal: false)) }
            for offset in occurrences(of: total, in: piece) { patches.append(Patch(piece: index, offset: offset, length: total.count, isTotal: true)) }
        }
        patches.sort { ($0.piece, $0.offset) < ($1.piece, $1.offset) }
        return Template(pieces: pieces, patches: patches)
    }

    /// Offsets of `digits` in `bytes` as a whole number (no digit before or after it).
    static func occurrences(of digits: [UInt8], in bytes: [UInt8]) -> [Int] {
        guard bytes.count >= digits.count else { return [] }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        var found: [Int] = []
        var start = 0
        while start + digits.count <= bytes.count {
            if bytes[start] == digits[0], bytes[start..<(start + digits.count)].elementsEqual(digits),
               start == 0 || !isDigit(bytes[start - 1]), start + digits.count == bytes.count || !isDigit(bytes[start + digits.count]) {
                found.append(start)
                start += digits.count
            } else {
                start += 1
            }
        }
        return found
    }
}
