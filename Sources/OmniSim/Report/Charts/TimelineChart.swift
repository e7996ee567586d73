/// States over time, one horizontal lane per thing (e.g. a circuit breaker per
/// provider account), each lane a sequence of coloured segments.
public struct TimelineChart: Sendable, Equatable {
    /// One row of the chart.
    public struct Lane: Sendable, Equatable {
        public var name: String
        public var segments: [Segment]

        public init(name: String, segments: [Segment]) {
            self.name = name
            self.segments = segments
        }
    }

    /// A span of time spent in one state. `until <= from` is skipped and
    /// anything outside the chart's `xRange` is clipped away.
    public struct Segment: Sendable, Equatable {
        public var from: Double
        public var until: Double
        public var state: String

        public init(from: Double, until: Double, state: String) {
            self.from = from
            self.until = until
            self.state = state
        }
    }

    /// How a state is drawn. `color` is any SVG colour, e.g. "#009E73".
    public struct StateStyle: Sendable, Equatable {
        public var name: String
        public var color: String

        public init(name: String, color: String) {
            self.name = name
            self.color = color
        }
    }

    public var title: String
    public var xLabel: String
    /// The whole run, so that lanes (and separate charts of one run) line up.
    public var xRange: ClosedRange<Double>
    public var lanes: [Lane]
    /// Legend order. States used by segments but missing here are drawn grey
    /// and listed after these.
    public var states: [StateStyle]

    public init(title: String, xLabel: String, xRange: ClosedRange<Double>, lanes: [Lane], states: [StateStyle]) {
        self.title = title
        self.xLabel = xLabel
        self.xRange = xRange
        self.lanes = lanes
        self.states = states
    }

    /// A standalone SVG 1.1 document whose height grows with the number of
    /// lanes. The same chart and width always give byte-identical text.
    /// Widths below 240 are raised to that.
    public func svg(width: Int = 800) -> String {
        TimelineChartRenderer(chart: self, width: width).render()
    }
}
