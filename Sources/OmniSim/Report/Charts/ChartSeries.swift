/// One data point of a line chart, in data units (not pixels).
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A named sequence of points drawn as one line.
///
/// Points may arrive in any order and may contain NaN or infinite values;
/// the renderer sorts by x and skips what it cannot draw, so callers can pass
/// raw simulator samples straight in.
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    public var points: [ChartPoint]
    /// Drawn dashed, e.g. for a configured bound next to measured values.
    public var dashed: Bool = false

    public init(name: String, points: [ChartPoint], dashed: Bool = false) {
        self.name = name
        self.points = points
        self.dashed = dashed
    }
}
