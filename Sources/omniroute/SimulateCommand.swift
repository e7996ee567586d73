import ArgumentParser
import Foundation
import OmniConfig
import OmniLive
import OmniSim

/// `omniroute simulate`: plays scenario files on a virtual clock through the real engine and
/// writes their reports (docs/simulator.md). Exits 1 when an expectation fails, 2 when a
/// scenario file or an argument is wrong.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Play scenarios against simulated providers on a virtual clock; write report.json, report.md, junit.xml and charts.",
        discussion: """
            One scenario writes its reports straight into --out; several write one folder each (named after the scenario) and a junit.xml with every scenario's expectations. The same scenario and seed always give the same reports, byte for byte.

            --sweep KEY=V1,V2,… (repeatable) runs the scenario at every combination of values and writes sweep.md, sweep.json and a chart per metric: the capacity answer.

            --live also plays each scenario for real, --live-speed times faster than written, against a real serve and the scenario's providers on loopback, and writes live.md and live.json: where the real server and the simulation disagree beyond each metric's tolerance.

            Exits 1 when an expectation fails or live mode disagrees, 2 when a scenario file or an argument is wrong. The format: docs/scenarios.md.
            """
    )

    @Argument(help: "Scenario files (YAML, see Scenarios/).")
    var scenarios: [String]

    @Option(help: "Use this seed instead of the scenario's.")
    var seed: UInt64?

    @Option(help: "Where the reports go.")
    var out = "simulation"

    @Option(help: "KEY=V1,V2,…: run the scenario for each value of a numeric key (repeatable: the grid of all).")
    var sweep: [String] = []

    @Option(name: .customLong("set"), help: "KEY=VALUE: replace one value of the scenario, e.g. duration=1h (repeatable).")
    var settings: [String] = []

    @Flag(help: "No progress bar.")
    var quiet = false

    @Flag(help: "Also play each scenario for real against a real serve on loopback and compare (live.md, live.json).")
    var live = false

    @Option(help: "With --live: how many times faster than written to play (a 10-minute scenario takes a minute at 10).")
    var liveSpeed: Double = 10

    func run() async throws {
        let grid: SweepGrid
        do { grid = try SweepGrid(arguments: sweep) } catch { fail(error) }
        if !grid.axes.isEmpty && scenarios.count != 1 { fail("--sweep takes exactly one scenario") }
        if live && !grid.axes.isEmpty { fail("--live and --sweep do not go together: check one scenario live, then sweep it") }
        if live && !(liveSpeed >= 1 && liveSpeed <= 1000) { fail("--live-speed must be between 1 and 1000") }
        var fixedOverrides = seed.map { [(path: "seed", value: String($0))] } ?? []
        for setting in settings {
            guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else { fail("--set \(setting): expected KEY=VALUE such as duration=1h") }
            fixedOverrides.append((String(setting[..<equals]), String(setting[setting.index(after: equals)...])))
        }

        if !grid.axes.isEmpty {
            var points: [(overrides: [(path: String, value: String)], report: SimReport)] = []
            for (index, overrides) in grid.points.enumerated() {
                let label = overrides.map { "\($0.path)=\($0.value)" }.joined(separator: ",")
                let report = try play(scenarios[0], overrides: fixedOverrides + overrides, label: "[\(index + 1)/\(grid.points.count)] \(label)")
                try ReportFiles.write(report, to: out + "/" + label)
                points.append((overrides, report))
            }
            let sweepReport = SweepReport(grid: grid, points: points)
            try ReportFiles.write([("sweep.md", sweepReport.markdown()), ("sweep.json", sweepReport.json())]
                                  + sweepReport.charts().map { ($0.fileName, $0.svg) }, to: out)
            print("sweep: \(points.count) runs; table in \(out)/sweep.md")
            if !sweepReport.passed { throw ExitCode(1) }
            return
        }

        var reports: [SimReport] = []
        var liveDisagrees = false
        for path in scenarios {
            let report = try play(path, overrides: fixedOverrides, label: nil)
            let directory = scenarios.count == 1 ? out : out + "/" + Self.folderName(report.scenario.name)
            try ReportFiles.write(report, to: directory)
            reports.append(report)
            print(Self.summary(report) + " → \(directory)/report.md")
            for verdict in report.verdicts where !verdict.passed {
                print("  ✗ \(verdict.expectation.name): \(verdict.expectation.metric.name) was \(verdict.actualText), expected \(verdict.expectation.bound)")
            }
            if live {
                let outcome = try await LiveRun.run(report.file, speedUp: liveSpeed)
                let comparison = LiveComparison(simulated: report.result, live: outcome.result, speedUp: liveSpeed)
                try ReportFiles.write([("live.md", comparison.markdown(scenario: report.scenario.name, speedUp: liveSpeed, wallSeconds: outcome.wallSeconds,
                                                                                  maxLateness: outcome.maxLateness)),
                                       ("live.json", comparison.json(scenario: report.scenario.name, speedUp: liveSpeed))], to: directory)
                let disagreeing = comparison.rows.filter { !$0.agrees }
                print("  live (\(Int(liveSpeed))× in \(Int(outcome.wallSeconds)) s, \(outcome.sent) requests): "
                      + (disagreeing.isEmpty ? "agrees with the simulation" : "DISAGREES on " + disagreeing.map(\.metric).joined(separator: ", "))
                      + " → \(directory)/live.md")
                liveDisagrees = liveDisagrees || !disagreeing.isEmpty
            }
        }
        if reports.count > 1 { try ReportFiles.write([("junit.xml", ReportFiles.junit(reports))], to: out) }
        if reports.contains(where: { !$0.passed }) || liveDisagrees { throw ExitCode(1) }
    }

    private func play(_ path: String, overrides: [(path: String, value: String)], label: String?) throws -> SimReport {
        let file: ScenarioFile
        do { file = try ScenarioFile.load(path: path, overrides: overrides) } catch { fail(error) }
        var runner = SimRunner(file.scenario)
        let bar = ProgressBar(label: label ?? file.scenario.name, enabled: !quiet && isatty(STDERR_FILENO) == 1)
        let result = runner.run(progress: bar.enabled ? { bar.show($0) } : nil)
        bar.finish()
        return SimReport(file: file, result: result)
    }

    static func summary(_ report: SimReport) -> String {
        let r = report.result
        let verdict = report.verdicts.isEmpty ? "no expectations" : report.passed ? "\(report.verdicts.count) expectations passed"
            : "\(report.failedExpectations) of \(report.verdicts.count) expectations FAILED"
        return "\(report.scenario.name): \(r.requests) requests, \(r.succeeded) succeeded, \(r.unfinished) lost; \(verdict)"
    }

    /// A scenario's name as a folder name.
    static func folderName(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" })
    }

    private func fail(_ error: Any) -> Never {
        FileHandle.standardError.write(Data("omniroute simulate: \(error)\n".utf8))
        Self.exit(withError: ExitCode(2))
    }
}

/// A one-line bar on standard error, redrawn in place (only on a terminal).
struct ProgressBar {
    let label: String
    let enabled: Bool

    func show(_ share: Double) {
        guard enabled else { return }
        let width = 30, filled = Int(share * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(Int(share * 100))%".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
