import Foundation
import OmniCore

/// report.md: what a person reads first. The verdicts, then the run in a few tables, then the
/// charts and the notable events. Everything in it comes from `SimReport`, in a fixed order.
enum ReportMarkdown {
    static func render(_ report: SimReport, charts: [ReportChart]) -> String {
        let result = report.result
        var out = "# Scenario: \(report.scenario.name)\n\n"
        if !report.file.description.isEmpty { out += report.file.description.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n" }
        let verdict = report.verdicts.isEmpty ? "no expectations" :
            report.passed ? "**all \(report.verdicts.count) expectations passed**" :
            "**\(report.failedExpectations) of \(report.verdicts.count) expectations failed**"
        out += "`\(report.file.source)`, seed \(report.scenario.seed), \(report.scenario.duration) simulated: \(verdict).\n\n"

        if !report.verdicts.isEmpty {
            out += "## Expectations\n\n| | Expectation | Metric | Bound | Actual |\n|---|---|---|---|---|\n"
            for verdict in report.verdicts {
                let e = verdict.expectation
                out += "| \(verdict.passed ? "✅" : "❌") | \(cell(e.name)) | `\(e.metric.name)` | \(e.bound) | \(verdict.actualText) |\n"
            }
            out += "\n"
        }

        out += "## Requests\n\n| Requests | Succeeded | Failed | Lost | Success rate | Attempts per request | Failovers | Cost |\n"
        out += "|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        out += "| \(result.requests) | \(result.succeeded) | \(result.failed) | \(result.unfinished) | \(MetricFormat.value(result.successRate, .ratio)) "
        out += "| \(result.requests == 0 ? "–" : FixedPoint.format(Double(result.attempts) / Double(result.requests), places: 3)) "
        out += "| \(result.failovers) | $\(FixedPoint.dollars(result.cost)) |\n\n"
        out += "| | p50 | p90 | p99 | max |\n|---|---:|---:|---:|---:|\n"
        out += "| Latency | \(quantiles(result.latency)) |\n| Time to first byte | \(quantiles(result.firstByte)) |\n\n"
        if !result.failedByReason.isEmpty {
            out += "Failed requests by reason: " + list(result.failedByReason) + ".\n\n"
        }
        if !result.failedAttemptsByReason.isEmpty {
            out += "Failed attempts by reason: " + list(result.failedAttemptsByReason) + ".\n\n"
        }

        if !result.providers.isEmpty {
            out += "## Providers\n\n| Provider | Served | Attempts | Failed attempts | Latency p50 | p99 | TTFB p50 | Output tokens | Cost |\n"
            out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
            for id in result.providers.keys.sorted() {
                let p = result.providers[id]!
                out += "| \(cell(id)) | \(p.succeeded) | \(p.attempts) | \(p.failedAttempts) | \(duration(p.latency, 0.5)) | \(duration(p.latency, 0.99)) "
                out += "| \(duration(p.firstByte, 0.5)) | \(p.outputTokens) | $\(FixedPoint.dollars(p.cost)) |\n"
            }
            out += "\n"
        }
        if result.keys.count > 1 || result.keys.keys.first.map({ !$0.isEmpty }) == true {
            out += "## Gateway keys\n\n| Key | Requests | Succeeded | Cost |\n|---|---:|---:|---:|\n"
            for name in result.keys.keys.sorted() {
                let k = result.keys[name]!
                out += "| \(name.isEmpty ? "(no key)" : cell(name)) | \(k.requests) | \(k.succeeded) | $\(FixedPoint.dollars(k.cost)) |\n"
            }
            out += "\n"
        }

        if !charts.isEmpty {
            out += "## Over time\n\n"
            for chart in charts { out += "![\(chart.title)](\(chart.fileName))\n\n" }
        }

        let notices = result.notices
        out += "## Breakers, cooldowns, lockouts, budgets\n\n"
        out += "\(notices.breakerOpenings) breaker openings, \(notices.cooldowns) cooldowns, \(notices.lockouts) lockouts, "
        out += "\(notices.budgetWarnings) budget warnings, \(notices.budgetExhaustions) budgets exhausted.\n\n"
        let shown = 30
        if !notices.breakerChanges.isEmpty {
            out += "| At | Breaker | From | To |\n|---:|---|---|---|\n"
            for change in notices.breakerChanges.prefix(shown) {
                out += "| \(clock(change.at)) | \(cell(change.breaker)) | \(change.from.rawValue) | \(change.to.rawValue) |\n"
            }
            if notices.breakerChanges.count > shown { out += "\n…and \(notices.breakerChanges.count - shown) more in report.json.\n" }
            out += "\n"
        }
        let events = notices.events.filter { $0.kind != "cooldown" }
        if !events.isEmpty {
            out += "| At | Event | Subject | Detail |\n|---:|---|---|---|\n"
            for event in events.prefix(shown) {
                out += "| \(clock(event.at)) | \(event.kind) | \(cell(event.subject)) | \(cell(event.detail)) |\n"
            }
            if events.count > shown { out += "\n…and \(events.count - shown) more in report.json.\n" }
            out += "\n"
        }
        return out
    }

    static func quantiles(_ histogram: LatencyHistogram) -> String {
        [0.5, 0.9, 0.99, 1].map { duration(histogram, $0) }.joined(separator: " | ")
    }

    static func duration(_ histogram: LatencyHistogram, _ q: Double) -> String {
        histogram.total == 0 ? "–" : MetricFormat.value(Double(histogram.quantile(q)) / 1e9, .seconds)
    }

    /// Offsets into the run as h:mm:ss.mmm.
    static func clock(_ span: Span) -> String {
        let ms = max(0, span.nanoseconds / 1_000_000)
        let h = ms / 3_600_000, m = ms / 60_000 % 60, s = ms / 1000 % 60, rest = ms % 1000
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let millis = rest < 10 ? "00\(rest)" : rest < 100 ? "0\(rest)" : "\(rest)"
        return "\(h):\(two(m)):\(two(s)).\(millis)"
    }

    static func list(_ counts: [String: Int]) -> String {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    /// A table cell: pipes escaped, one line.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
