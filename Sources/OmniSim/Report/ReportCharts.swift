/// The charts of a report (filled in with the SVG writer).
enum ReportCharts {
    static func charts(for report: SimReport) -> [ReportChart] { [] }
}

extension ReportCharts {
    static func sweepCharts(_ sweep: SweepReport) -> [ReportChart] { [] }
}
