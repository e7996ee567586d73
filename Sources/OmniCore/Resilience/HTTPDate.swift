/// HTTP dates (RFC 9110 §5.6.7), read by hand: the preferred IMF-fixdate and the two
/// obsolete forms a recipient must still accept.
///
///     Sun, 06 Nov 1994 08:49:37 GMT    IMF-fixdate
///     Sunday, 06-Nov-94 08:49:37 GMT   obsolete RFC 850 form (two-digit year)
///     Sun Nov  6 08:49:37 1994         ANSI C asctime() form (always UTC)
///
/// A little more lenient than the grammar, as the RFC asks of recipients: month and day
/// names in any case, runs of spaces, and the weekday is not checked against the date
/// (§5.6.7 lets a recipient ignore it). Anything else — a time zone other than GMT, a
/// month 13, 25 o'clock — is not a date, and nil.
public enum HTTPDate {
    /// The instant `text` names, or nil when it is not an HTTP date. `now` is needed only
    /// for the RFC 850 form's two-digit year.
    public static func parse(_ text: String, now: Instant) -> Instant? {
        var s = HeaderScanner(text)
        let dayName = s.word()
        guard isDayName(dayName) else { return nil }
        if s.take(UInt8(ascii: ",")) {
            s.skipSpaces()
            // IMF-fixdate: short day name, "06 Nov 1994"; RFC 850: long day name, "06-Nov-94".
            // 2DIGIT in the grammar; a single digit is taken too (recipients are lenient).
            guard let day = s.digits(2) ?? s.digits(1) else { return nil }
            if s.take(UInt8(ascii: "-")) {
                guard let month = monthNumber(s.word()), s.take(UInt8(ascii: "-")),
                      let yy = s.digits(2) else { return nil }
                guard let time = timeOfDay(&s), gmt(&s) else { return nil }
                return civil(year: fullYear(twoDigit: yy, now: now), month: month, day: day, time)
            }
            s.skipSpaces()
            guard let month = monthNumber(s.word()) else { return nil }
            s.skipSpaces()
            guard let year = s.digits(4) else { return nil }
            guard let time = timeOfDay(&s), gmt(&s) else { return nil }
            return civil(year: year, month: month, day: day, time)
        }
        // asctime: "Sun Nov  6 08:49:37 1994", the day padded with a space, not a zero.
        s.skipSpaces()
        guard let month = monthNumber(s.word()) else { return nil }
        s.skipSpaces()
        guard let day = s.digits(2) ?? s.digits(1) else { return nil }
        guard let time = timeOfDay(&s) else { return nil }
        s.skipSpaces()
        guard let year = s.digits(4), s.atEnd else { return nil }
        return civil(year: year, month: month, day: day, time)
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`: what the gateway itself writes into `Retry-After`
    /// and `Date` when it answers with a date.
    public static func format(_ instant: Instant) -> String {
        let c = CivilTime(instant)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var year = String(c.year)
        while year.count < 4 { year = "0" + year }
        let day = shortDays[c.weekdayFromMonday], month = months[c.month - 1]
        return "\(day), \(two(c.day)) \(month) \(year) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) GMT"
    }

    // MARK: - Pieces

    private static let shortDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let longDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func lowercased(_ bytes: [UInt8]) -> String { String(decoding: bytes.map { $0 | 0x20 }, as: UTF8.self) }

    /// `Sun` or `Sunday` (either is taken in either form: the comma decides the form).
    private static func isDayName(_ bytes: [UInt8]) -> Bool {
        let name = lowercased(bytes)
        return shortDays.contains { $0.lowercased() == name } || longDays.contains(name)
    }

    private static func monthNumber(_ bytes: [UInt8]) -> Int? {
        let name = lowercased(bytes)
        return months.firstIndex(where: { $0.lowercased() == name }).map { $0 + 1 }
    }

    /// " 08:49:37" (the leading spaces included).
    private static func timeOfDay(_ s: inout HeaderScanner) -> (hour: Int, minute: Int, second: Int)? {
        guard s.peek == 0x20 else { return nil }
        s.skipSpaces()
        guard let h = s.digits(2), s.take(UInt8(ascii: ":")), let m = s.digits(2), s.take(UInt8(ascii: ":")),
              let sec = s.digits(2) else { return nil }
        // 60 is a leap second (RFC 9110 allows it); it rolls over into the next minute.
        guard h <= 23, m <= 59, sec <= 60 else { return nil }
        return (h, m, sec)
    }

    /// " GMT" and nothing after it.
    private static func gmt(_ s: inout HeaderScanner) -> Bool {
        guard s.peek == 0x20 else { return false }
        s.skipSpaces()
        return s.word().map { $0 | 0x20 } == Array("gmt".utf8) && s.atEnd
    }

    private static func civil(year: Int, month: Int, day: Int, _ time: (hour: Int, minute: Int, second: Int)) -> Instant? {
        guard day >= 1, day <= CivilTime.daysInMonth(year: year, month: month) else { return nil }
        return CivilTime(year: year, month: month, day: day, hour: time.hour, minute: time.minute, second: time.second).instant
    }

    /// RFC 9110 §5.6.7: a two-digit year that would put the date more than 50 years in the
    /// future means the most recent past year with those last two digits. Read the same way
    /// backwards, the year lands in (now − 50, now + 50].
    static func fullYear(twoDigit yy: Int, now: Instant) -> Int {
        let thisYear = CivilTime(now).year
        var year = thisYear - thisYear.floorMod(100) + yy
        if year > thisYear + 50 { year -= 100 }
        // Also the other way: "02" read in 2098 is 2102 at most 50 years ahead, not 2002.
        if year <= thisYear - 50 { year += 100 }
        return year
    }
}
