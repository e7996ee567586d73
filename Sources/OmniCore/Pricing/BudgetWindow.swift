/// The three budget windows a gateway key can have a limit for.
public enum BudgetPeriod: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case daily, weekly, monthly

    public var description: String { rawValue }

    /// This period's limit in `config` (nil: no limit).
    public func limit(in config: BudgetConfig) -> Double? {
        switch self {
        case .daily: return config.daily
        case .weekly: return config.weekly
        case .monthly: return config.monthly
        }
    }
}

/// One budget window: `[start, end)`. A window begins at the reset time in the key's fixed
/// UTC offset: daily every day, weekly on Mondays, monthly on the 1st; it ends where the
/// next one begins.
///
/// The arithmetic shifts `now` by `offset − reset` so that every window boundary falls on
/// a UTC midnight of the shifted calendar, takes midnight of that day (of the Monday, of
/// the 1st) there, and shifts back. So a reset later in the day than `now` lands in
/// yesterday (last week, last month) by itself, and month lengths, leap days and year ends
/// come from `CivilTime`'s calendar (whose fields roll over: day 32 of January is
/// February 1st). A fixed offset has no daylight-saving jumps, so every daily window is
/// exactly 24 h long.
public struct BudgetWindow: Sendable, Equatable, Hashable, Codable {
    public var period: BudgetPeriod
    public var start: Instant
    /// The next reset: the first instant of the following window.
    public var end: Instant

    public init(period: BudgetPeriod, start: Instant, end: Instant) { (self.period, self.start, self.end) = (period, start, end) }

    /// The window of `period` that `instant` falls in.
    public static func containing(_ instant: Instant, period: BudgetPeriod, config: BudgetConfig) -> BudgetWindow {
        let shift = Span.minutes(Int64(offsetMinutes(config) - resetMinute(config)))
        let local = CivilTime(instant + shift)
        var start = CivilTime(year: local.year, month: local.month, day: local.day)
        var end = start
        switch period {
        case .daily:
            end.day += 1
        case .weekly:
            start.day -= local.weekdayFromMonday
            end.day = start.day + 7
        case .monthly:
            start.day = 1
            end.day = 1
            end.month += 1
        }
        return BudgetWindow(period: period, start: start.instant - shift, end: end.instant - shift)
    }

    /// When the window of `period` that holds `at` began (the last reset at or before `at`).
    public static func start(of period: BudgetPeriod, at: Instant, config: BudgetConfig) -> Instant {
        containing(at, period: period, config: config).start
    }

    /// When the window of `period` that holds `at` ends (the next reset after `at`).
    public static func end(of period: BudgetPeriod, at: Instant, config: BudgetConfig) -> Instant {
        containing(at, period: period, config: config).end
    }

    public func contains(_ instant: Instant) -> Bool { start <= instant && instant < end }

    /// The reset minute, clamped into one day (the config loader rejects values outside it;
    /// clamping keeps a bad value from moving windows by days).
    static func resetMinute(_ config: BudgetConfig) -> Int { min(max(config.resetMinuteOfDay, 0), 1439) }

    /// The UTC offset, clamped to ±18:00 (the widest ISO 8601 / `java.time.ZoneOffset` allows;
    /// real zones span −12:00…+14:00).
    static func offsetMinutes(_ config: BudgetConfig) -> Int { min(max(config.utcOffsetMinutes, -18 * 60), 18 * 60) }
}
