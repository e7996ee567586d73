/// A chart of a report: its file name in the output folder, its title, and the SVG.
public struct ReportChart: Sendable, Equatable {
    public var fileName: String
    public var title: String
    public var svg: String
}
