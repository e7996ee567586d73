import OmniCore

/// Runs every fixture case and every corpus body in all 16 directions.
public struct BenchRunner: Sendable {
    public var fixtures: [FixtureCase]
    public var corpus: [CorpusCase]
    public var streams: [StreamInput]
    public var corpusStreams: [StreamInput]

    public init(fixtures: [FixtureCase], corpus: [CorpusCase], streams: [StreamInput] = [], corpusStreams: [StreamInput] = []) {
        self.fixtures = fixtures
        self.corpus = corpus
        self.streams = streams
        self.corpusStreams = corpusStreams
    }

    public var totalChecks: Int { (fixtures.count + corpus.count) * 16 + (streams.count + corpusStreams.count) * 4 }

    public func run(progress: (Int, Int) -> Void = { _, _ in }) -> BenchReport {
        var results: [BenchResult] = []
        results.reserveCapacity(totalChecks)
        let total = totalChecks
        for fixture in fixtures {
            for source in WireFormat.allCases {
                for target in WireFormat.allCases {
                    results.append(timed(BenchResult.suiteName("", fixture.kind, source, target), fixture.name) {
                        try Self.checkFixture(fixture, from: source, to: target)
                    })
                }
            }
            progress(results.count, total)
        }
        for item in corpus {
            let body: JSON
            do { body = try JSONParser.parse(item.body) } catch {
                for target in WireFormat.allCases {
                    results.append(BenchResult(suite: BenchResult.suiteName("corpus-", kind(item), item.format, target),
                                               name: item.id, failure: "corpus body is not JSON: \(error)", seconds: 0))
                }
                continue
            }
            for target in WireFormat.allCases {
                results.append(timed(BenchResult.suiteName("corpus-", kind(item), item.format, target), item.id) {
                    try Self.checkCorpus(body, kind: kind(item), from: item.format, to: target)
                })
            }
            progress(results.count, total)
        }
        for (prefix, inputs) in [("streams", streams), ("corpus-streams", corpusStreams)] {
            for (i, input) in inputs.enumerated() {
                for target in WireFormat.allCases {
                    let suite = "\(prefix)/\(input.format.rawValue)-to-\(target.rawValue)"
                    results.append(timed(suite, input.name) { StreamCheck.run(input, to: target, seed: UInt64(i) &* 0x9E37_79B9) })
                }
                progress(results.count, total)
            }
        }
        return BenchReport(results: results)
    }

    func kind(_ item: CorpusCase) -> PayloadKind { item.kind == .request ? .request : .response }

    private func timed(_ suite: String, _ name: String, _ check: () throws -> String?) -> BenchResult {
        let clock = ContinuousClock()
        let start = clock.now
        let failure: String?
        do { failure = try check() } catch { failure = "translation failed: \(error)" }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return BenchResult(suite: suite, name: name, failure: failure, seconds: seconds)
    }

    /// Translate the source file and compare it with the target file, lossy paths set aside.
    static func checkFixture(_ fixture: FixtureCase, from source: WireFormat, to target: WireFormat) throws -> String? {
        guard let input = fixture.bodies[source] else { return "missing \(source.rawValue).json" }
        guard var expected = fixture.bodies[target] else { return "missing \(target.rawValue).json" }
        // The gateway sets the resolved model; the bench uses the target file's.
        let model = fixture.kind == .request ? expected["model"]?.stringValue : nil
        var actual = try Translator.translate(input, kind: fixture.kind, from: source, to: target, model: model)
        if let problem = validity(of: actual, from: input, kind: fixture.kind, source: source, target: target) { return problem }
        for path in fixture.lossy.paths(from: source, to: target) + LossyRules.formatLevel(kind: fixture.kind, from: source, to: target) {
            expected = path.removing(from: expected)
            actual = path.removing(from: actual)
        }
        return JSONDiff.firstDifference(expected: expected, actual: actual)?.description
    }

    /// The target's API rules (`FormatRules`) hold for the translation, unless the source
    /// already broke its own format's rules.
    static func validity(of output: JSON, from input: JSON, kind: PayloadKind, source: WireFormat, target: WireFormat) -> String? {
        guard FormatRules.violations(input, format: source, kind: kind).isEmpty else { return nil }
        let problems = FormatRules.violations(output, format: target, kind: kind)
        return problems.isEmpty ? nil : "\(target.rawValue) would reject it: " + problems.prefix(3).joined(separator: "; ")
    }

    /// Same format: decode → encode loses nothing. Other formats: there and back is
    /// stable after one round trip.
    static func checkCorpus(_ body: JSON, kind: PayloadKind, from source: WireFormat, to target: WireFormat) throws -> String? {
        if source == target {
            let again = try Translator.translate(body, kind: kind, from: source, to: source)
            return JSONDiff.firstDifference(expected: body, actual: again).map { "same-format round trip: \($0)" }
        }
        let there = try Translator.translate(body, kind: kind, from: source, to: target)
        if let problem = validity(of: there, from: body, kind: kind, source: source, target: target) { return problem }
        let back = try Translator.translate(there, kind: kind, from: target, to: source)
        let thereAgain = try Translator.translate(back, kind: kind, from: source, to: target)
        let backAgain = try Translator.translate(thereAgain, kind: kind, from: target, to: source)
        _ = thereAgain
        return JSONDiff.firstDifference(expected: back, actual: backAgain).map { "not stable after one round trip: \($0)" }
    }
}
