import OmniCore

/// A finished run with everything its reports say: the scenario, the seed, what was measured
/// and each expectation's verdict. Written as report.json, report.md, junit.xml and charts
/// (`ReportFiles`); holds nothing from the wall clock, so a seed gives the same bytes.
public struct SimReport: Sendable {
    public var file: ScenarioFile
    public var result: SimResult
    public var verdicts: [Expectation.Verdict]

    public init(file: ScenarioFile, result: SimResult) {
        self.file = file
        self.result = result
        verdicts = file.expectations.map { $0.check(result) }
    }

    public var scenario: SimScenario { file.scenario }
    public var passed: Bool { verdicts.allSatisfy(\.passed) }
    public var failedExpectations: Int { verdicts.count { !$0.passed } }
}
