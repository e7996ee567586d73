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
        let input = Digits(inputTokens), total = Digits(inputTokens + key.outputTokens)
        // A new list with the unpatched pieces shared and each patched one written afresh at
        // its exact size in one pass: changing a copy of the list copied it (a retain of every
        // piece), and growing pieces by appends reallocated them. Patches are in order of
        // piece and offset.
        var pieces: [[UInt8]] = []
        pieces.reserveCapacity(template.pieces.count)
        var next = 0
        for (index, source) in template.pieces.enumerated() {
            guard next < template.patches.count, template.patches[next].piece == index else {
                pieces.append(source)
                continue
            }
            let first = next
            var size = source.count
            while next < template.patches.count, template.patches[next].piece == index {
                let patch = template.patches[next]
                size += (patch.isTotal ? total : input).count - patch.length
                next += 1
            }
            let patches = template.patches[first..<next]
            pieces.append([UInt8](unsafeUninitializedCapacity: size) { out, written in
                source.withUnsafeBufferPointer { source in
                    var copied = 0
                    for patch in patches {
                        written += out.initialize(from: source, range: copied..<patch.offset, at: written)
                        written += (patch.isTotal ? total : input).write(to: out, at: written)
                        copied = patch.offset + patch.length
                    }
                    written += out.initialize(from: source, range: copied..<source.count, at: written)
                }
            })
        }
        return pieces
    }

    /// A count's decimal digits, made once per answer for every patch of it.
    struct Digits {
        /// Up to 20 digits, the last at the end.
        private var bytes: (UInt64, UInt64, UInt32) = (0, 0, 0)
        let count: Int

        init(_ value: Int) {
            var magnitude = max(0, value).magnitude
            var count = 0
            withUnsafeMutableBytes(of: &bytes) { digits in
                repeat {
                    count += 1
                    digits[digits.count - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                    magnitude /= 10
                } while magnitude > 0
            }
            self.count = count
        }

        func write(to out: UnsafeMutableBufferPointer<UInt8>, at position: Int) -> Int {
            withUnsafeBytes(of: bytes) { digits in
                UnsafeMutableRawPointer(out.baseAddress! + position).copyMemory(from: digits.baseAddress! + digits.count - count, byteCount: count)
            }
            return count
        }
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

extension UnsafeMutableBufferPointer<UInt8> {
    /// Copies `source[range]` to `self[position...]`; returns how many bytes.
    fileprivate func initialize(from source: UnsafeBufferPointer<UInt8>, range: Range<Int>, at position: Int) -> Int {
        guard !range.isEmpty else { return 0 }
        UnsafeMutableRawPointer(baseAddress! + position).copyMemory(from: source.baseAddress! + range.lowerBound, byteCount: range.count)
        return range.count
    }
}
