import OmniConfig
import OmniCore
import Yams

/// `expect:`: a list of `{name, metric, atLeast, atMost}`. A bound is written in the metric's
/// unit: a duration for times (`3s`), a share for ratios (`0.995` or `99.5%`), a number else.
struct ExpectationReader {
    let reader: NodeReader

    func read(_ located: Located) throws -> [Expectation] {
        var names: Set<String> = []
        return try reader.list(located, what: "a list of expectations").map { item in
            let fields = try reader.fields(item, allowed: ["name", "metric", "atLeast", "atMost", "from", "until"])
            guard let nameAt = fields["name"] else { throw reader.error(at: item, "an expectation needs \"name\" (what the report calls it)") }
            guard let metricAt = fields["metric"] else { throw reader.error(at: item, "an expectation needs \"metric\" (e.g. successRate, latency.p99)") }
            let name = try reader.nonEmptyString(nameAt)
            guard names.insert(name).inserted else { throw reader.error(at: nameAt, "another expectation is already called \(Node.quoted(name))") }
            let metricName = try reader.nonEmptyString(metricAt)
            guard let metric = Metric.named(metricName) else {
                var message = "unknown metric \(Node.quoted(metricName))"
                if let near = KeySuggestion.closest(to: metricName, in: Metric.knownNames) { message += " (did you mean \"\(near)\"?)" }
                throw reader.error(at: metricAt, message + "; known: " + Metric.knownNames.joined(separator: ", "))
            }
            let low = try fields["atLeast"].map { try bound($0, metric.unit) }
            let high = try fields["atMost"].map { try bound($0, metric.unit) }
            guard low != nil || high != nil else { throw reader.error(at: item, "an expectation needs atLeast, atMost or both") }
            if let low, let high, low > high { throw reader.error(at: item, "atLeast is above atMost: nothing can pass") }
            var window: Range<Span>?
            if fields["from"] != nil || fields["until"] != nil {
                guard Expectation.windowedMetrics.contains(metric.name) else {
                    throw reader.error(at: metricAt, "\(metric.name) cannot be limited to a window (from/until); these can: "
                                       + Expectation.windowedMetrics.sorted().joined(separator: ", "))
                }
                let from = try fields["from"].map { try reader.duration($0, allowZero: true) } ?? .zero
                let until = try fields["until"].map { try reader.duration($0) } ?? .forever
                guard from < until else { throw reader.error(at: item, "the window ends (\(until)) before it starts (\(from))") }
                window = from..<until
            }
            return Expectation(name: name, metric: metric, atLeast: low, atMost: high, window: window)
        }
    }

    private func bound(_ located: Located, _ unit: Metric.Unit) throws -> Double {
        switch unit {
        case .seconds:
            return try reader.duration(located, allowZero: true).seconds
        case .ratio:
            if case .scalar(let scalar) = located.node, scalar.string.hasSuffix("%") {
                guard let percent = Double(scalar.string.dropLast().trimmingCharacters(in: .whitespaces)), (0...100).contains(percent) else {
                    throw reader.expected("a percentage between 0% and 100%", at: located)
                }
                return percent / 100
            }
            let value = try reader.nonNegativeNumber(located)
            guard value <= 1 else { throw reader.expected("a share between 0 and 1 (or a percentage such as 99.5%)", at: located) }
            return value
        case .count, .dollars, .mean:
            return try reader.nonNegativeNumber(located)
        }
    }
}
