import Testing
@testable import OmniSim

@Suite struct TimelineChartSVGTests {
    typealias Segment = TimelineChart.Segment
    typealias Lane = TimelineChart.Lane

    static let states = [
        TimelineChart.StateStyle(name: "closed", color: ChartPalette.bluishGreen),
        TimelineChart.StateStyle(name: "open", color: ChartPalette.vermillion),
        TimelineChart.StateStyle(name: "half-open", color: ChartPalette.orange),
    ]

    static func chart(_ lanes: [Lane], range: ClosedRange<Double> = 0...100, states: [TimelineChart.StateStyle] = states) -> TimelineChart {
        TimelineChart(title: "Breakers", xLabel: "minutes since start", xRange: range, lanes: lanes, states: states)
    }

    static let sample = chart([
        Lane(name: "acct-1", segments: [
            Segment(from: 0, until: 10, state: "closed"),
            Segment(from: 10, until: 40, state: "open"),
            Segment(from: 40, until: 100, state: "half-open"),
        ]),
        Lane(name: "acct-2", segments: [Segment(from: 0, until: 100, state: "closed")]),
    ])

    static func segments(_ svg: ParsedChartSVG) -> [ParsedChartElement] {
        svg.all("rect", inClass: "segments")
    }

    @Test func wellFormedAndDeterministic() throws {
        let text = Self.sample.svg()
        let svg = try #require(ParsedChartSVG(text))
        #expect(svg.root.name == "svg" && svg.root.attributes["viewBox"] != nil)
        #expect(svg.badNumbers == [])
        #expect(text == Self.sample.svg())
        #expect(text == Self.chart(Self.sample.lanes).svg())
    }

    @Test func segmentWidthsAreProportionalToDurations() throws {
        let svg = try #require(ParsedChartSVG(Self.sample.svg()))
        let firstLane = Self.segments(svg).prefix(3)
        let widths = firstLane.compactMap { $0.number("width") }
        #expect(widths.count == 3)
        let total = widths.reduce(0, +)
        for (width, share) in zip(widths, [0.1, 0.3, 0.6]) {
            #expect(abs(width - total * share) <= 0.15, "\(widths)")
        }
        // Segments tile the lane: each starts where the previous one ends.
        let xs = firstLane.compactMap { $0.number("x") }
        #expect(abs(xs[1] - (xs[0] + widths[0])) < 0.01 && abs(xs[2] - (xs[1] + widths[1])) < 0.01)
        #expect(firstLane.map { $0.attributes["fill"] } == Self.states.map(\.color))
        // Lanes line up: both start at the same x and span the same width.
        let secondLane = Self.segments(svg)[3]
        #expect(secondLane.number("x") == xs[0])
        #expect(abs((secondLane.number("width") ?? 0) - total) <= 0.15)
    }

    @Test func emptyAndReversedSegmentsAreSkippedAndOthersClipped() throws {
        let chart = Self.chart([
            Lane(name: "a", segments: [
                Segment(from: 20, until: 20, state: "open"),
                Segment(from: 30, until: 25, state: "open"),
                Segment(from: .nan, until: 50, state: "open"),
                Segment(from: 150, until: 200, state: "open"),
                Segment(from: -50, until: 20, state: "closed"),
                Segment(from: 90, until: .infinity, state: "half-open"),
            ]),
            Lane(name: "b", segments: [Segment(from: 0, until: 100, state: "closed")]),
        ])
        let svg = try #require(ParsedChartSVG(chart.svg()))
        let rects = Self.segments(svg)
        #expect(rects.map { $0.attributes["fill"] } == [ChartPalette.bluishGreen, ChartPalette.orange, ChartPalette.bluishGreen])
        let full = try #require(rects[2].number("width"))
        let laneStart = try #require(rects[2].number("x"))
        #expect(rects[0].number("x") == laneStart)
        #expect(abs((rects[0].number("width") ?? 0) - full * 0.2) <= 0.15)
        #expect(abs((rects[1].number("width") ?? 0) - full * 0.1) <= 0.15)
        #expect(abs((rects[1].number("x") ?? 0) + (rects[1].number("width") ?? 0) - (laneStart + full)) <= 0.15)
    }

    @Test func heightGrowsWithLanes() throws {
        func height(_ count: Int) throws -> Double {
            let lanes = (0..<count).map { Lane(name: "l\($0)", segments: [Segment(from: 0, until: 1, state: "closed")]) }
            return try #require(ParsedChartSVG(Self.chart(lanes).svg())?.root.number("height"))
        }
        let one = try height(1)
        let four = try height(4)
        let ten = try height(10)
        #expect(four > one && ten > four)
        #expect(abs((ten - four) / 6 - (four - one) / 3) < 0.01)
    }

