/// Turns canvas points into compact SVG path data: an absolute start, then
/// relative steps.
///
/// Where more than four points fall into one pixel column, only the first,
/// lowest, highest and last are kept (the "M4" reduction): a 1-pixel-wide
/// column then looks the same, and a series of any length costs at most
/// four points per pixel of plot width.
///
/// Positions are then rounded to whole tenths of a pixel first and the steps are
/// differences of those integers, so they add up exactly (no drift), exact
/// repeats drop out, and runs along one straight direction merge into a
/// single step — a flat stretch of a 2,000-point series costs nothing.
enum ChartPolyline {
    /// nil when the points do not leave their first position (nothing would
    /// be visible as a line; the caller draws a dot instead).
    static func pathData(_ points: [(x: Double, y: Double)]) -> String? {
        let points = reducedToPixelColumns(points)
        guard let first = points.first else { return nil }
        var previous = tenths(first)
        var steps: [(dx: Int, dy: Int)] = []
        for point in points.dropFirst() {
            let current = tenths(point)
            let step = (dx: current.x - previous.x, dy: current.y - previous.y)
            previous = current
            if step.dx == 0 && step.dy == 0 { continue }
            if let last = steps.last,
               last.dx * step.dy == last.dy * step.dx,  // parallel…
               last.dx * step.dx + last.dy * step.dy > 0 {  // …and the same way
                steps[steps.count - 1] = (last.dx + step.dx, last.dy + step.dy)
            } else {
                steps.append(step)
            }
        }
        guard !steps.isEmpty else { return nil }
        let start = tenths(first)
        var data = "M" + ChartNumberFormat.tenths(start.x) + "," + ChartNumberFormat.tenths(start.y) + "l"
        for (index, step) in steps.enumerated() {
            if index > 0 { data += " " }
            data += ChartNumberFormat.tenths(step.dx) + "," + ChartNumberFormat.tenths(step.dy)
        }
        return data
    }

    /// The M4 reduction; expects points in x order, keeps their order.
    static func reducedToPixelColumns(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        var kept: [(x: Double, y: Double)] = []
        kept.reserveCapacity(points.count)
        var start = 0
        while start < points.count {
            let column = points[start].x.rounded(.down)
            var end = start + 1
            var lowest = start
            var highest = start
            while end < points.count && points[end].x.rounded(.down) == column {
                if points[end].y < points[lowest].y { lowest = end }
                if points[end].y > points[highest].y { highest = end }
                end += 1
            }
            if end - start <= 4 {
                kept.append(contentsOf: points[start..<end])
            } else {
                // Sorted indices keep the drawing order; repeats are skipped.
                var previous = -1
                for index in [start, lowest, highest, end - 1].sorted() where index != previous {
                    kept.append(points[index])
                    previous = index
                }
            }
            start = end
        }
        return kept
    }

    // Coordinates are clamped to ±1e6 px, so the products above stay far
    // below Int overflow.
    private static func tenths(_ point: (x: Double, y: Double)) -> (x: Int, y: Int) {
        (ChartNumberFormat.tenthsOf(point.x), ChartNumberFormat.tenthsOf(point.y))
    }
}
