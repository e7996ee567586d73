/// What one gateway key has spent in the current window of each budget period. A small
/// value the store keeps per key; the engine asks `verdict` before a request and calls
/// `record` with the request's cost after it.
///
/// Spend is tracked for every period, limited or not (reports show it), and a window that
/// has ended starts the next one at zero. Windows only move forward: a spend whose window
/// began after `now`'s (the clock stepped back, or the reset time was moved) keeps counting
/// rather than being lost. Requests that pass `verdict` at the same time may together
/// overshoot a limit by what they cost; the next request is refused.
public struct BudgetLedger: Sendable, Equatable, Codable {
    public var daily: BudgetSpend?
    public var weekly: BudgetSpend?
    public var monthly: BudgetSpend?

    public init(daily: BudgetSpend? = nil, weekly: BudgetSpend? = nil, monthly: BudgetSpend? = nil) {
        (self.daily, self.weekly, self.monthly) = (daily, weekly, monthly)
    }

    public subscript(period: BudgetPeriod) -> BudgetSpend? {
        get {
            switch period {
            case .daily: return daily
            case .weekly: return weekly
            case .monthly: return monthly
            }
        }
        set {
            switch period {
            case .daily: daily = newValue
            case .weekly: weekly = newValue
            case .monthly: monthly = newValue
            }
        }
    }

    /// US dollars spent in the window of `period` that holds `now` (zero once it has ended).
    public func spent(in period: BudgetPeriod, config: BudgetConfig, now: Instant) -> Double {
        current(period, config: config, now: now).spend.spent
    }

    /// `.exhausted` when the spend of any limited period has reached its limit (the period
    /// that resets last when there are several), else `.allowed`.
    public func verdict(config: BudgetConfig, now: Instant) -> BudgetVerdict {
        var verdict = BudgetVerdict.allowed
        var latestReset = Instant.distantPast
        for period in BudgetPeriod.allCases {
            guard let limit = period.limit(in: config) else { continue }
            let (spend, window) = current(period, config: config, now: now)
            if spend.spent >= limit, window.end > latestReset {
                latestReset = window.end
                verdict = .exhausted(period: period, limit: limit, spent: spend.spent, resetsAt: window.end)
            }
        }
        return verdict
    }

    /// Adds `cost` (US dollars) to every period's current window and returns what that
    /// crossed: a warning at `warnAt × limit` and exhaustion at the limit, each once per
    /// window. A cost that crosses both at once raises only the exhaustion. Costs that are
    /// negative or not a number add nothing; sums stop at the largest finite `Double`.
    /// A warning is raised only for `warnAt` strictly between 0 and 1.
    public mutating func record(cost: Double, config: BudgetConfig, now: Instant) -> [BudgetEvent] {
        let amount = cost > 0 ? cost : 0
        var events: [BudgetEvent] = []
        for period in BudgetPeriod.allCases {
            var (spend, window) = current(period, config: config, now: now)
            spend.spent = min(spend.spent + amount, .greatestFiniteMagnitude)
            if let limit = period.limit(in: config), !limit.isNaN {
                let warnAt = config.warnAt
                if spend.spent >= limit {
                    if spend.exhaustedFor != limit {
                        spend.exhaustedFor = limit
                        spend.warnedFor = limit
                        events.append(.exhausted(period: period, limit: limit, spent: spend.spent, resetsAt: window.end))
                    }
                } else if warnAt > 0, warnAt < 1, spend.spent >= warnAt * limit, spend.warnedFor != limit {
                    spend.warnedFor = limit
                    events.append(.warning(period: period, limit: limit, spent: spend.spent, threshold: warnAt))
                }
            }
            self[period] = spend
        }
        return events
    }

    /// The spend that counts at `now` and its window: the stored one unless its window has
    /// ended (then a fresh, empty one).
    private func current(_ period: BudgetPeriod, config: BudgetConfig, now: Instant) -> (spend: BudgetSpend, window: BudgetWindow) {
        let window = BudgetWindow.containing(now, period: period, config: config)
        guard let stored = self[period], stored.windowStart >= window.start else {
            return (BudgetSpend(windowStart: window.start), window)
        }
        if stored.windowStart == window.start { return (stored, window) }
        // The stored window is ahead of the clock: keep counting in it.
        return (stored, BudgetWindow.containing(stored.windowStart, period: period, config: config))
    }
}

/// One period's spend in one window.
public struct BudgetSpend: Sendable, Equatable, Codable {
    /// Where the window began (its identity: a later start is a new window).
    public var windowStart: Instant
    /// US dollars.
    public var spent: Double
    /// The limit a warning was raised for in this window (a changed limit may warn again).
    public var warnedFor: Double?
    /// The limit exhaustion was raised for in this window.
    public var exhaustedFor: Double?

    public init(windowStart: Instant, spent: Double = 0, warnedFor: Double? = nil, exhaustedFor: Double? = nil) {
        (self.windowStart, self.spent, self.warnedFor, self.exhaustedFor) = (windowStart, spent, warnedFor, exhaustedFor)
    }
}