    @Test func legendListsStatesInOrderThenUnstyledOnes() throws {
        let chart = Self.chart([
            Lane(name: "a", segments: [
                Segment(from: 0, until: 10, state: "forced-open"),
                Segment(from: 10, until: 20, state: "closed"),
            ]),
        ], states: Self.states.reversed())
        let svg = try #require(ParsedChartSVG(chart.svg()))
        #expect(svg.all("text", inClass: "legend").map(\.visibleText) == ["half-open", "open", "closed", "forced-open"])
        #expect(svg.all("rect", inClass: "legend").map { $0.attributes["fill"] }
            == [ChartPalette.orange, ChartPalette.vermillion, ChartPalette.bluishGreen, ChartPalette.unstyled])
        #expect(Self.segments(svg).first?.attributes["fill"] == ChartPalette.unstyled)
    }

    @Test func laneNamesSitLeftOfTheLanes() throws {
        let svg = try #require(ParsedChartSVG(Self.sample.svg()))
        let names = svg.all("text", inClass: "lane-names")
        #expect(names.map(\.text) == ["acct-1", "acct-2"])
        let laneStart = try #require(Self.segments(svg).compactMap { $0.number("x") }.min())
        #expect(names.allSatisfy { ($0.number("x") ?? .infinity) < laneStart })
        #expect(svg.all("g", inClass: "lane-names").first?.attributes["text-anchor"] == "end")
    }

    @Test func briefStatesStayVisible() throws {
        let chart = Self.chart([
            Lane(name: "a", segments: [
                Segment(from: 0, until: 50, state: "closed"),
                Segment(from: 50, until: 50.001, state: "open"),
                Segment(from: 50.001, until: 100, state: "closed"),
            ]),
        ])
        let rects = Self.segments(try #require(ParsedChartSVG(chart.svg())))
        // Drawn last so the following segment cannot cover it, one pixel wide.
        #expect(rects.last?.attributes["fill"] == ChartPalette.vermillion)
        #expect(rects.last?.number("width") == 1)
    }

    @Test func emptyInputSaysNoData() throws {
        for chart in [Self.chart([]), Self.chart([Lane(name: "a", segments: [])]),
                      Self.chart([Lane(name: "a", segments: [Segment(from: 5, until: 1, state: "open")])])] {
            let svg = try #require(ParsedChartSVG(chart.svg()))
            #expect(svg.all("text", inClass: "no-data").map(\.text) == ["no data"])
            #expect(Self.segments(svg).isEmpty)
            #expect(svg.badNumbers == [])
        }
        #expect(ParsedChartSVG(Self.sample.svg())?.all("text", inClass: "no-data").isEmpty == true)
    }

    @Test func awkwardRangesAndTextStayWellFormed() throws {
        let nasty = "a<b & \"c\" 'd'>\u{0}"
        let charts = [
            Self.chart(Self.sample.lanes, range: 5...5),
            Self.chart(Self.sample.lanes, range: -Double.infinity...Double.infinity),
            Self.chart(Self.sample.lanes, range: 0...1e308),
            Self.chart(Self.sample.lanes, range: 1e12...(1e12 + 60)),
            TimelineChart(title: nasty, xLabel: nasty, xRange: 0...1,
                          lanes: [Lane(name: nasty, segments: [Segment(from: 0, until: 1, state: nasty)])],
                          states: [.init(name: nasty, color: "\"red\" onload=\"x\"")]),
            TimelineChart(title: "t", xLabel: "x", xRange: 0...1,
                          lanes: [Lane(name: String(repeating: "very-long-lane-name ", count: 20), segments: [])], states: []),
        ]
        for chart in charts {
            let text = chart.svg(width: 300)
            let svg = try #require(ParsedChartSVG(text), "not well-formed")
            #expect(svg.badNumbers == [])
            #expect(text == chart.svg(width: 300))
        }
        let escaped = try #require(ParsedChartSVG(charts[4].svg()))
        #expect(escaped.all("text", inClass: "lane-names").map(\.text) == ["a<b & \"c\" 'd'>\u{FFFD}"])
        #expect(Self.segments(escaped).first?.attributes["fill"] == "\"red\" onload=\"x\"")
        let long = try #require(ParsedChartSVG(charts[5].svg()))
        #expect(long.all("text", inClass: "lane-names").first?.text.hasSuffix("…") == true)
    }
}
