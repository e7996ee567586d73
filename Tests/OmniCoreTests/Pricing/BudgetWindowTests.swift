import OmniCore
import Testing

@Suite("Pricing: budget windows")
struct BudgetWindowTests {
    static func window(_ period: BudgetPeriod, _ at: Instant, reset: Int = 0, offset: Int = 0) -> (Instant, Instant) {
        let config = budget(reset: reset, offset: offset)
        return (BudgetWindow.start(of: period, at: at, config: config), BudgetWindow.end(of: period, at: at, config: config))
    }

    @Test func dailyWindowIsTheUTCDay() {
        #expect(Self.window(.daily, utc(2026, 11, 26, 9, 30)) == (utc(2026, 11, 26), utc(2026, 11, 27)))
    }

    @Test func aResetLaterInTheDayStartedTheWindowYesterday() {
        // resetMinuteOfDay 600 = 10:00.
        #expect(Self.window(.daily, utc(2026, 11, 26, 9, 59), reset: 600) == (utc(2026, 11, 25, 10), utc(2026, 11, 26, 10)))
        #expect(Self.window(.daily, utc(2026, 11, 26, 10, 0), reset: 600) == (utc(2026, 11, 26, 10), utc(2026, 11, 27, 10)))
        #expect(Self.window(.daily, utc(2026, 11, 26, 10, 1), reset: 600) == (utc(2026, 11, 26, 10), utc(2026, 11, 27, 10)))
        // The last nanosecond before the reset is still in the old window.
        let justBefore = utc(2026, 11, 26, 10) - .nanoseconds(1)
        #expect(Self.window(.daily, justBefore, reset: 600).0 == utc(2026, 11, 25, 10))
    }

    @Test(arguments: [
        // (now, start, end) of the monthly window, UTC, reset at midnight.
        (utc(2027, 1, 31, 23, 59), utc(2027, 1, 1), utc(2027, 2, 1)),
        (utc(2027, 2, 1), utc(2027, 2, 1), utc(2027, 3, 1)),
        (utc(2027, 2, 28, 12), utc(2027, 2, 1), utc(2027, 3, 1)),
        (utc(2028, 2, 28, 23, 59), utc(2028, 2, 1), utc(2028, 3, 1)),
        (utc(2028, 2, 29, 12), utc(2028, 2, 1), utc(2028, 3, 1)),
        (utc(2027, 4, 30, 23, 59, 59), utc(2027, 4, 1), utc(2027, 5, 1)),
        (utc(2027, 12, 31, 23, 59, 59), utc(2027, 12, 1), utc(2028, 1, 1)),
        (utc(2028, 1, 1), utc(2028, 1, 1), utc(2028, 2, 1)),
    ])
    func monthlyWindowFollowsTheCalendar(_ now: Instant, _ start: Instant, _ end: Instant) {
        #expect(Self.window(.monthly, now) == (start, end))
    }

    @Test func monthlyResetLaterInTheDayStartedTheWindowLastMonth() {
        // 1 March, 09:00, reset at 10:00: still February's window, which began on 1 February at 10:00.
        #expect(Self.window(.monthly, utc(2027, 3, 1, 9), reset: 600) == (utc(2027, 2, 1, 10), utc(2027, 3, 1, 10)))
        #expect(Self.window(.monthly, utc(2027, 3, 1, 10), reset: 600) == (utc(2027, 3, 1, 10), utc(2027, 4, 1, 10)))
        // New Year's morning before the reset still belongs to December.
        #expect(Self.window(.monthly, utc(2028, 1, 1, 9), reset: 600) == (utc(2027, 12, 1, 10), utc(2028, 1, 1, 10)))
    }

    @Test func februaryWindowsAre28Or29Days() {
        let (start2027, end2027) = Self.window(.monthly, utc(2027, 2, 14), reset: 600)
        #expect(end2027 - start2027 == .days(28))
        let (start2028, end2028) = Self.window(.monthly, utc(2028, 2, 14), reset: 600)
        #expect(end2028 - start2028 == .days(29))
    }

    @Test func leapDayIsADailyWindowOfItsOwn() {
        #expect(Self.window(.daily, utc(2028, 2, 29, 5)) == (utc(2028, 2, 29), utc(2028, 3, 1)))
        #expect(Self.window(.daily, utc(2028, 3, 1, 5), reset: 600) == (utc(2028, 2, 29, 10), utc(2028, 3, 1, 10)))
        // 2027 has no 29 February: the window before 1 March 10:00 began on 28 February.
        #expect(Self.window(.daily, utc(2027, 3, 1, 5), reset: 600) == (utc(2027, 2, 28, 10), utc(2027, 3, 1, 10)))
        // 2100 is not a leap year (divisible by 100, not by 400).
        #expect(Self.window(.monthly, utc(2100, 2, 28, 12)) == (utc(2100, 2, 1), utc(2100, 3, 1)))
    }

