/// Maps a data interval linearly onto a canvas interval.
struct ChartScale: Sendable {
    let domain: (low: Double, high: Double)
    let range: (start: Double, end: Double)

    init(domain low: Double, _ high: Double, range start: Double, _ end: Double) {
        domain = (low, high)
        range = (start, end)
    }

    func callAsFunction(_ value: Double) -> Double {
        let span = domain.high - domain.low
        // Callers widen degenerate domains; this only guards against a
        // division by zero should one slip through.
        guard span > 0 else { return (range.start + range.end) / 2 }
        return range.start + (value - domain.low) / span * (range.end - range.start)
    }
}
