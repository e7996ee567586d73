/// A line chart: one or more named series over a numeric x axis.
public struct LineChart: Sendable, Equatable {
    public var title: String
    /// Axis caption including the unit, e.g. "minutes since start".
    public var xLabel: String
    /// Axis caption including the unit, e.g. "requests/s" or "latency (ms)".
    public var yLabel: String
    /// Drawn in this order; colours and legend entries follow the index.
    public var series: [ChartSeries]

    public init(title: String, xLabel: String, yLabel: String, series: [ChartSeries]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// A standalone SVG 1.1 document. The same chart and size always give
    /// byte-identical text, so reports can be compared across runs.
    /// Sizes below 240 × 160 are raised to that, as nothing readable fits.
    public func svg(width: Int = 800, height: Int = 360) -> String {
        LineChartRenderer(chart: self, width: width, height: height).render()
    }
}
