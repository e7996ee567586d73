/// The numbers a scenario's expectations, the reports and sweeps speak of, by name:
/// `successRate`, `latency.p99`, `provider.openai.cost`, `breaker.openai/openai-1.firstOpenedAt`…
/// (the full list is in docs/scenarios.md). One table, so a name accepted in a scenario file
/// is one the report can compute, and the other way round.
public struct Metric: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let unit: Unit
    let compute: @Sendable (SimResult) -> Double?

    public enum Unit: String, Sendable {
        case count, ratio, seconds, dollars, mean
    }

    public var description: String { name }
    public static func == (a: Metric, b: Metric) -> Bool { a.name == b.name }

    /// The metric's value for a run; nil when the thing measured never happened (a breaker
    /// that never opened has no `firstOpenedAt`).
    public func value(in result: SimResult) -> Double? { compute(result) }

    /// The metric called `name`, or nil when there is none by that name.
    public static func named(_ name: String) -> Metric? {
        if let whole = wholeRun[name] { return Metric(name: name, unit: whole.unit, compute: whole.compute) }
        for (prefix, table) in [("provider.", providerMetrics), ("key.", keyMetrics), ("breaker.", breakerMetrics), ("budget.", budgetMetrics)]
        where name.hasPrefix(prefix) {
            for (field, entry) in table where name.hasSuffix("." + field) {
                let subject = String(name.dropFirst(prefix.count).dropLast(field.count + 1))
                guard !subject.isEmpty else { continue }
                return Metric(name: name, unit: entry.unit) { entry.compute($0, subject) }
            }
        }
        for (prefix, unit) in [("status.", Unit.count), ("reason.", .count), ("attemptFailures.", .count)] where name.hasPrefix(prefix) {
            let key = String(name.dropFirst(prefix.count))
            guard !key.isEmpty else { return nil }
            switch prefix {
            case "status.":
                guard let status = Int(key) else { return nil }
                return Metric(name: name, unit: unit) { Double($0.failedByStatus[status] ?? 0) }
            case "reason.": return Metric(name: name, unit: unit) { Double($0.failedByReason[key] ?? 0) }
            default: return Metric(name: name, unit: unit) { Double($0.failedAttemptsByReason[key] ?? 0) }
            }
        }
        return nil
    }

    /// Every name of the whole-run metrics, and the patterns of the others, for error messages.
    public static var knownNames: [String] {
        wholeRun.keys.sorted() + ["status.<code>", "reason.<reason>", "attemptFailures.<reason>"]
            + providerMetrics.keys.sorted().map { "provider.<id>.\($0)" } + keyMetrics.keys.sorted().map { "key.<name>.\($0)" }
            + breakerMetrics.keys.sorted().map { "breaker.<provider or provider/account>.\($0)" } + budgetMetrics.keys.sorted().map { "budget.<key>.\($0)" }
    }

    typealias Whole = (unit: Unit, compute: @Sendable (SimResult) -> Double?)
    typealias Scoped = (unit: Unit, compute: @Sendable (SimResult, String) -> Double?)

    static func seconds(_ nanoseconds: Int64) -> Double { Double(nanoseconds) / 1e9 }
    static func quantile(_ histogram: LatencyHistogram, _ q: Double) -> Double? {
        histogram.total == 0 ? nil : seconds(histogram.quantile(q))
    }

    static let quantiles: [(String, Double)] = [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("max", 1)]

    static let wholeRun: [String: Whole] = {
        var table: [String: Whole] = [
            "requests": (.count, { Double($0.requests) }),
            "succeeded": (.count, { Double($0.succeeded) }),
            "failed": (.count, { Double($0.failed) }),
            "lost": (.count, { Double($0.unfinished) }),
            "successRate": (.ratio, { $0.successRate }),
            "failovers": (.count, { Double($0.failovers) }),
            "attemptsPerRequest": (.mean, { $0.requests == 0 ? nil : Double($0.attempts) / Double($0.requests) }),
            "tokens.input": (.count, { Double($0.inputTokens) }),
            "tokens.output": (.count, { Double($0.outputTokens) }),
            "cost": (.dollars, { $0.cost }),
            "breakerOpenings": (.count, { Double($0.notices.breakerOpenings) }),
            "cooldowns": (.count, { Double($0.notices.cooldowns) }),
            "lockouts": (.count, { Double($0.notices.lockouts) }),
            "budgetWarnings": (.count, { Double($0.notices.budgetWarnings) }),
            "budgetExhaustions": (.count, { Double($0.notices.budgetExhaustions) }),
        ]
        for (label, q) in quantiles {
            table["latency." + label] = (.seconds, { @Sendable result in quantile(result.latency, q) })
            table["ttfb." + label] = (.seconds, { @Sendable result in quantile(result.firstByte, q) })
        }
        return table
    }()

    static let providerMetrics: [String: Scoped] = {
        var table: [String: Scoped] = [
            "requests": (.count, { Double($0.providers[$1]?.requests ?? 0) }),
            "succeeded": (.count, { Double($0.providers[$1]?.succeeded ?? 0) }),
            "share": (.ratio, { $0.succeeded == 0 ? 0 : Double($0.providers[$1]?.succeeded ?? 0) / Double($0.succeeded) }),
            "attempts": (.count, { Double($0.providers[$1]?.attempts ?? 0) }),
            "failedAttempts": (.count, { Double($0.providers[$1]?.failedAttempts ?? 0) }),
            "cost": (.dollars, { $0.providers[$1]?.cost ?? 0 }),
            "tokens.output": (.count, { Double($0.providers[$1]?.outputTokens ?? 0) }),
        ]
        for (label, q) in quantiles {
            table["latency." + label] = (.seconds, { @Sendable result, id in result.providers[id].flatMap { quantile($0.latency, q) } })
            table["ttfb." + label] = (.seconds, { @Sendable result, id in result.providers[id].flatMap { quantile($0.firstByte, q) } })
        }
        return table
    }()

    static let keyMetrics: [String: Scoped] = [
        "requests": (.count, { Double($0.keys[$1]?.requests ?? 0) }),
        "succeeded": (.count, { Double($0.keys[$1]?.succeeded ?? 0) }),
        "cost": (.dollars, { $0.keys[$1]?.cost ?? 0 }),
    ]

    static let breakerMetrics: [String: Scoped] = [
        "openings": (.count, { result, name in Double(result.notices.breakerChanges.count { $0.breaker == name && $0.to == .open }) }),
        "firstOpenedAt": (.seconds, { result, name in
            result.notices.breakerChanges.first { $0.breaker == name && $0.to == .open }.map { seconds($0.at.nanoseconds) } }),
        "lastClosedAt": (.seconds, { result, name in
            result.notices.breakerChanges.last { $0.breaker == name && $0.to == .closed }.map { seconds($0.at.nanoseconds) } }),
    ]

    static let budgetMetrics: [String: Scoped] = [
        "exhaustedAt": (.seconds, { result, key in
            result.notices.events.first { $0.subject == key && $0.kind == "budget_exhausted" }.map { seconds($0.at.nanoseconds) } }),
        "warnedAt": (.seconds, { result, key in
            result.notices.events.first { $0.subject == key && $0.kind == "budget_warning" }.map { seconds($0.at.nanoseconds) } }),
    ]
}
