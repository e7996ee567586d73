import Foundation
import OmniCore

/// The human-readable table.
struct Report {
    let options: Options
    let inputs: Inputs
    let rows: [Row]
    /// Median ns/op of an earlier run, by row id (`--compare`).
    let earlier: [String: Double]?

    func row(_ id: String) -> Row? { rows.first { $0.id == id } }

    func render() -> String {
        var out: [String] = []
        let sizes = WireFormat.allCases.map { "\($0.rawValue) \(inputs.bodies[$0]!.count) B" }.joined(separator: ", ")
        out.append("translate-speed: request bodies \(sizes)")
        out.append("release build, \(options.runs) runs × ≥ \(options.minSeconds) s each, median ns/op; spread = (max − min) / median")
        out.append("")
        let compare = earlier != nil
        var header = [pad("direction", 24), lpad("ours ns/op", 11), lpad("ours req/s", 11), lpad("spread", 7),
                      lpad("baseline ns/op", 15), lpad("base/ours", 10)]
        if compare { header.append(lpad("earlier/now", 12)) }
        out.append(header.joined(separator: " "))
        out.append(String(repeating: "-", count: header.joined(separator: " ").count))
        let baselines = rows.filter { $0.group == .baseline }
        for r in rows where r.group == .translate {
            let m = r.measurement
            var first = true
            let rowBaselines = r.id == Suite.translateID(.openai, .anthropic) ? baselines : []
            for b in rowBaselines.isEmpty ? [nil] : rowBaselines.map(Optional.some) {
                var cells = first
                    ? [pad(r.label, 24), lpad(int(m.median), 11), lpad(int(m.requestsPerSecond), 11), lpad(percent(m.spread), 7)]
                    : [pad("", 24), lpad("", 11), lpad("", 11), lpad("", 7)]
                if let b {
                    cells += [lpad(int(b.measurement.median), 15), lpad(ratio(b.measurement.median / m.median), 10)]
                } else {
                    cells += [lpad("", 15), lpad("", 10)]
                }
                if compare { cells.append(lpad(first ? earlierRatio(r) : "", 12)) }
                if let b { cells.append(" " + String(b.label.prefix(4)).trimmingCharacters(in: .whitespaces)) }
                out.append(cells.joined(separator: " ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
                first = false
            }
        }
        out.append("")
        out.append("Baselines (openai → anthropic, Foundation on the same bytes):")
        for b in baselines { out.append(line(b)) }
        out.append("")
        out.append("Where the time goes (openai → anthropic, stage alone):")
        for s in rows where s.group == .stage { out.append(line(s)) }
        return out.joined(separator: "\n")
    }

    private func line(_ r: Row) -> String {
        let m = r.measurement
        var text = "  " + lpad(int(m.median), 9) + " ns  " + lpad(int(m.requestsPerSecond), 9) + "/s  "
            + lpad(percent(m.spread), 6) + "  " + r.label
        if earlier != nil { text += "  [earlier/now \(earlierRatio(r))]" }
        return text
    }

    private func earlierRatio(_ r: Row) -> String {
        guard let before = earlier?[r.id] else { return "—" }
        return ratio(before / r.measurement.median)
    }
}

func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
func lpad(_ s: String, _ width: Int) -> String { s.count >= width ? s : String(repeating: " ", count: width - s.count) + s }

/// 12345.6 → "12,346".
func int(_ value: Double) -> String {
    let digits = String(Int(value.rounded()))
    var out = ""
    for (i, c) in digits.reversed().enumerated() {
        if i > 0, i % 3 == 0, c != "-" { out.append(",") }
        out.append(c)
    }
    return String(out.reversed())
}

func ratio(_ value: Double) -> String { String(format: "%.2f×", value) }
func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
