/// Whether a gateway key may spend more now.
public enum BudgetVerdict: Sendable, Equatable {
    case allowed
    /// A hard stop until `resetsAt`, when a new window starts at zero. When several periods
    /// are spent, the one that resets last (the one the user really waits for).
    case exhausted(period: BudgetPeriod, limit: Double, spent: Double, resetsAt: Instant)

    /// What the client is told (nil when allowed); `keyName` is the key's name, never the key.
    public func message(keyName: String) -> String? {
        guard case .exhausted(let period, let limit, let spent, let resetsAt) = self else { return nil }
        return BudgetMessages.exhausted(keyName: keyName, period: period, limit: limit, spent: spent, resetsAt: resetsAt)
    }
}

/// What recording a cost crossed: each is raised once per window.
public enum BudgetEvent: Sendable, Equatable {
    /// Spend reached `threshold` (the config's `warnAt`, a share of the limit: 0.8).
    case warning(period: BudgetPeriod, limit: Double, spent: Double, threshold: Double)
    /// Spend reached the limit: further requests are refused until `resetsAt`.
    case exhausted(period: BudgetPeriod, limit: Double, spent: Double, resetsAt: Instant)

    public var period: BudgetPeriod {
        switch self {
        case .warning(let period, _, _, _), .exhausted(let period, _, _, _): return period
        }
    }

    /// A line for logs, webhooks and the dashboard.
    public func message(keyName: String) -> String {
        switch self {
        case .warning(let period, let limit, let spent, let threshold):
            return BudgetMessages.warning(keyName: keyName, period: period, limit: limit, spent: spent, threshold: threshold)
        case .exhausted(let period, let limit, let spent, let resetsAt):
            return BudgetMessages.exhausted(keyName: keyName, period: period, limit: limit, spent: spent, resetsAt: resetsAt)
        }
    }
}

enum BudgetMessages {
    /// `Budget exhausted for key 'team-a': monthly limit $50.00 reached ($50.12 spent); resets at 2026-12-01T00:00:00Z`
    static func exhausted(keyName: String, period: BudgetPeriod, limit: Double, spent: Double, resetsAt: Instant) -> String {
        "Budget exhausted for key '\(keyName)': \(period) limit \(Dollars.format(limit)) reached "
            + "(\(Dollars.format(spent)) spent); resets at \(resetsAt)"
    }

    /// `Budget warning for key 'team-a': 80% of the daily limit $10.00 reached ($8.10 spent)`
    static func warning(keyName: String, period: BudgetPeriod, limit: Double, spent: Double, threshold: Double) -> String {
        "Budget warning for key '\(keyName)': \(Dollars.percent(threshold)) of the \(period) limit \(Dollars.format(limit)) reached "
            + "(\(Dollars.format(spent)) spent)"
    }
}
