import OmniCore

/// JUnit XML as Jenkins and GitLab read it: `<testsuites>` with one `<testsuite>` per
/// direction and kind, one `<testcase>` per case, `<failure>` with the first difference.
/// Written by hand: it is a few elements, and escaping is the only subtle part.
public enum JUnitXML {
    public static func render(_ report: BenchReport, name: String = "omniroute bench") -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let totalTime = report.results.reduce(0) { $0 + $1.seconds }
        out += "<testsuites name=\"\(escape(name))\" tests=\"\(report.results.count)\" failures=\"\(report.failed)\" errors=\"0\" time=\"\(seconds(totalTime))\">\n"
        for (id, suite) in report.suites.enumerated() {
            let failures = suite.results.count(where: { !$0.passed })
            let time = suite.results.reduce(0) { $0 + $1.seconds }
            out += "  <testsuite id=\"\(id)\" name=\"\(escape(suite.name))\" tests=\"\(suite.results.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"\(seconds(time))\">\n"
            for result in suite.results {
                let open = "    <testcase classname=\"\(escape(suite.name))\" name=\"\(escape(result.name))\" time=\"\(seconds(result.seconds))\""
                if let failure = result.failure {
                    out += open + ">\n"
                    let message = failure.count > 500 ? String(failure.prefix(500)) + "…" : failure
                    out += "      <failure message=\"\(escape(message))\" type=\"mismatch\">\(escape(failure))</failure>\n"
                    out += "    </testcase>\n"
                } else {
                    out += open + "/>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    static func seconds(_ value: Double) -> String {
        let micros = Int((value * 1_000_000).rounded())
        let whole = micros / 1_000_000
        let frac = String(micros % 1_000_000)
        return "\(whole).\(String(repeating: "0", count: 6 - frac.count))\(frac)"
    }

    static func escape(_ text: String) -> String { XMLText.escape(text) }
}
