/// A legend laid out in rows below the title, entries left to right in the
/// order given, wrapping at the right edge.
///
/// When there are more entries than `maxRows` hold, the tail is replaced by
/// "+N more" so the plot keeps its room.
struct ChartLegend {
    enum Swatch: Sendable, Equatable {
        /// A short stroke, as the series is drawn.
        case line(color: String, dashed: Bool)
        /// A filled bar, as a timeline segment is drawn.
        case block(color: String)
    }

    struct Entry: Sendable, Equatable {
        var label: String
        var swatch: Swatch
    }

    static let top = 32.0
    static let rowHeight = 16.0
    private static let fontSize = 12.0
    private static let swatchWidth = 18.0
    private static let swatchGap = 5.0
    private static let entryGap = 16.0
    /// Names longer than this are cut with an ellipsis even if they would fit.
    private static let maxLabelCharacters = 28

    private struct Placed {
        var entry: Entry
        var fullLabel: String
        var x: Double
        var row: Int
        var end: Double { x + ChartLegend.entryWidth(entry.label) }
    }

    private let placed: [Placed]
    private let hidden: Int
    private let moreX: Double
    /// Rows actually used; 0 for no entries.
    let rowCount: Int

    /// Canvas y just below the legend.
    var bottom: Double { Self.top + Double(rowCount) * Self.rowHeight }

    init(entries: [Entry], left: Double, right: Double, maxRows: Int) {
        let maxRows = max(1, maxRows)
        let labelRoom = right - left - Self.swatchWidth - Self.swatchGap
        let maxCharacters = min(Self.maxLabelCharacters, ChartText.capacity(width: labelRoom, fontSize: Self.fontSize))
        var placed: [Placed] = []
        var hidden = 0
        var x = left
        var row = 0
        for (index, entry) in entries.enumerated() {
            var shown = entry
            shown.label = ChartText.truncated(entry.label, maxCharacters: maxCharacters)
            let width = Self.entryWidth(shown.label)
            if x > left && x + width > right {
                row += 1
                x = left
            }
            if row >= maxRows {
                hidden = entries.count - index
                break
            }
            placed.append(Placed(entry: shown, fullLabel: entry.label, x: x, row: row))
            x += width + Self.entryGap
        }
        var moreX = left
        if hidden > 0 {
            // Make room for the "+N more" note at the end of the last row.
            while let last = placed.last, last.row == maxRows - 1,
                  last.end + Self.entryGap + ChartText.width(Self.moreText(hidden + 1), fontSize: Self.fontSize) > right {
                placed.removeLast()
                hidden += 1
            }
            if let last = placed.last, last.row == maxRows - 1 {
                moreX = last.end + Self.entryGap
            }
        }
        self.placed = placed
        self.hidden = hidden
        self.moreX = moreX
        rowCount = entries.isEmpty ? 0 : (hidden > 0 ? maxRows : row + 1)
    }

    func draw(into svg: inout ChartSVGWriter) {
        guard rowCount > 0 else { return }
        svg.open("g", ["class": "legend", "fill": "#222222"])
        for item in placed {
            let center = Self.rowCenter(item.row)
            let swatchEnd = item.x + Self.swatchWidth
            switch item.entry.swatch {
            case let .line(color, dashed):
                if dashed {
                    svg.element("line", [
                        "x1": ChartNumberFormat.coordinate(item.x), "y1": ChartNumberFormat.coordinate(center),
                        "x2": ChartNumberFormat.coordinate(swatchEnd), "y2": ChartNumberFormat.coordinate(center),
                        "stroke": color, "stroke-width": "2.5", "stroke-dasharray": "5 3",
                    ])
                } else {
                    svg.element("line", [
                        "x1": ChartNumberFormat.coordinate(item.x), "y1": ChartNumberFormat.coordinate(center),
                        "x2": ChartNumberFormat.coordinate(swatchEnd), "y2": ChartNumberFormat.coordinate(center),
                        "stroke": color, "stroke-width": "2.5",
                    ])
                }
            case let .block(color):
                svg.element("rect", [
                    "x": ChartNumberFormat.coordinate(item.x), "y": ChartNumberFormat.coordinate(center - 5),
                    "width": ChartNumberFormat.coordinate(Self.swatchWidth), "height": "10",
                    "fill": color,
                ])
            }
            let textX = ChartNumberFormat.coordinate(swatchEnd + Self.swatchGap)
            let textY = ChartNumberFormat.coordinate(center + 4)
            if item.entry.label == item.fullLabel {
                svg.element("text", ["x": textX, "y": textY], content: item.entry.label)
            } else {
                // The cut name on the chart, the whole one as a hover tooltip.
                svg.element("text", ["x": textX, "y": textY], tooltip: item.fullLabel, content: item.entry.label)
            }
        }
        if hidden > 0 {
            svg.element("text", [
                "x": ChartNumberFormat.coordinate(moreX),
                "y": ChartNumberFormat.coordinate(Self.rowCenter(rowCount - 1) + 4),
                "fill": "#666666",
            ], content: Self.moreText(hidden))
        }
        svg.close("g")
    }

    private static func rowCenter(_ row: Int) -> Double {
        top + rowHeight / 2 + Double(row) * rowHeight
    }

    private static func entryWidth(_ label: String) -> Double {
        swatchWidth + swatchGap + ChartText.width(label, fontSize: fontSize)
    }

    private static func moreText(_ count: Int) -> String {
        "+\(count) more"
    }
}
