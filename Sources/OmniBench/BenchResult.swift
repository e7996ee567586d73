import OmniCore

/// The outcome of one case in one direction.
public struct BenchResult: Sendable {
    /// `requests/openai-to-anthropic`, `corpus-responses/gemini-to-openai`, …
    public var suite: String
    public var name: String
    /// nil when the case passed; else the first difference or the error.
    public var failure: String?
    public var seconds: Double

    public var passed: Bool { failure == nil }

    static func suiteName(_ prefix: String, _ kind: PayloadKind, _ source: WireFormat, _ target: WireFormat) -> String {
        "\(prefix)\(kind.rawValue)s/\(source.rawValue)-to-\(target.rawValue)"
    }
}

public struct BenchReport: Sendable {
    public var results: [BenchResult]
    public var passed: Int { results.count(where: \.passed) }
    public var failed: Int { results.count - passed }

    /// Results grouped by suite, suites in first-seen order.
    public var suites: [(name: String, results: [BenchResult])] {
        var order: [String] = []
        var groups: [String: [BenchResult]] = [:]
        for r in results {
            if groups[r.suite] == nil { order.append(r.suite) }
            groups[r.suite, default: []].append(r)
        }
        return order.map { ($0, groups[$0]!) }
    }

    public var summaryLine: String { "\(passed) passed, \(failed) failed" }
}
