import OmniCore

/// Live mode's verdict: the same scenario simulated and played for real, metric by metric,
/// each with the tolerance within which the two must agree. A disagreement beyond it means
/// the simulator models something differently from the real server, and is a bug to find.
package struct LiveComparison: Sendable {
    package struct Row: Sendable {
        package var metric: String
        package var unit: Metric.Unit
        package var simulated: Double?
        package var live: Double?
        /// How far apart they may be, and how that is said.
        package var tolerance: Tolerance
        package var agrees: Bool {
            guard let simulated, let live else { return simulated == nil && live == nil }
            return tolerance.allows(simulated, live)
        }
    }

    package enum Tolerance: Sendable {
        /// |a − b| ≤ this (ratios: percentage points as a share, 0.02 = 2 points).
        case absolute(Double)
        /// |a − b| ≤ share × max(|a|, |b|), or ≤ floor.
        case relative(Double, floor: Double)

        func allows(_ a: Double, _ b: Double) -> Bool {
            switch self {
            case .absolute(let limit): return abs(a - b) <= limit + 1e-12
            case .relative(let share, let floor): return abs(a - b) <= max(share * max(abs(a), abs(b)), floor) + 1e-12
            }
        }

        func describe(_ unit: Metric.Unit) -> String {
            switch self {
            case .absolute(let limit): return unit == .ratio ? "± \(FixedPoint.format(limit * 100, places: 1)) points" : "± \(MetricFormat.value(limit, unit))"
            case .relative(let share, let floor):
                return "± \(FixedPoint.format(share * 100, places: 0)) %" + (floor > 0 ? " (at least \(MetricFormat.value(floor, unit)))" : "")
            }
        }
    }

    package var rows: [Row]
    package var agrees: Bool { rows.allSatisfy(\.agrees) }

    /// The metrics compared and their tolerances. Latencies get a floor for the machine's
    /// own scheduling noise, which live mode multiplies by the speed-up.
    package init(simulated: SimResult, live: SimResult, speedUp: Double) {
        let latencyFloor = 0.005 * speedUp
        var specs: [(String, Tolerance)] = [
            ("requests", .relative(0.01, floor: 1)),
            ("successRate", .absolute(0.02)),
            ("attemptsPerRequest", .relative(0.10, floor: 0.02)),
            ("latency.p50", .relative(0.25, floor: latencyFloor)),
            ("latency.p90", .relative(0.25, floor: latencyFloor)),
            ("ttfb.p50", .relative(0.25, floor: latencyFloor)),
            ("tokens.output", .relative(0.05, floor: 100)),
            // The engine's notices: a breaker's openings hinge on a few requests' timing, so
            // these are held loosely.
            ("breakerOpenings", .relative(0.5, floor: 3)),
            ("cooldowns", .relative(0.5, floor: 5)),
            ("lockouts", .relative(0.5, floor: 3)),
        ]
        for provider in Set(simulated.providers.keys).union(live.providers.keys).sorted() {
            specs.append(("provider.\(provider).share", .absolute(0.05)))
        }
        for reason in Set(simulated.failedByReason.keys).union(live.failedByReason.keys).sorted() {
            specs.append(("reason.\(reason)", .relative(0.25, floor: max(5, 0.01 * Double(max(simulated.requests, live.requests))))))
        }
        rows = specs.compactMap { name, tolerance in
            guard let metric = Metric.named(name) else { return nil }
            return Row(metric: name, unit: metric.unit, simulated: metric.value(in: simulated), live: metric.value(in: live), tolerance: tolerance)
        }
    }

    package func markdown(scenario: String, speedUp: Double, wallSeconds: Double, maxLateness: Double) -> String {
        var out = "# Live check: \(scenario)\n\n"
        out += "The scenario played for real (a `serve` and a provider stand-in on loopback, \(FixedPoint.format(speedUp, places: 0))× faster than "
        out += "written, \(FixedPoint.format(wallSeconds, places: 1)) s of wall time) against its simulation. "
        out += agrees ? "**They agree** on every metric within its tolerance.\n\n" : "**They disagree** on \(rows.count { !$0.agrees }) metrics.\n\n"
        out += "The clients were at most \(FixedPoint.format(maxLateness * 1000, places: 1)) ms behind their schedule"
        out += maxLateness > 0.05 ? ": **the machine could not keep up with this speed-up**; play it slower (--live-speed) before reading a disagreement as the simulator's.\n\n" : ".\n\n"
        out += "| | Metric | Simulated | Live | Tolerance |\n|---|---|---:|---:|---|\n"
        for row in rows {
            let simulated = row.simulated.map { MetricFormat.value($0, row.unit) } ?? "–"
            let live = row.live.map { MetricFormat.value($0, row.unit) } ?? "–"
            out += "| \(row.agrees ? "✅" : "❌") | `\(row.metric)` | \(simulated) | \(live) | \(row.tolerance.describe(row.unit)) |\n"
        }
        return out + "\n"
    }

    package func json(scenario: String, speedUp: Double) -> String {
        JSONWriter.pretty(.object([
            "scenario": .string(scenario), "speedUp": .number(JSONNumber(literal: FixedPoint.format(speedUp, places: 3))), "agrees": .bool(agrees),
            "metrics": .array(rows.map { row in
                .object(["metric": .string(row.metric), "unit": .string(row.unit.rawValue),
                         "simulated": row.simulated.map { .number(JSONNumber(literal: FixedPoint.format($0, places: 6))) } ?? .null,
                         "live": row.live.map { .number(JSONNumber(literal: FixedPoint.format($0, places: 6))) } ?? .null,
                         "tolerance": .string(row.tolerance.describe(row.unit)), "agrees": .bool(row.agrees)])
            }),
        ])) + "\n"
    }
}
