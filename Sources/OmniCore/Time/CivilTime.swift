/// A UTC calendar date and time of day, computed from an `Instant` by arithmetic (the
/// proleptic Gregorian calendar, days since 1970 ↔ year/month/day as in Howard Hinnant's
/// `chrono` date algorithms). Pure: no `Calendar`, no time zone database. Budget windows
/// and HTTP dates need nothing more; a fixed UTC offset is applied by the caller.
public struct CivilTime: Hashable, Sendable {
    public var year: Int
    /// 1...12
    public var month: Int
    /// 1...31
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Nanoseconds within the second.
    public var nanosecond: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, nanosecond: Int = 0) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.nanosecond) = (hour, minute, second, nanosecond)
    }

    public init(_ instant: Instant) {
        let ns = instant.nanoseconds
        var days = ns / 86_400_000_000_000
        var rest = ns % 86_400_000_000_000
        if rest < 0 { rest += 86_400_000_000_000; days -= 1 }
        (year, month, day) = CivilTime.civil(fromDays: Int(days))
        let seconds = Int(rest / 1_000_000_000)
        hour = seconds / 3600
        minute = seconds / 60 % 60
        second = seconds % 60
        nanosecond = Int(rest % 1_000_000_000)
    }

    /// The instant this UTC date and time names. Fields out of range roll over
    /// (day 32 of January is February 1st), which the budget window arithmetic relies on.
    public var instant: Instant {
        var y = year, m = month
        // Normalise the month first so that month 13 or 0 roll into the neighbouring year.
        y += (m - 1).floorDiv(12)
        m = (m - 1).floorMod(12) + 1
        let days = Int64(CivilTime.days(fromCivil: y, m, 1) + day - 1)
        let seconds = days * 86_400 + Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second)
        return Instant(nanoseconds: seconds.saturatingMultiply(1_000_000_000).saturatingAdd(Int64(nanosecond)))
    }

    /// 0 = Monday … 6 = Sunday (ISO 8601).
    public var weekdayFromMonday: Int {
        let days = CivilTime.days(fromCivil: year, month, day)
        // 1970-01-01 was a Thursday (3 counting from Monday = 0).
        return (days + 3).floorMod(7)
    }

    public static func isLeapYear(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2026-11-26T09:30:00Z` (fractions when there are any).
    public var iso8601: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var year = String(self.year)
        while year.count < 4 { year = "0" + year }
        var text = "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))"
        if nanosecond != 0 {
            var fraction = String(nanosecond)
            while fraction.count < 9 { fraction = "0" + fraction }
            while fraction.last == "0" { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDiv(400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = z.floorDiv(146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int {
    @inline(__always) func floorDiv(_ d: Int) -> Int { let q = self / d; return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q }
    @inline(__always) func floorMod(_ d: Int) -> Int { let r = self % d; return r != 0 && (r < 0) != (d < 0) ? r + d : r }
}
