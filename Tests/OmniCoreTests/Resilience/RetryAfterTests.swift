import OmniCore
import Testing

private let now = CivilTime(year: 2026, month: 11, day: 26, hour: 9).instant
private func utc(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0, ns: Int = 0) -> Instant {
    CivilTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s, nanosecond: ns).instant
}

@Suite("RetryAfter")
struct RetryAfterTests {
    @Test("Retry-After in delta-seconds, whole or fractional")
    func deltaSeconds() {
        #expect(RetryAfter.until(headers: ["Retry-After": "120"], now: now) == now + .seconds(120))
        #expect(RetryAfter.until(headers: ["retry-after": " 0 "], now: now) == now)
        #expect(RetryAfter.until(headers: ["retry-after": "1.5"], now: now) == now + .milliseconds(1500))
    }

    @Test("retry-after-ms comes first; garbage in it falls through to retry-after")
    func milliseconds() {
        #expect(RetryAfter.until(headers: ["retry-after-ms": "250", "retry-after": "1"], now: now) == now + .milliseconds(250))
        #expect(RetryAfter.until(headers: ["retry-after-ms": "12.5"], now: now) == now + .microseconds(12_500))
        #expect(RetryAfter.until(headers: ["retry-after-ms": "soon", "retry-after": "3"], now: now) == now + .seconds(3))
    }

    @Test("Retry-After as an IMF-fixdate", arguments: [
        ("Sun, 06 Nov 1994 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37)),
        ("Thu, 26 Nov 2026 09:00:30 GMT", utc(2026, 11, 26, 9, 0, 30)),
        ("fri, 31 dec 1999 23:59:59 gmt", utc(1999, 12, 31, 23, 59, 59)),
        ("Sat, 29 Feb 2028 12:00:00 GMT", utc(2028, 2, 29, 12)),
        ("Wed, 31 Dec 2025 23:59:60 GMT", utc(2026, 1, 1)),  // a leap second rolls over
        ("Sun, 6 Nov 1994 08:49:37 GMT", utc(1994, 11, 6, 8, 49, 37)),  // a one-digit day, leniently
    ])
    func imfFixdate(text: String, expected: Instant) {
        #expect(HTTPDate.parse(text, now: now) == expected)
    }

    @Test("Retry-After in the obsolete RFC 850 form; two-digit years within 50 years of now")
    func rfc850() {
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == utc(1994, 11, 6, 8, 49, 37))
        #expect(HTTPDate.parse("Thursday, 26-Nov-26 09:01:00 GMT", now: now) == utc(2026, 11, 26, 9, 1))
        // 2076 is not more than 50 years ahead of 2026; 2077 is, so it is 1977.
        #expect(HTTPDate.parse("Friday, 01-Jan-76 00:00:00 GMT", now: now) == utc(2076, 1, 1))
        #expect(HTTPDate.parse("Saturday, 01-Jan-77 00:00:00 GMT", now: now) == utc(1977, 1, 1))
    }

    @Test("Retry-After in the asctime form")
    func asctime() {
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994", now: now) == utc(1994, 11, 6, 8, 49, 37))
        #expect(HTTPDate.parse("Thu Nov 26 09:00:05 2026", now: now) == utc(2026, 11, 26, 9, 0, 5))
        #expect(RetryAfter.until(headers: ["Retry-After": "Thu Nov 26 09:00:05 2026"], now: now) == now + .seconds(5))
    }

    @Test("a date in the past means now")
    func pastDate() {
        #expect(RetryAfter.until(headers: ["Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"], now: now) == now)
        #expect(RetryAfter.until(headers: ["anthropic-ratelimit-requests-reset": "2020-01-01T00:00:00Z"], now: now) == now)
    }

    @Test("garbage is ignored, never guessed at", arguments: [
        "", "soon", "-5", "5s", "1e3", "0x10",
        "Sun, 06 Nov 1994 08:49:37 PST",  // only GMT
        "Sun, 31 Feb 1994 08:49:37 GMT",  // no such day
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:49 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Someday, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT trailing",
        "Sun Nov  6 08:49:37 94",
        "2026-11-26T09:00:00Z",  // not an HTTP date
    ])
    func garbage(text: String) {
        #expect(RetryAfter.until(headers: ["Retry-After": text], now: now) == nil)
    }

