import OmniCore

/// Simulated answers, made once per shape and patched per request. Writing an answer as
/// OpenAI JSON and translating it into the provider's format (whole, or through the stream
/// translator) was half of a simulated request's time; but an answer is a function of its
/// model, format, kind and output tokens, except for the input token count in its usage. So
/// each shape is made once with a placeholder input count, and a request gets a copy with
/// its own count (and the total) written over the placeholder's digits.
///
/// A piece is patched when it is delivered, not when the request is sent (`Answer.piece`):
/// the queue then holds a reference to the shared template instead of a private copy of
/// each answer, which went cold in the seconds it waited (a thousand requests in flight),
/// and the engine reads the bytes just after they were written.
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

    final class Template: Sendable {
        let pieces: [[UInt8]]
        /// In order of piece and offset.
        let patches: [Patch]
        let outputTokens: Int

        init(pieces: [[UInt8]], patches: [Patch], outputTokens: Int) {
            (self.pieces, self.patches, self.outputTokens) = (pieces, patches, outputTokens)
        }
    }

    /// One request's answer: a template and the input token count to write into it.
    struct Answer: Sendable {
        let template: Template
        let inputTokens: Int

        var count: Int { template.pieces.count }

        /// Piece `index` with this request's counts written over the placeholders: the
        /// template's own bytes when it has none, else written afresh at its exact size.
        func piece(_ index: Int) -> [UInt8] {
            let source = template.pieces[index]
            let patches = template.patches
            guard var first = patches.firstIndex(where: { $0.piece >= index }), patches[first].piece == index else { return source }
            let input = Digits(inputTokens), total = Digits(inputTokens + template.outputTokens)
            var end = first, size = source.count
            while end < patches.count, patches[end].piece == index {
                size += (patches[end].isTotal ? total : input).count - patches[end].length
                end += 1
            }
            return [UInt8](unsafeUninitializedCapacity: size) { out, written in
                source.withUnsafeBufferPointer { source in
                    var copied = 0
                    while first < end {
                        let patch = patches[first]
                        written += out.initialize(from: source, range: copied..<patch.offset, at: written)
                        written += (patch.isTotal ? total : input).write(to: out, at: written)
                        copied = patch.offset + patch.length
                        first += 1
                    }
                    written += out.initialize(from: source, range: copied..<source.count, at: written)
                }
            }
        }

        /// Every piece, patched (what a test compares with an answer made from scratch).
        var pieces: [[UInt8]] { (0..<count).map(piece) }
    }

    /// No prompt in a simulation reaches this: a digit string found nowhere else in an answer.
    static let placeholder = 987_654_321
    /// Shapes kept at most (a few thousand in any scenario: output tokens × models × formats);
    /// beyond, answers are made per request.
    static let capacity = 50_000

    private var templates: [Key: Template] = [:]

    package init() {}

    mutating func answer(_ key: Key, inputTokens: Int) -> Answer {
        if let cached = templates[key] { return Answer(template: cached, inputTokens: inputTokens) }
        let template = Self.make(key)
        if templates.count < Self.capacity { templates[key] = template }
        return Answer(template: template, inputTokens: inputTokens)
    }

    /// A count's decimal digits, made once per piece for every patch of it.
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
        return Template(pieces: pieces, patches: patches, outputTokens: key.outputTokens)
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
