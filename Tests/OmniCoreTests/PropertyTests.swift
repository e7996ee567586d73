import OmniCore
import Testing

/// Random IR → encode in a format → decode → the same IR, modulo what that format
/// cannot carry (`Normalise`). Seeds are fixed: a failure names the seed to replay.
@Suite("Properties: IR round trips through each format")
struct PropertyTests {
    static let cases: UInt64 = 400
    static let maxReportedFailures = 5

    @Test(arguments: WireFormat.allCases)
    func requestsRoundTripModuloWhatTheFormatCannotCarry(_ format: WireFormat) throws {
        var failures = 0
        for seed in 0..<Self.cases {
            var generator = IRGenerator(seed: 0x5EED_0000 + seed)
            let original = generator.request()
            let encoded = try Translator.encodeRequest(original, to: format)
            // Through the bytes too: what a client would receive and send back.
            let reparsed = try JSONParser.parse(JSONWriter.encode(encoded))
            let decoded = try Translator.decodeRequest(reparsed, from: format)
            let expected = Normalise.request(original, for: format)
            let actual = Normalise.request(decoded, for: format)
            if actual != expected {
                failures += 1
                Issue.record("seed \(0x5EED_0000 + seed): \(firstDifference(expected, actual) ?? "?")\n\(reparsed.compactText)")
                if failures >= Self.maxReportedFailures { break }
            }
        }
    }

    @Test(arguments: WireFormat.allCases)
    func responsesRoundTripModuloWhatTheFormatCannotCarry(_ format: WireFormat) throws {
        var failures = 0
        for seed in 0..<Self.cases {
            var generator = IRGenerator(seed: 0xC0DE_0000 + seed)
            let original = generator.response()
            let encoded = try Translator.encodeResponse(original, to: format)
            let reparsed = try JSONParser.parse(JSONWriter.encode(encoded))
            let decoded = try Translator.decodeResponse(reparsed, from: format)
            let expected = Normalise.response(original, for: format)
            let actual = Normalise.response(decoded, for: format)
            if actual != expected {
                failures += 1
                Issue.record("seed \(0xC0DE_0000 + seed): \(firstDifference(expected, actual) ?? "?")\n\(reparsed.compactText)")
                if failures >= Self.maxReportedFailures { break }
            }
        }
    }

    @Test func theGeneratorIsDeterministic() {
        var a = IRGenerator(seed: 7), b = IRGenerator(seed: 7)
        #expect(a.request() == b.request())
        #expect(a.response() == b.response())
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)  // the reference SplitMix64 sequence
    }

    @Test func theGeneratorCoversEveryKindOfPart() {
        var kinds = Set<String>()
        for seed in 0..<UInt64(50) {
            var generator = IRGenerator(seed: seed)
            let request = generator.request()
            for part in request.messages.flatMap(\.parts) { kinds.insert(String(describing: part).prefix { $0 != "(" }.description) }
            if !request.system.isEmpty { kinds.insert("system") }
            if request.messages.contains(where: { $0.role == .developer || $0.role == .system }) { kinds.insert("midSystem") }
            if request.toolChoice != nil { kinds.insert("toolChoice") }
            if !request.tools.isEmpty { kinds.insert("tools") }
        }
        #expect(kinds.isSuperset(of: ["text", "image", "file", "toolCall", "toolResult", "system", "midSystem", "toolChoice", "tools"]))
    }
}

/// The first place two values differ, by field path (through `Mirror`), for failure messages.
func firstDifference<T>(_ expected: T, _ actual: T) -> String? {
    func walk(_ e: Any, _ a: Any, _ path: String) -> String? {
        let es = String(describing: e), as_ = String(describing: a)
        if es == as_ { return nil }
        let em = Mirror(reflecting: e), am = Mirror(reflecting: a)
        let ec = Array(em.children), ac = Array(am.children)
        if ec.isEmpty || ec.count != ac.count || em.displayStyle == .enum && es.prefix(while: { $0 != "(" }) != as_.prefix(while: { $0 != "(" }) {
            return "\(path): expected \(es.prefix(300)), got \(as_.prefix(300))"
        }
        for (i, (x, y)) in zip(ec, ac).enumerated() {
            if let d = walk(x.value, y.value, "\(path).\(x.label ?? "[\(i)]")") { return d }
        }
        return "\(path): expected \(es.prefix(300)), got \(as_.prefix(300))"
    }
    return walk(expected, actual, "$")
}