    @Test("the gateway's own HTTP dates read back")
    func formatRoundTrip() {
        #expect(HTTPDate.format(utc(1994, 11, 6, 8, 49, 37)) == "Sun, 06 Nov 1994 08:49:37 GMT")
        var random = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let instant = Instant(seconds: Int64(random.int(0...4_102_444_800)))
            #expect(HTTPDate.parse(HTTPDate.format(instant), now: now) == instant)
        }
    }

    @Test("OpenAI and Groq reset durations", arguments: [
        ("1s", Span.seconds(1)), ("6m0s", .minutes(6)), ("20ms", .milliseconds(20)),
        ("1h2m3.5s", .hours(1) + .minutes(2) + .milliseconds(3500)), ("2m59.56s", .seconds(179) + .milliseconds(560)),
        ("7.66s", .milliseconds(7660)), ("0", .zero), ("0s", .zero), ("500us", .microseconds(500)), ("1µs", .microseconds(1)),
        ("250ns", .nanoseconds(250)), ("12", .seconds(12)), ("0.001s", .milliseconds(1)),
    ])
    func goDurations(text: String, expected: Span) {
        #expect(GoDuration.parse(text) == expected)
    }

    @Test("not durations", arguments: ["", "s", "-1s", "1x", "1s2", "1 s", "1.2.3s", "ms"])
    func notGoDurations(text: String) {
        #expect(GoDuration.parse(text) == nil)
    }

    @Test("Anthropic RFC 3339 reset timestamps")
    func rfc3339() {
        #expect(RFC3339.parse("2025-08-21T12:40:59Z") == utc(2025, 8, 21, 12, 40, 59))
        #expect(RFC3339.parse("2025-08-21T12:40:59.25Z") == utc(2025, 8, 21, 12, 40, 59, ns: 250_000_000))
        #expect(RFC3339.parse("2025-08-21T14:40:59+02:00") == utc(2025, 8, 21, 12, 40, 59))
        #expect(RFC3339.parse("2025-08-21T07:10:59-05:30") == utc(2025, 8, 21, 12, 40, 59))
        #expect(RFC3339.parse("2025-08-21t12:40:59z") == utc(2025, 8, 21, 12, 40, 59))
        for bad in ["2025-08-21", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z", "2025-08-21T12:40:59", "2025-08-21T12:40Z", "yesterday"] {
            #expect(RFC3339.parse(bad) == nil, "\(bad)")
        }
        let headers: HeaderFields = ["anthropic-ratelimit-requests-reset": "2026-11-26T09:00:20Z",
                                     "anthropic-ratelimit-tokens-reset": "2026-11-26T09:00:45Z",
                                     "anthropic-ratelimit-input-tokens-reset": "2026-11-26T09:00:30Z",
                                     "anthropic-ratelimit-output-tokens-reset": "2026-11-26T09:00:10Z"]
        #expect(RetryAfter.until(headers: headers, now: now) == now + .seconds(45))
    }

    @Test("of several reset headers, the latest; of exhausted limits only, when one says 0 remain")
    func latestRelevantReset() {
        var headers: HeaderFields = ["x-ratelimit-reset-requests": "1s", "x-ratelimit-reset-tokens": "6m0s"]
        #expect(RetryAfter.until(headers: headers, now: now) == now + .minutes(6))
        headers.append("x-ratelimit-remaining-requests", "0")
        headers.append("x-ratelimit-remaining-tokens", "149000")
        #expect(RetryAfter.until(headers: headers, now: now) == now + .seconds(1))

        let anthropic: HeaderFields = ["anthropic-ratelimit-requests-reset": "2026-11-26T09:00:20Z",
                                       "anthropic-ratelimit-requests-remaining": "12",
                                       "anthropic-ratelimit-output-tokens-reset": "2026-11-26T09:00:40Z",
                                       "anthropic-ratelimit-output-tokens-remaining": "0",
                                       "anthropic-ratelimit-tokens-reset": "2026-11-26T09:00:50Z",
                                       "anthropic-ratelimit-tokens-remaining": "800"]
        #expect(RetryAfter.until(headers: anthropic, now: now) == now + .seconds(40))
    }

    @Test("x-ratelimit-reset: epoch seconds or milliseconds when large, else seconds to wait")
    func epochOrDelta() {
        let epoch = now + .seconds(90)
        #expect(RetryAfter.until(headers: ["x-ratelimit-reset": "\(epoch.secondsSinceEpoch)"], now: now) == epoch)
        #expect(RetryAfter.until(headers: ["x-ratelimit-reset": "\(epoch.nanoseconds / 1_000_000)"], now: now) == epoch)
        #expect(RetryAfter.until(headers: ["x-ratelimit-reset": "30"], now: now) == now + .seconds(30))
        #expect(RetryAfter.until(headers: ["x-ratelimit-reset": "later"], now: now) == nil)
    }

    @Test("Retry-After outranks the reset headers; nothing readable means nil")
    func precedence() {
        let headers: HeaderFields = ["x-ratelimit-reset-requests": "5m", "retry-after": "2"]
        #expect(RetryAfter.until(headers: headers, now: now) == now + .seconds(2))
        #expect(RetryAfter.until(headers: ["retry-after": "junk", "x-ratelimit-reset-tokens": "3s"], now: now) == now + .seconds(3))
        #expect(RetryAfter.until(headers: ["content-type": "application/json"], now: now) == nil)
    }
}

extension Span {
    fileprivate static func microseconds(_ n: Int64) -> Span { .nanoseconds(n * 1000) }
}
