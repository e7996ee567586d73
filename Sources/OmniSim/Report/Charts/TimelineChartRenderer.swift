/// Lays out and draws a `TimelineChart`.
struct TimelineChartRenderer {
    private static let padding = ChartDecorations.padding
    private static let laneHeight = 20.0
    /// Lane height plus the gap to the next lane.
    private static let lanePitch = 28.0
    private static let nameFontSize = 12.0
    private static let rightMargin = 24.0
    /// Lane names may take at most this share of the width.
    private static let maxNameShare = 0.35
    /// A segment narrower than this would vanish, yet a brief "open" blip is
    /// exactly what a reader looks for; such segments are widened to it.
    private static let minSegmentTenths = 10

    let chart: TimelineChart
    let width: Double

    init(chart: TimelineChart, width: Int) {
        self.chart = chart
        self.width = Double(max(width, 240))
    }

    /// A segment after clipping, in data units.
    private struct Span {
        var from: Double
        var until: Double
        var state: String
    }

    func render() -> String {
        let range = Self.visibleRange(of: chart)
        let spans = chart.lanes.map { Self.visibleSpans(of: $0, in: range) }
        let styles = Self.styles(of: chart)

        let legend = ChartLegend(
            entries: styles.map { ChartLegend.Entry(label: $0.name, swatch: .block(color: $0.color)) },
            left: Self.padding, right: width - Self.padding, maxRows: 4
        )
        let lanesTop = legend.rowCount == 0 ? 40 : legend.bottom + 12
        // With no lanes one empty band still shows where the "no data" is.
        let bandCount = max(1, chart.lanes.count)
        let lanesBottom = lanesTop + Double(bandCount) * Self.lanePitch - (Self.lanePitch - Self.laneHeight)
        let axisY = lanesBottom + 4
        let height = axisY + 40

        let nameRoom = width * Self.maxNameShare - Self.padding - 8
        let names = chart.lanes.map {
            ChartText.truncated($0.name, toWidth: nameRoom, fontSize: Self.nameFontSize)
        }
        let widestName = names.map { ChartText.width($0, fontSize: Self.nameFontSize) }.max() ?? 0
        let plotLeft = max(60, Self.padding + widestName + 8)
        let plotRight = width - Self.rightMargin
        let xScale = ChartScale(domain: range.low, range.high, range: plotLeft, plotRight)
        let c = ChartNumberFormat.coordinate

        // Ticks are nice values inside the run; the axis itself spans exactly
        // the run so that segment widths stay proportional to durations. The
        // ticks past the run's end are dropped, hence a denser spacing than
        // the line chart's to still show about as many.
        let ticks = ChartTicks.covering(range.low, range.high, maxCount: min(8, max(4, Int((plotRight - plotLeft) / 60) + 1)))
        let slack = (range.high - range.low) * 1e-9
        let shownTicks = zip(ticks.values, ticks.labels).filter {
            $0.0 >= range.low - slack && $0.0 <= range.high + slack
        }

        var svg = ChartSVGWriter(width: width, height: height)
        svg.element("rect", ["width": "100%", "height": "100%", "fill": "#ffffff"])
        ChartDecorations.title(chart.title, width: width, into: &svg)

        svg.open("g", ["class": "lane-backgrounds", "fill": "#f2f2f2"])
        for lane in 0..<bandCount {
            svg.element("rect", [
                "x": c(plotLeft), "y": c(laneTop(lane, lanesTop)),
                "width": c(plotRight - plotLeft), "height": c(Self.laneHeight),
            ])
        }
        svg.close("g")

        // Under the segments: visible in gaps and between lanes, where it helps
        // reading times off, without striping the states themselves.
        svg.open("g", ["class": "grid", "stroke": "#dddddd", "stroke-width": "1"])
        for (tick, _) in shownTicks {
            let x = c(xScale(tick))
            svg.element("line", ["x1": x, "y1": c(lanesTop - 4), "x2": x, "y2": c(axisY)])
        }
        svg.close("g")

        svg.open("g", ["class": "segments"])
        let plotRightTenths = ChartNumberFormat.tenthsOf(plotRight)
        for (laneIndex, laneSpans) in spans.enumerated() {
            let laneName = chart.lanes[laneIndex].name
            let y = c(laneTop(laneIndex, lanesTop))
            // Thin segments go last so that a neighbour drawn after them
            // cannot cover their widened pixel.
            let ordered = laneSpans.filter { !isThin($0, xScale) } + laneSpans.filter { isThin($0, xScale) }
            for span in ordered {
                var start = ChartNumberFormat.tenthsOf(xScale(span.from))
                var extent = ChartNumberFormat.tenthsOf(xScale(span.until)) - start
                if extent < Self.minSegmentTenths {
                    extent = Self.minSegmentTenths
                    start = min(start, plotRightTenths - extent)
                }
                svg.element("rect", [
                    "x": ChartNumberFormat.tenths(start), "y": y,
                    "width": ChartNumberFormat.tenths(extent), "height": c(Self.laneHeight),
                    "fill": Self.color(of: span.state, in: styles),
                ], tooltip: "\(laneName): \(span.state), "
                    + "\(ChartNumberFormat.value(span.from))–\(ChartNumberFormat.value(span.until))")
            }
        }
        svg.close("g")

        svg.open("g", ["class": "lane-names", "font-size": "12", "fill": "#222222", "text-anchor": "end"])
        for (laneIndex, name) in names.enumerated() {
            svg.element("text", [
                "x": c(plotLeft - 8), "y": c(laneTop(laneIndex, lanesTop) + Self.laneHeight / 2 + 4),
            ], content: name)
        }
        svg.close("g")

        svg.open("g", ["class": "axes", "stroke": "#333333", "stroke-width": "1"])
        svg.element("line", ["x1": c(plotLeft), "y1": c(axisY), "x2": c(plotRight), "y2": c(axisY)])
        for (tick, _) in shownTicks {
            let x = c(xScale(tick))
            svg.element("line", ["x1": x, "y1": c(axisY), "x2": x, "y2": c(axisY + 4)])
        }
        svg.close("g")
        svg.open("g", ["class": "x-ticks", "font-size": "11", "fill": "#444444", "text-anchor": "middle"])
        for (tick, label) in shownTicks {
            svg.element("text", ["x": c(xScale(tick)), "y": c(axisY + 16)], content: label)
        }
        svg.close("g")
        ChartDecorations.axisLabel(chart.xLabel, x: (plotLeft + plotRight) / 2, y: axisY + 32,
                                   length: plotRight - plotLeft, vertical: false, into: &svg)

        if spans.allSatisfy(\.isEmpty) {
            ChartDecorations.noData(centerX: (plotLeft + plotRight) / 2, centerY: (lanesTop + lanesBottom) / 2, into: &svg)
        }
        legend.draw(into: &svg)
        return svg.finish()
    }

