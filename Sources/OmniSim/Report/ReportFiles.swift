import Foundation

/// Writes a run's reports into a folder: report.json, report.md, junit.xml and the charts.
public enum ReportFiles {
    /// The files of one report, by name (what `write` puts in the folder).
    public static func render(_ report: SimReport) -> [(name: String, contents: String)] {
        let charts = ReportCharts.charts(for: report)
        return [("report.json", ReportJSON.render(report)), ("report.md", ReportMarkdown.render(report, charts: charts)),
                ("junit.xml", ReportJUnit.render([report]))] + charts.map { ($0.fileName, $0.svg) }
    }

    public static func write(_ report: SimReport, to directory: String) throws {
        try write(render(report), to: directory)
    }

    /// JUnit XML for several scenarios in one file (one suite each).
    public static func junit(_ reports: [SimReport]) -> String { ReportJUnit.render(reports) }

    public static func write(_ files: [(name: String, contents: String)], to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in files {
            try Data(file.contents.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent(file.name), options: .atomic)
        }
    }
}
