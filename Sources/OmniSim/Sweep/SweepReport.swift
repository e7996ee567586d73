import OmniCore

/// A sweep's answer: one row per grid point with each expectation's metric, as a markdown
/// table, JSON, and a chart per metric against the first swept key (one line per value of the
/// other keys). "How many accounts for 200 req/s" is read off these.
public struct SweepReport: Sendable {
    public var grid: SweepGrid
    public var points: [(overrides: [(path: String, value: String)], report: SimReport)]

    public init(grid: SweepGrid, points: [(overrides: [(path: String, value: String)], report: SimReport)]) {
        (self.grid, self.points) = (grid, points)
    }

    /// The metrics tabulated: the scenario's expectations' metrics, then the basics.
    var metrics: [Metric] {
        var seen: Set<String> = []
        var out: [Metric] = []
        let basics = ["successRate", "latency.p99", "ttfb.p99", "failovers", "cost"].compactMap(Metric.named)
        for metric in (points.first?.report.file.expectations.map(\.metric) ?? []) + basics where seen.insert(metric.name).inserted {
            out.append(metric)
        }
        return out
    }

    public var passed: Bool { points.allSatisfy { $0.report.passed } }

    public func markdown() -> String {
        let name = points.first?.report.scenario.name ?? "sweep"
        var out = "# Sweep: \(name)\n\n"
        out += "Swept: " + grid.axes.map { "`\($0.path)` = \($0.values.joined(separator: ", "))" }.joined(separator: "; ") + ".\n\n"
        let metrics = self.metrics
        out += "| " + grid.axes.map(\.path).joined(separator: " | ") + " | " + metrics.map { "`\($0.name)`" }.joined(separator: " | ") + " | Expectations |\n"
        out += "|" + String(repeating: "---:|", count: grid.axes.count + metrics.count) + "---|\n"
        for point in points {
            let values = point.overrides.map(\.value)
            let cells = metrics.map { metric in metric.value(in: point.report.result).map { MetricFormat.value($0, metric.unit) } ?? "–" }
            let verdict = point.report.verdicts.isEmpty ? "–" : point.report.passed ? "✅ all passed"
                : "❌ " + point.report.verdicts.filter { !$0.passed }.map(\.expectation.name).joined(separator: ", ")
            out += "| " + (values + cells).joined(separator: " | ") + " | \(verdict) |\n"
        }
        out += "\n"
        for chart in charts() { out += "![\(chart.title)](\(chart.fileName))\n\n" }
        return out
    }

    public func json() -> String {
        let rows: [JSON] = points.map { point in
            var values = JSONObject()
            for (path, value) in point.overrides { values[path] = .number(JSONNumber(literal: value.replacingOccurrences(of: "_", with: ""))) }
            var metricValues = JSONObject()
            for metric in metrics {
                metricValues[metric.name] = metric.value(in: point.report.result).map { .number(JSONNumber(literal: FixedPoint.format($0, places: 6))) } ?? .null
            }
            return .object(["values": .object(values), "metrics": .object(metricValues), "passed": .bool(point.report.passed),
                            "failedExpectations": .array(point.report.verdicts.filter { !$0.passed }.map { .string($0.expectation.name) })])
        }
        return JSONWriter.pretty(.object(["axes": .array(grid.axes.map { .object(["key": .string($0.path), "values": .array($0.values.map { .string($0) })]) }),
                                          "points": .array(rows)])) + "\n"
    }

    /// One chart per metric: the metric against the first swept key.
    public func charts() -> [ReportChart] {
        ReportCharts.sweepCharts(self)
    }
}
