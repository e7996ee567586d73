import OmniCore

/// A UTC date and time as an `Instant`.
func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Instant {
    CivilTime(year: y, month: m, day: d, hour: h, minute: mi, second: s).instant
}

/// A budget with its reset minute, UTC offset (minutes) and warning share.
func budget(daily: Double? = nil, weekly: Double? = nil, monthly: Double? = nil, reset: Int = 0, offset: Int = 0, warnAt: Double = 0.8) -> BudgetConfig {
    var config = BudgetConfig(daily: daily, weekly: weekly, monthly: monthly)
    config.resetMinuteOfDay = reset
    config.utcOffsetMinutes = offset
    config.warnAt = warnAt
    return config
}
