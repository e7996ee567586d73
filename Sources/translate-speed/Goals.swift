import OmniCore

/// The goals, checked against one run.
struct Goal {
    var description: String
    var met: Bool

    static func evaluate(rows: [Row], inputs: Inputs, minRequestsPerSecond: Double) -> [Goal] {
        guard let ours = rows.first(where: { $0.id == Suite.translateID(.openai, .anthropic) })?.measurement else { return [] }
        var goals = [
            Goal(description: "openai input is 3.8–4.4 KB (\(inputs.openai.count) B)", met: inputs.sizeIsExpected),
            Goal(description: "openai → anthropic ≥ \(int(minRequestsPerSecond)) req/s on one core (\(int(ours.requestsPerSecond)))",
                 met: ours.requestsPerSecond >= minRequestsPerSecond),
        ]
        for baseline in rows where baseline.group == .baseline {
            let b = baseline.measurement
            goals.append(Goal(
                description: "openai → anthropic faster than \(baseline.label.prefix(4)) (\(int(ours.median)) vs \(int(b.median)) ns)",
                met: ours.median < b.median))
        }
        return goals
    }
}
