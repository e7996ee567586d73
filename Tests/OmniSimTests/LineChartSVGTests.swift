import Testing
@testable import OmniSim

@Suite struct LineChartSVGTests {
    static func points(_ values: [(Double, Double)]) -> [ChartPoint] {
        values.map { ChartPoint(x: $0.0, y: $0.1) }
    }

    static let sample = LineChart(
        title: "Throughput",
        xLabel: "minutes since start",
        yLabel: "requests/s",
        series: [
            ChartSeries(name: "alpha", points: points([(0, 10), (1, 40), (2, 25), (3, 97)])),
            ChartSeries(name: "beta", points: points([(0, 5), (3, 50)])),
            ChartSeries(name: "limit", points: points([(0, 90), (3, 90)]), dashed: true),
        ]
    )

    /// Inputs a report may well produce; every one must give clean SVG.
    static let awkward: [(String, LineChart)] = [
        ("no series", LineChart(title: "t", xLabel: "x", yLabel: "y", series: [])),
        ("empty series", LineChart(title: "t", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "a", points: [])])),
        ("single point", LineChart(title: "t", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "a", points: points([(3, 4)]))])),
        ("all zero", LineChart(title: "t", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "a", points: points([(0, 0), (1, 0), (2, 0)]))])),
        ("identical x", LineChart(title: "t", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "a", points: points([(5, 1), (5, 7), (5, 3)]))])),
        ("only NaN", LineChart(title: "t", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "a", points: points([(.nan, 1), (2, .nan), (.infinity, 3)]))])),
        ("huge", LineChart(title: "t", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "a", points: points([(0, 1e300), (1, -1e300), (2, 1e308), (1e250, 5)]))])),
        ("tiny", LineChart(title: "t", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "a", points: points([(0, Double.leastNormalMagnitude / 1e10), (1e-12, 3e-12), (2e-12, 1e-12)]))])),
        ("negative", LineChart(title: "t", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "a", points: points([(-5, -3), (0, -20), (5, -1)]))])),
        ("large offset", LineChart(title: "t", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "a", points: points([(1e12, 7), (1e12 + 1, 8)]))])),
        ("unsorted", LineChart(title: "t", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "a", points: points([(3, 1), (1, 2), (2, 3)]))])),
        ("long names", LineChart(title: String(repeating: "Title ", count: 100), xLabel: String(repeating: "x", count: 500), yLabel: String(repeating: "y", count: 500),
                                 series: (0..<30).map { ChartSeries(name: String(repeating: "n\($0)", count: 40), points: points([(0, Double($0)), (1, 1)])) })),
        ("control characters", LineChart(title: "a\u{0}b\u{7}c\nd", xLabel: "\u{FFFF}", yLabel: "tab\there", series: [ChartSeries(name: "\u{1B}[31m", points: points([(0, 1)]))])),
        ("tiny canvas", LineChart(title: "t", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "a", points: points([(0, 1), (1, 2)]))])),
    ]

    @Test(arguments: awkward.map(\.0))
    func awkwardInputGivesWellFormedSVG(_ name: String) throws {
        let chart = try #require(Self.awkward.first { $0.0 == name }).1
        let render = { name == "tiny canvas" ? chart.svg(width: 10, height: -5) : chart.svg() }
        let text = render()
        let svg = try #require(ParsedChartSVG(text), "not well-formed: \(name)")
        #expect(svg.root.name == "svg")
        #expect(text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""))
        #expect(svg.root.attributes["viewBox"] != nil)
        #expect(svg.badNumbers == [], "\(name)")
        #expect(text == render())
    }

    @Test func sizeAndViewBox() throws {
        let svg = try #require(ParsedChartSVG(Self.sample.svg(width: 640, height: 300)))
        #expect(svg.root.attributes["width"] == "640")
        #expect(svg.root.attributes["height"] == "300")
        #expect(svg.root.attributes["viewBox"] == "0 0 640 300")
        #expect(svg.root.attributes["font-family"] == "sans-serif")
    }

    @Test func deterministic() {
        let again = LineChart(title: Self.sample.title, xLabel: Self.sample.xLabel, yLabel: Self.sample.yLabel, series: Self.sample.series)
        #expect(Self.sample.svg() == Self.sample.svg())
        #expect(Self.sample.svg() == again.svg())
    }

    @Test func legendListsSeriesInOrderWithPaletteColours() throws {
        let svg = try #require(ParsedChartSVG(Self.sample.svg()))
        #expect(svg.all("text", inClass: "legend").map(\.visibleText) == ["alpha", "beta", "limit"])
        let swatches = svg.all("line", inClass: "legend").map { $0.attributes["stroke"] }
        #expect(swatches == [ChartPalette.blue, ChartPalette.vermillion, ChartPalette.bluishGreen])
        let lines = svg.all("path", inClass: "series")
        #expect(lines.map { $0.attributes["stroke"] } == swatches)
        #expect(lines.map { $0.attributes["stroke-dasharray"] } == [nil, nil, "6 4"])
        #expect(svg.all("line", inClass: "legend")[2].attributes["stroke-dasharray"] != nil)
    }

    @Test func paletteCyclesPastEightSeries() throws {
        let chart = LineChart(title: "", xLabel: "", yLabel: "", series: (0..<10).map {
            ChartSeries(name: "s\($0)", points: Self.points([(0, Double($0)), (1, 2)]))
        })
        let strokes = try #require(ParsedChartSVG(chart.svg())).all("path", inClass: "series").map { $0.attributes["stroke"] ?? "" }
        #expect(strokes == (0..<10).map { ChartPalette.series[$0 % 8] })
    }

    @Test func yTicksAreNiceAndStartAtZero() throws {
        let svg = try #require(ParsedChartSVG(Self.sample.svg()))
        #expect(svg.all("text", inClass: "y-ticks").map(\.text) == ["0", "20", "40", "60", "80", "100"])
        #expect(svg.all("text", inClass: "x-ticks").map(\.text) == ["0", "0.5", "1", "1.5", "2", "2.5", "3"])
        // Ticks are evenly spaced on the canvas, larger values higher up.
        let ys = svg.all("text", inClass: "y-ticks").compactMap { $0.number("y") }
        let gaps = zip(ys, ys.dropFirst()).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 > 0 && abs($0 - gaps[0]) <= 0.11 })
    }

    @Test func negativeDataMovesTheAxisBelowZero() throws {
        let chart = LineChart(title: "t", xLabel: "x", yLabel: "y",
                              series: [ChartSeries(name: "a", points: Self.points([(0, -37), (1, 12)]))])
        let svg = try #require(ParsedChartSVG(chart.svg()))
        let labels = svg.all("text", inClass: "y-ticks").map(\.text)
        #expect(labels.first == "-40")
        #expect(labels.contains("0"))
        // A zero line is drawn in addition to the two axes.
        #expect(svg.all("line", inClass: "axes").count == 3)
    }

    @Test func compactLabelsForLargeValues() throws {
        let chart = LineChart(title: "t", xLabel: "x", yLabel: "y",
                              series: [ChartSeries(name: "a", points: Self.points([(0, 0), (2_000_000, 4_000_000)]))])
        let svg = try #require(ParsedChartSVG(chart.svg()))
        #expect(svg.all("text", inClass: "y-ticks").map(\.text) == ["0", "1M", "2M", "3M", "4M"])
        #expect(svg.all("text", inClass: "x-ticks").map(\.text) == ["0", "500k", "1M", "1.5M", "2M"])
    }

    @Test func nonFiniteValuesAreSkipped() {
        let clean = LineChart(title: "t", xLabel: "x", yLabel: "y",
                              series: [ChartSeries(name: "a", points: Self.points([(0, 1), (2, 5), (3, 4)]))])
        var dirty = clean
        dirty.series[0].points = Self.points([(0, 1), (1, .nan), (.nan, 3), (2, 5), (.infinity, 9), (2.5, -.infinity), (3, 4)])
        let text = dirty.svg()
        #expect(text == clean.svg())
        #expect(!text.lowercased().contains("nan") && !text.lowercased().contains("inf"))
    }

    @Test(arguments: ["no series", "empty series", "only NaN"])
    func emptyInputSaysNoData(_ name: String) throws {
        let chart = try #require(Self.awkward.first { $0.0 == name }).1
        let svg = try #require(ParsedChartSVG(chart.svg()))
        #expect(svg.all("text", inClass: "no-data").map(\.text) == ["no data"])
        #expect(svg.all("path").isEmpty)
        #expect(ParsedChartSVG(Self.sample.svg())?.all("text", inClass: "no-data").isEmpty == true)
    }

    @Test func singlePointIsADot() throws {
        let chart = try #require(Self.awkward.first { $0.0 == "single point" }).1
        let svg = try #require(ParsedChartSVG(chart.svg()))
        #expect(svg.all("circle", inClass: "series").count == 1)
        #expect(svg.all("text", inClass: "no-data").isEmpty)
    }

    @Test func escapesMarkupInEveryText() throws {
        let nasty = "a<b & \"c\" 'd'>"
        let chart = LineChart(title: nasty, xLabel: nasty, yLabel: nasty,
                              series: [ChartSeries(name: nasty, points: Self.points([(0, 1), (1, 2)]))])
        let text = chart.svg()
        #expect(text.contains("a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"))
        #expect(!text.contains("<b "))
        let svg = try #require(ParsedChartSVG(text))
        #expect(svg.all("text", inClass: "title").map(\.text) == [nasty])
        #expect(svg.all("text", inClass: "axis-label").map(\.text) == [nasty, nasty])
        #expect(svg.all("text", inClass: "legend").map(\.visibleText) == [nasty])
        #expect(svg.all("title", inClass: "series").map(\.text) == [nasty])
    }

    @Test func longNamesAreCutWithAnEllipsisInTheLegend() throws {
        let long = String(repeating: "provider-account-", count: 5)
        let chart = LineChart(title: "t", xLabel: "x", yLabel: "y",
                              series: [ChartSeries(name: long, points: Self.points([(0, 1), (1, 2)])),
                                       ChartSeries(name: "short", points: Self.points([(0, 2), (1, 1)]))])
        let svg = try #require(ParsedChartSVG(chart.svg()))
        let labels = svg.all("text", inClass: "legend").map(\.visibleText)
        #expect(labels.count == 2)
        #expect(labels[0].hasSuffix("…") && labels[0].count <= 28 && long.hasPrefix(labels[0].dropLast()))
        #expect(labels[1] == "short")
        // The whole name stays available as a tooltip.
        #expect(svg.all("title", inClass: "legend").map(\.text) == [long])
    }

    @Test func manySeriesFoldIntoAMoreNote() throws {
        let chart = try #require(Self.awkward.first { $0.0 == "long names" }).1
        let svg = try #require(ParsedChartSVG(chart.svg(width: 800, height: 240)))
        let legend = svg.all("text", inClass: "legend").map(\.visibleText)
        let note = try #require(legend.last)
        #expect(note.hasPrefix("+") && note.hasSuffix(" more"))
        let hidden = try #require(Int(note.dropFirst().dropLast(5)))
        #expect(legend.count - 1 + hidden == 30)
        // All series are still drawn.
        #expect(svg.all("path", inClass: "series").count == 30)
    }

    /// The canvas y of every vertex of path data written as "Mx,yl dx,dy …".
    func pathYs(_ data: String) -> [Double] {
        let numbers = data.dropFirst().split(whereSeparator: { "l ,".contains($0) }).compactMap { Double($0) }
        var y = numbers[1]
        var ys = [y]
        for index in stride(from: 3, to: numbers.count, by: 2) {
            y += numbers[index]
            ys.append(y)
        }
        return ys
    }

    @Test func twoThousandPointsStaySmall() throws {
        var state: UInt64 = 7
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(UInt64(1) << 53)
        }
        let series = (0..<3).map { index in
            ChartSeries(name: "s\(index)", points: (0..<2000).map { ChartPoint(x: Double($0), y: 100 * Double(index) + 50 * noise()) })
        }
        let text = LineChart(title: "t", xLabel: "x", yLabel: "y", series: series).svg()
        #expect(text.utf8.count < 90_000, "\(text.utf8.count) bytes")
        #expect(ParsedChartSVG(text) != nil)
        // A long series costs at most four points per pixel column, and
        // keeps its extremes.
        let long = ChartSeries(name: "long", points: (0..<100_000).map {
            ChartPoint(x: Double($0), y: $0 == 54_321 ? 1000 : 50 * noise())
        })
        let longText = LineChart(title: "t", xLabel: "x", yLabel: "y", series: [long]).svg()
        #expect(longText.utf8.count < 40_000, "\(longText.utf8.count) bytes")
        let longSVG = try #require(ParsedChartSVG(longText))
        let data = try #require(longSVG.all("path", inClass: "series").first?.attributes["d"])
        let top = try #require(longSVG.all("text", inClass: "y-ticks").last?.number("y"))
        let highest = try #require(pathYs(data).min())
        #expect(abs(highest - (top - 4)) < 0.05, "the spike must reach the top tick (label baseline is 4 below)")
        // A flat series collapses to a single step.
        let flat = LineChart(title: "t", xLabel: "x", yLabel: "y", series: [
            ChartSeries(name: "flat", points: (0..<2000).map { ChartPoint(x: Double($0), y: 3) }),
        ])
        let path = try #require(ParsedChartSVG(flat.svg())?.all("path", inClass: "series").first?.attributes["d"])
        #expect(!path.contains(" "), "\(path)")
    }
}
