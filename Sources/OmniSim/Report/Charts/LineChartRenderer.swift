/// Lays out and draws a `LineChart`. Kept apart from the public value so the
/// model stays plain data.
struct LineChartRenderer {
    private static let padding = ChartDecorations.padding
    private static let tickFontSize = 11.0
    /// Room for the rotated y axis caption left of the tick labels.
    private static let yCaptionWidth = 18.0
    /// Space under the plot for x tick labels and the x axis caption.
    private static let bottomMargin = 42.0
    /// Keeps the last x tick label from running off the canvas.
    private static let rightMargin = 24.0
    /// The legend stops growing before the plot gets shorter than this…
    private static let minPlotHeight = 80.0
    /// …or before it takes more than this share of the height.
    private static let maxLegendShare = 0.3

    let chart: LineChart
    let width: Double
    let height: Double

    init(chart: LineChart, width: Int, height: Int) {
        self.chart = chart
        self.width = Double(max(width, 240))
        self.height = Double(max(height, 160))
    }

    func render() -> String {
        let drawable = chart.series.map { Self.drawablePoints(of: $0) }
        let allPoints = drawable.flatMap { $0 }

        var svg = ChartSVGWriter(width: width, height: height)
        svg.element("rect", ["width": "100%", "height": "100%", "fill": "#ffffff"])
        ChartDecorations.title(chart.title, width: width, into: &svg)

        let plotBottom = height - Self.bottomMargin
        let legend = ChartLegend(
            entries: chart.series.enumerated().map { index, series in
                ChartLegend.Entry(label: series.name, swatch: .line(color: ChartPalette.color(at: index), dashed: series.dashed))
            },
            left: Self.padding,
            right: width - Self.padding,
            maxRows: Int(min(plotBottom - Self.minPlotHeight - ChartLegend.top - 14, height * Self.maxLegendShare)
                / ChartLegend.rowHeight)
        )
        let plotTop = legend.rowCount == 0 ? 40 : legend.bottom + 14

        // The y axis starts at zero so that magnitudes are not exaggerated,
        // unless the data goes negative; with no data or only zeros it shows 0…1.
        let ys = allPoints.map(\.y)
        let yLow = min(0, ys.min() ?? 0)
        var yHigh = max(0, ys.max() ?? 1)
        if yHigh == yLow { yHigh = yLow + 1 }
        let yTicks = ChartTicks.covering(yLow, yHigh, maxCount: Self.tickCount(forLength: plotBottom - plotTop, spacing: 40))
        let yLabels = yTicks.labels

        let widestYLabel = yLabels.map { ChartText.width($0, fontSize: Self.tickFontSize) }.max() ?? 0
        let plotLeft = Self.padding + Self.yCaptionWidth + widestYLabel + 8
        let plotRight = width - Self.rightMargin

        // The x axis follows the data (no forced zero): x is usually time.
        let xs = allPoints.map(\.x)
        let xTicks = ChartTicks.covering(xs.min() ?? 0, xs.max() ?? 1, maxCount: Self.tickCount(forLength: plotRight - plotLeft, spacing: 70))
        let xLabels = xTicks.labels

        let xScale = ChartScale(domain: xTicks.lower, xTicks.upper, range: plotLeft, plotRight)
        let yScale = ChartScale(domain: yTicks.lower, yTicks.upper, range: plotBottom, plotTop)
        let c = ChartNumberFormat.coordinate

        svg.open("g", ["class": "grid", "stroke": "#e6e6e6", "stroke-width": "1"])
        for tick in yTicks.values {
            let y = c(yScale(tick))
            svg.element("line", ["x1": c(plotLeft), "y1": y, "x2": c(plotRight), "y2": y])
        }
        for tick in xTicks.values {
            let x = c(xScale(tick))
            svg.element("line", ["x1": x, "y1": c(plotTop), "x2": x, "y2": c(plotBottom)])
        }
        svg.close("g")

        svg.open("g", ["class": "axes", "stroke": "#333333", "stroke-width": "1"])
        svg.element("line", ["x1": c(plotLeft), "y1": c(plotTop), "x2": c(plotLeft), "y2": c(plotBottom)])
        svg.element("line", ["x1": c(plotLeft), "y1": c(plotBottom), "x2": c(plotRight), "y2": c(plotBottom)])
        if yTicks.lower < 0 && yTicks.upper > 0 {
            // With negative data the zero line matters more than the bottom edge.
            let y = c(yScale(0))
            svg.element("line", ["x1": c(plotLeft), "y1": y, "x2": c(plotRight), "y2": y, "stroke": "#999999"])
        }
        svg.close("g")

        svg.open("g", ["class": "y-ticks", "font-size": "11", "fill": "#444444", "text-anchor": "end"])
        for (tick, label) in zip(yTicks.values, yLabels) {
            svg.element("text", ["x": c(plotLeft - 6), "y": c(yScale(tick) + 4)], content: label)
        }
        svg.close("g")
        svg.open("g", ["class": "x-ticks", "font-size": "11", "fill": "#444444", "text-anchor": "middle"])
        for (tick, label) in zip(xTicks.values, xLabels) {
            svg.element("text", ["x": c(xScale(tick)), "y": c(plotBottom + 16)], content: label)
        }
        svg.close("g")

        ChartDecorations.axisLabel(chart.xLabel, x: (plotLeft + plotRight) / 2, y: height - 10,
                                   length: plotRight - plotLeft, vertical: false, into: &svg)
        ChartDecorations.axisLabel(chart.yLabel, x: Self.padding + 10, y: (plotTop + plotBottom) / 2,
                                   length: plotBottom - plotTop, vertical: true, into: &svg)

        svg.open("g", ["class": "series", "fill": "none", "stroke-width": "1.75",
                       "stroke-linejoin": "round", "stroke-linecap": "round"])
        for (index, points) in drawable.enumerated() where !points.isEmpty {
            let series = chart.series[index]
            let color = ChartPalette.color(at: index)
            let canvas = points.map { (x: xScale($0.x), y: yScale($0.y)) }
            if let data = ChartPolyline.pathData(canvas) {
                if series.dashed {
                    svg.element("path", ["d": data, "stroke": color, "stroke-dasharray": "6 4"], tooltip: series.name)
                } else {
                    svg.element("path", ["d": data, "stroke": color], tooltip: series.name)
                }
            } else {
                // A single point (or all points on one spot) has no line to
                // stroke, so it is drawn as a dot.
                svg.element("circle", ["cx": c(canvas[0].x), "cy": c(canvas[0].y), "r": "3", "fill": color],
                            tooltip: series.name)
            }
        }
        svg.close("g")

        if allPoints.isEmpty {
            ChartDecorations.noData(centerX: (plotLeft + plotRight) / 2, centerY: (plotTop + plotBottom) / 2, into: &svg)
        }
        legend.draw(into: &svg)
        return svg.finish()
    }

    /// The points that can be placed, in x order.
    ///
    /// NaN, infinities and absurd magnitudes are skipped (the line joins the
    /// neighbours). Sorting by x with the original index as tie-break keeps
    /// a vertical step at one x in the order given and the output stable.
    static func drawablePoints(of series: ChartSeries) -> [ChartPoint] {
        var indexed: [(index: Int, point: ChartPoint)] = []
        for (index, point) in series.points.enumerated() {
            guard let x = ChartMath.usable(point.x), let y = ChartMath.usable(point.y) else { continue }
            indexed.append((index, ChartPoint(x: x, y: y)))
        }
        indexed.sort { $0.point.x != $1.point.x ? $0.point.x < $1.point.x : $0.index < $1.index }
        return indexed.map(\.point)
    }

    /// About one tick per `spacing` pixels, within the 4…8 that reads well.
    private static func tickCount(forLength length: Double, spacing: Double) -> Int {
        min(8, max(4, Int(length / spacing) + 1))
    }
}