    @Test func positiveOffsetMovesTheResetToLocalMidnight() {
        // +05:30: local midnight is 18:30 UTC the day before.
        #expect(Self.window(.daily, utc(2026, 11, 26, 18, 29), offset: 330) == (utc(2026, 11, 25, 18, 30), utc(2026, 11, 26, 18, 30)))
        #expect(Self.window(.daily, utc(2026, 11, 26, 18, 30), offset: 330) == (utc(2026, 11, 26, 18, 30), utc(2026, 11, 27, 18, 30)))
        // 28 February 20:00 UTC is 1 March 01:30 in +05:30: March's window has begun.
        #expect(Self.window(.monthly, utc(2027, 2, 28, 20), offset: 330) == (utc(2027, 2, 28, 18, 30), utc(2027, 3, 31, 18, 30)))
    }

    @Test func negativeOffsetKeepsTheOldYearUntilLocalMidnight() {
        // −08:00: 1 January 07:00 UTC is still 31 December 23:00 locally.
        let now = utc(2027, 1, 1, 7)
        #expect(Self.window(.monthly, now, offset: -480) == (utc(2026, 12, 1, 8), utc(2027, 1, 1, 8)))
        #expect(Self.window(.daily, now, offset: -480) == (utc(2026, 12, 31, 8), utc(2027, 1, 1, 8)))
        // With a 10:00 local reset (18:00 UTC): the window began on 31 December at 10:00 local.
        #expect(Self.window(.daily, now, reset: 600, offset: -480) == (utc(2026, 12, 31, 18), utc(2027, 1, 1, 18)))
        #expect(Self.window(.monthly, now, reset: 600, offset: -480) == (utc(2026, 12, 1, 18), utc(2027, 1, 1, 18)))
    }

    @Test func weeklyWindowStartsOnMonday() {
        // 26 November 2026 is a Thursday.
        #expect(CivilTime(utc(2026, 11, 26)).weekdayFromMonday == 3)
        #expect(Self.window(.weekly, utc(2026, 11, 26, 12)) == (utc(2026, 11, 23), utc(2026, 11, 30)))
        // Sunday night is the same week; Monday 00:00 a new one.
        #expect(Self.window(.weekly, utc(2026, 11, 29, 23, 59)) == (utc(2026, 11, 23), utc(2026, 11, 30)))
        #expect(Self.window(.weekly, utc(2026, 11, 30)) == (utc(2026, 11, 30), utc(2026, 12, 7)))
        // Monday before a 10:00 reset is still last week.
        #expect(Self.window(.weekly, utc(2026, 11, 30, 9), reset: 600) == (utc(2026, 11, 23, 10), utc(2026, 11, 30, 10)))
        // Across the year end: 1 January 2027 is a Friday.
        #expect(Self.window(.weekly, utc(2027, 1, 1, 12)) == (utc(2026, 12, 28), utc(2027, 1, 4)))
    }

    /// 2000 random instants between 1970 and 2100, random reset minutes (0..<1440) and
    /// offsets (−12:00…+14:00), seed 7.
    @Test func windowsHoldTheirInstantAndTileTheTimeline() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let now = Instant(seconds: Int64(rng.int(0...4_102_444_800))) + .nanoseconds(Int64(rng.int(0...999_999_999)))
            let config = budget(reset: rng.int(0...1439), offset: rng.int(-720...840))
            let shift = Span.minutes(Int64(config.utcOffsetMinutes))
            for period in BudgetPeriod.allCases {
                let window = BudgetWindow.containing(now, period: period, config: config)
                #expect(window.contains(now))
                // The next window starts where this one ends.
                #expect(BudgetWindow.start(of: period, at: window.end, config: config) == window.end)
                let local = CivilTime(window.start + shift)
                #expect(local.hour * 60 + local.minute == config.resetMinuteOfDay && local.second == 0)
                switch period {
                case .daily: #expect(window.end - window.start == .days(1))
                case .weekly:
                    #expect(window.end - window.start == .days(7))
                    #expect(local.weekdayFromMonday == 0)
                case .monthly:
                    #expect(local.day == 1)
                    #expect(window.end - window.start == .days(Int64(CivilTime.daysInMonth(year: local.year, month: local.month))))
                }
            }
        }
    }

    @Test func outOfRangeSettingsAreClampedNotTrapped() {
        let config = budget(reset: 99_999, offset: -99_999)
        let window = BudgetWindow.containing(utc(2026, 11, 26), period: .daily, config: config)
        #expect(window.contains(utc(2026, 11, 26)))
        #expect(window.end - window.start == .days(1))
    }

    @Test func extremeInstantsDoNotTrap() {
        for now in [Instant.distantPast, .distantFuture, .epoch] {
            for period in BudgetPeriod.allCases {
                let window = BudgetWindow.containing(now, period: period, config: budget(reset: 1439, offset: 840))
                #expect(window.start <= window.end)
            }
        }
    }
}
