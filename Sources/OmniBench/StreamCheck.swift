import OmniCore

/// One upstream stream to translate: a fixture file or a corpus capture.
public struct StreamInput: Sendable {
    public var name: String
    public var format: WireFormat
    public var bytes: [UInt8]
    public var expectsError: Bool
    public init(name: String, format: WireFormat, bytes: [UInt8], expectsError: Bool) {
        self.name = name
        self.format = format
        self.bytes = bytes
        self.expectsError = expectsError
    }
}

/// The checks a streamed translation must pass in one direction:
/// - fed whole, and fed in seeded random pieces of 1–7 bytes (and, for small streams, split
///   in two at every byte), the client bytes are identical;
/// - a complete upstream stream gives a complete client stream, a broken one an error, and
///   nothing follows the error;
/// - the client stream is its format's own protocol: the target's decoder reads it to the
///   same end (complete, or the error event).
enum StreamCheck {
    static func run(_ input: StreamInput, to target: WireFormat, seed: UInt64) -> String? {
        let (whole, outcome) = translate(input, to: target, pieces: [input.bytes.count])
        switch (outcome, input.expectsError) {
        case (.complete?, true): return "a broken upstream stream ended as a complete client stream"
        case (.failed(let error)?, false): return "a complete upstream stream failed: \(error.message)"
        case (nil, _): return "no outcome"
        default: break
        }
        var rng = SplitMix64(seed: seed ^ UInt64(truncatingIfNeeded: input.bytes.count))
        for round in 0..<3 {
            var pieces: [Int] = []
            var left = input.bytes.count
            while left > 0 {
                let n = min(left, 1 + Int(rng.next() % 7))
                pieces.append(n)
                left -= n
            }
            let (split, _) = translate(input, to: target, pieces: pieces)
            if split != whole { return "fed in pieces (round \(round)) the output differs: \(firstDifference(whole, split))" }
        }
        if input.bytes.count <= 1_200 {
            for cut in stride(from: 1, to: input.bytes.count, by: 1) {
                let (split, _) = translate(input, to: target, pieces: [cut, input.bytes.count - cut])
                if split != whole { return "split at byte \(cut) the output differs: \(firstDifference(whole, split))" }
            }
        }
        // The client stream, read back by the target's own decoder, ends the same way.
        var reader = StreamTranslator(from: target, to: target)
        _ = reader.feed(whole)
        _ = reader.finish()
        switch (outcome, reader.outcome) {
        case (.complete?, .complete?): return nil
        case (.failed?, .failed(let e)?) where e.kind == .upstream: return nil
        case (_, let readBack):
            return "the \(target.rawValue) stream we wrote does not read back as \(outcome.map { "\($0)" } ?? "?"): \(readBack.map { "\($0)" } ?? "no end")"
        }
    }

    static func translate(_ input: StreamInput, to target: WireFormat, pieces: [Int]) -> ([UInt8], StreamTranslator.Outcome?) {
        var translator = StreamTranslator(from: input.format, to: target)
        var out: [UInt8] = []
        var offset = 0
        for n in pieces {
            out += translator.feed(Array(input.bytes[offset..<(offset + n)]))
            offset += n
        }
        out += translator.finish()
        return (out, translator.outcome)
    }

    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
        let i = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        let context = { (x: [UInt8]) in String(decoding: x[max(0, i - 40)..<min(x.count, i + 40)], as: UTF8.self) }
        return "at byte \(i): \(context(a).debugDescription) vs \(context(b).debugDescription)"
    }
}
