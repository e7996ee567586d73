/// The text around a plot that both chart kinds share.
enum ChartDecorations {
    static let titleFontSize = 16.0
    static let titleBaseline = 22.0
    static let padding = 10.0

    /// The title, centred at the top and cut to the width.
    static func title(_ title: String, width: Double, into svg: inout ChartSVGWriter) {
        guard !title.isEmpty else { return }
        let text = ChartText.truncated(title, toWidth: width - 2 * padding, fontSize: titleFontSize)
        svg.element("text", [
            "class": "title",
            "x": ChartNumberFormat.coordinate(width / 2),
            "y": ChartNumberFormat.coordinate(titleBaseline),
            "text-anchor": "middle",
            "font-size": "16",
            "font-weight": "bold",
            "fill": "#111111",
        ], content: text)
    }

    /// Said in place of a plot when nothing could be drawn, so an empty chart
    /// reads as "nothing happened" rather than as a rendering failure.
    static func noData(centerX: Double, centerY: Double, into svg: inout ChartSVGWriter) {
        svg.element("text", [
            "class": "no-data",
            "x": ChartNumberFormat.coordinate(centerX),
            "y": ChartNumberFormat.coordinate(centerY + 5),
            "text-anchor": "middle",
            "font-size": "14",
            "fill": "#777777",
        ], content: "no data")
    }

    /// An axis caption, horizontal or rotated to run up the left side.
    static func axisLabel(_ label: String, x: Double, y: Double, length: Double, vertical: Bool, into svg: inout ChartSVGWriter) {
        guard !label.isEmpty else { return }
        let text = ChartText.truncated(label, toWidth: length, fontSize: 12)
        let cx = ChartNumberFormat.coordinate(x)
        let cy = ChartNumberFormat.coordinate(y)
        if vertical {
            svg.element("text", [
                "class": "axis-label", "x": cx, "y": cy, "text-anchor": "middle", "fill": "#222222",
                "transform": "rotate(-90 \(cx) \(cy))",
            ], content: text)
        } else {
            svg.element("text", [
                "class": "axis-label", "x": cx, "y": cy, "text-anchor": "middle", "fill": "#222222",
            ], content: text)
        }
    }
}