    private func laneTop(_ lane: Int, _ lanesTop: Double) -> Double {
        lanesTop + Double(lane) * Self.lanePitch
    }

    private func isThin(_ span: Span, _ xScale: ChartScale) -> Bool {
        ChartNumberFormat.tenthsOf(xScale(span.until)) - ChartNumberFormat.tenthsOf(xScale(span.from)) < Self.minSegmentTenths
    }

    /// The run's interval as finite numbers with a positive length. An
    /// unusable bound (NaN, infinite) falls back to the segments' extent.
    private static func visibleRange(of chart: TimelineChart) -> (low: Double, high: Double) {
        let bounds = chart.lanes.flatMap(\.segments).flatMap { [$0.from, $0.until] }.compactMap(ChartMath.usable)
        let low = ChartMath.usable(chart.xRange.lowerBound) ?? bounds.min() ?? 0
        var high = ChartMath.usable(chart.xRange.upperBound) ?? bounds.max() ?? low + 1
        if !(high > low) {
            high = low + (low == 0 ? 1 : low.magnitude * 0.1)
        }
        return (low, high)
    }

    /// The lane's segments clipped to the range; empty or reversed ones and
    /// those with NaN bounds dropped. Infinite bounds clip like any other.
    private static func visibleSpans(of lane: TimelineChart.Lane, in range: (low: Double, high: Double)) -> [Span] {
        lane.segments.compactMap { segment in
            guard !segment.from.isNaN, !segment.until.isNaN, segment.until > segment.from else { return nil }
            let from = max(segment.from, range.low)
            let until = min(segment.until, range.high)
            guard until > from else { return nil }
            return Span(from: from, until: until, state: segment.state)
        }
    }

    /// The caller's styles (first one wins for a repeated name), then the
    /// states that segments use without a style, grey, in order of first use.
    private static func styles(of chart: TimelineChart) -> [TimelineChart.StateStyle] {
        var styles: [TimelineChart.StateStyle] = []
        for style in chart.states where !styles.contains(where: { $0.name == style.name }) {
            styles.append(style)
        }
        for segment in chart.lanes.flatMap(\.segments) where !styles.contains(where: { $0.name == segment.state }) {
            styles.append(TimelineChart.StateStyle(name: segment.state, color: ChartPalette.unstyled))
        }
        return styles
    }

    private static func color(of state: String, in styles: [TimelineChart.StateStyle]) -> String {
        styles.first { $0.name == state }?.color ?? ChartPalette.unstyled
    }
}
