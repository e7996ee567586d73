import OmniCore

/// junit.xml: one test suite per scenario, one test case per expectation, so a CI dashboard
/// shows a scenario regression like a failing test. Several scenarios of one `simulate` call
/// go in one file.
enum ReportJUnit {
    static func render(_ reports: [SimReport]) -> String {
        let tests = reports.reduce(0) { $0 + $1.verdicts.count }
        let failures = reports.reduce(0) { $0 + $1.failedExpectations }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"omniroute simulate\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\">\n"
        for (index, report) in reports.enumerated() {
            let name = XMLText.escape(report.scenario.name)
            out += "  <testsuite id=\"\(index)\" name=\"\(name)\" tests=\"\(report.verdicts.count)\" failures=\"\(report.failedExpectations)\" errors=\"0\" skipped=\"0\">\n"
            out += "    <properties>\n"
            out += "      <property name=\"source\" value=\"\(XMLText.escape(report.file.source))\"/>\n"
            out += "      <property name=\"seed\" value=\"\(report.scenario.seed)\"/>\n"
            out += "      <property name=\"requests\" value=\"\(report.result.requests)\"/>\n"
            out += "    </properties>\n"
            for verdict in report.verdicts {
                let e = verdict.expectation
                let open = "    <testcase classname=\"simulate.\(name)\" name=\"\(XMLText.escape(e.name))\""
                if verdict.passed {
                    out += open + "/>\n"
                } else {
                    let message = "\(e.metric.name) was \(verdict.actualText), expected \(e.bound)"
                    out += open + ">\n      <failure message=\"\(XMLText.escape(message))\" type=\"expectation\">\(XMLText.escape(message))</failure>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}
