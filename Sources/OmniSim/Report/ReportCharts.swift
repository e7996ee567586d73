import OmniCore

/// The charts of a report: throughput by provider, latency percentiles over time, and breaker
/// states as a timeline; for a sweep, each metric against the swept values.
enum ReportCharts {
    static func charts(for report: SimReport) -> [ReportChart] {
        let result = report.result
        let timeline = result.timeline
        let axis = TimeAxis(duration: report.scenario.duration)
        let width = timeline.bucket.seconds
        let x = { (index: Int) in axis.value(Double(index) * width + width / 2) }
        let providers = Set(timeline.buckets.flatMap { $0.served.keys }).sorted()
        var series = providers.map { id in
            ChartSeries(name: id, points: timeline.buckets.indices.map { ChartPoint(x: x($0), y: Double(timeline.buckets[$0].served[id] ?? 0) / width) })
        }
        if timeline.buckets.contains(where: { $0.failed > 0 }) {
            series.append(ChartSeries(name: "failed", points: timeline.buckets.indices.map { ChartPoint(x: x($0), y: Double(timeline.buckets[$0].failed) / width) },
                                      dashed: true))
        }
        let throughput = LineChart(title: "Requests served per second, by provider", xLabel: axis.label, yLabel: "requests/s", series: series)

        let quantiles: [(String, Double)] = [("p50", 0.5), ("p90", 0.9), ("p99", 0.99)]
        let latency = LineChart(title: "Latency percentiles over time", xLabel: axis.label, yLabel: "latency (s)", series: quantiles.map { label, q in
            ChartSeries(name: label, points: timeline.buckets.indices.compactMap { index in
                let histogram = timeline.buckets[index].latency
                return histogram.total == 0 ? nil : ChartPoint(x: x(index), y: Double(histogram.quantile(q)) / 1e9)
            })
        })

        var charts = [ReportChart(fileName: "throughput.svg", title: throughput.title, svg: throughput.svg()),
                      ReportChart(fileName: "latency.svg", title: latency.title, svg: latency.svg())]
        if !result.notices.breakerChanges.isEmpty {
            let breakers = breakerTimeline(result.notices.breakerChanges, duration: report.scenario.duration, axis: axis)
            charts.append(ReportChart(fileName: "breakers.svg", title: breakers.title, svg: breakers.svg()))
        }
        return charts
    }

    /// One lane per breaker: closed until its first change, then each state until the next.
    static func breakerTimeline(_ changes: [NoticeLog.BreakerChange], duration: Span, axis: TimeAxis) -> TimelineChart {
        let end = axis.value(duration.seconds)
        var lanes: [String: [TimelineChart.Segment]] = [:]
        var order: [String] = []
        var current: [String: (state: BreakerState, since: Double)] = [:]
        for change in changes {
            let at = min(axis.value(change.at.seconds), end)
            if current[change.breaker] == nil { order.append(change.breaker) }
            let previous = current[change.breaker] ?? (change.from, 0)
            lanes[change.breaker, default: []].append(.init(from: previous.since, until: at, state: previous.state.rawValue))
            current[change.breaker] = (change.to, at)
        }
        for (breaker, state) in current { lanes[breaker, default: []].append(.init(from: state.since, until: end, state: state.state.rawValue)) }
        return TimelineChart(
            title: "Circuit breaker states", xLabel: axis.label, xRange: 0...max(end, 1e-9),
            lanes: order.sorted().map { TimelineChart.Lane(name: $0, segments: lanes[$0] ?? []) },
            states: [.init(name: BreakerState.closed.rawValue, color: ChartPalette.bluishGreen),
                     .init(name: BreakerState.halfOpen.rawValue, color: ChartPalette.orange),
                     .init(name: BreakerState.open.rawValue, color: ChartPalette.vermillion)])
    }

    /// Time on the x axis in the unit that suits the run: seconds, minutes or hours.
    struct TimeAxis {
        let divisor: Double
        let label: String

        init(duration: Span) {
            switch duration.seconds {
            case ..<180: (divisor, label) = (1, "seconds since start")
            case ..<(3 * 3600): (divisor, label) = (60, "minutes since start")
            default: (divisor, label) = (3600, "hours since start")
            }
        }

        func value(_ seconds: Double) -> Double { seconds / divisor }
    }
}

extension ReportCharts {
    /// One chart per metric against the first swept key; one line per combination of the others.
    static func sweepCharts(_ sweep: SweepReport) -> [ReportChart] {
        guard let first = sweep.grid.axes.first else { return [] }
        var charts: [ReportChart] = []
        for (index, metric) in sweep.metrics.enumerated() {
            var groups: [String: [ChartPoint]] = [:]
            var order: [String] = []
            for point in sweep.points {
                guard let xText = point.overrides.first(where: { $0.path == first.path })?.value,
                      let x = Double(xText.replacingOccurrences(of: "_", with: "")),
                      let y = metric.value(in: point.report.result) else { continue }
                let label = point.overrides.filter { $0.path != first.path }.map { "\($0.path)=\($0.value)" }.joined(separator: ", ")
                if groups[label] == nil { order.append(label) }
                groups[label, default: []].append(ChartPoint(x: x, y: metric.unit == .ratio ? y * 100 : y))
            }
            var series = order.map { ChartSeries(name: $0.isEmpty ? metric.name : $0, points: groups[$0] ?? []) }
            // An expectation's bound on this metric, drawn dashed: where the answer crosses it.
            if let expectation = sweep.points.first?.report.file.expectations.first(where: { $0.metric == metric }),
               let bound = expectation.atMost ?? expectation.atLeast,
               let low = first.values.compactMap({ Double($0.replacingOccurrences(of: "_", with: "")) }).min(),
               let high = first.values.compactMap({ Double($0.replacingOccurrences(of: "_", with: "")) }).max() {
                let y = metric.unit == .ratio ? bound * 100 : bound
                series.append(ChartSeries(name: "bound: \(expectation.name)", points: [ChartPoint(x: low, y: y), ChartPoint(x: high, y: y)], dashed: true))
            }
            let unit: String = switch metric.unit {
            case .ratio: "%"
            case .seconds: "s"
            case .dollars: "US$"
            case .count, .mean: "value"
            }
            let chart = LineChart(title: "\(metric.name) against \(first.path)", xLabel: first.path, yLabel: "\(metric.name) (\(unit))", series: series)
            charts.append(ReportChart(fileName: "sweep-\(index + 1)-\(metric.name.map { $0.isLetter || $0.isNumber ? $0 : "-" }.map(String.init).joined()).svg",
                                      title: chart.title, svg: chart.svg()))
        }
        return charts
    }
}
