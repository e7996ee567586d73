/// When an upstream that refused a request says it may be asked again, read from its
/// response headers. In order of precedence:
///
/// 1. `retry-after-ms`: milliseconds, fractions allowed (OpenAI's and Azure's own header,
///    which the official SDKs read first because it is more precise).
/// 2. `retry-after`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Fractional seconds
///    are taken too, as the OpenAI SDKs do.
/// 3. The vendors' rate-limit reset headers, the latest relevant one (see `latestReset`):
///    - `x-ratelimit-reset-requests`, `x-ratelimit-reset-tokens` (OpenAI, Groq): Go
///      durations, `1s`, `6m0s`, `20ms`, `1h2m3.5s`;
///    - `x-ratelimit-reset` (GitHub style, OpenRouter, many OpenAI-compatibles): epoch
///      seconds, epoch milliseconds, or delta seconds, told apart by size;
///    - `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-reset`: RFC 3339.
///
/// A header that cannot be read is skipped, never guessed at: the next one in the order
/// decides. A time in the past means "now".
public enum RetryAfter {
    public static func until(headers: HeaderFields, now: Instant) -> Instant? {
        let said = headers["retry-after-ms"].flatMap { milliseconds($0).map { now + $0 } }
            ?? headers["retry-after"].flatMap { instant(retryAfter: $0, now: now) }
            ?? latestReset(headers: headers, now: now)
        return said.map { Swift.max($0, now) }
    }

    /// `retry-after-ms`: a non-negative decimal number of milliseconds.
    public static func milliseconds(_ text: String) -> Span? {
        var s = HeaderScanner(text)
        guard let value = s.decimal(), s.atEnd else { return nil }
        return Span.scaled(value, unitNanoseconds: 1_000_000)
    }

    /// `retry-after`: delta-seconds, or an HTTP date in any of its three forms.
    public static func instant(retryAfter text: String, now: Instant) -> Instant? {
        var s = HeaderScanner(text)
        if let value = s.decimal(), s.atEnd { return now + Span.scaled(value, unitNanoseconds: 1_000_000_000) }
        return HTTPDate.parse(text, now: now)
    }

    /// A reset header and the `remaining` header that says whether its limit is the one hit.
    public struct ResetHeader: Sendable {
        public var reset: String
        public var remaining: String
    }

    public static let resetHeaders: [ResetHeader] = [
        ResetHeader(reset: "x-ratelimit-reset-requests", remaining: "x-ratelimit-remaining-requests"),
        ResetHeader(reset: "x-ratelimit-reset-tokens", remaining: "x-ratelimit-remaining-tokens"),
        ResetHeader(reset: "x-ratelimit-reset", remaining: "x-ratelimit-remaining"),
        ResetHeader(reset: "anthropic-ratelimit-requests-reset", remaining: "anthropic-ratelimit-requests-remaining"),
        ResetHeader(reset: "anthropic-ratelimit-tokens-reset", remaining: "anthropic-ratelimit-tokens-remaining"),
        ResetHeader(reset: "anthropic-ratelimit-input-tokens-reset", remaining: "anthropic-ratelimit-input-tokens-remaining"),
        ResetHeader(reset: "anthropic-ratelimit-output-tokens-reset", remaining: "anthropic-ratelimit-output-tokens-remaining"),
    ]

    /// The latest reset among the limits that are exhausted (their `remaining` header says
    /// 0), or, when none says so, the latest of all. Vendors send every limit's reset on
    /// every response, and the reset of a limit with room left says nothing about when the
    /// refused request may go; but a request can also be refused for needing more tokens
    /// than remain, so with no limit at 0 the latest is the safe answer (retrying too early
    /// costs another 429, waiting a bit longer on one account costs nothing: others serve).
    public static func latestReset(headers: HeaderFields, now: Instant) -> Instant? {
        var latestExhausted: Instant?
        var latestAny: Instant?
        for family in resetHeaders {
            guard let value = headers[family.reset], let at = resetInstant(value, now: now) else { continue }
            latestAny = Swift.max(latestAny ?? at, at)
            if let remaining = headers[family.remaining].flatMap(integer), remaining <= 0 {
                latestExhausted = Swift.max(latestExhausted ?? at, at)
            }
        }
        return latestExhausted ?? latestAny
    }

    /// One reset header's value, in whichever of the vendors' forms it comes: an RFC 3339
    /// timestamp, a number (see below) or a Go duration. One tolerant reader for all of them,
    /// because OpenAI-compatible servers copy the names but not always the formats.
    ///
    /// A bare number is a point in time when it is too large to be a wait: from 10^12 on,
    /// epoch milliseconds; from 10^9 on (2001, or a wait of 31 years), epoch seconds; below,
    /// seconds to wait.
    public static func resetInstant(_ text: String, now: Instant) -> Instant? {
        if let at = RFC3339.parse(text) { return at }
        var s = HeaderScanner(text)
        if let value = s.decimal(), s.atEnd {
            if value.whole >= 1_000_000_000_000 { return Instant.epoch + Span.scaled(value, unitNanoseconds: 1_000_000) }
            if value.whole >= 1_000_000_000 { return Instant.epoch + Span.scaled(value, unitNanoseconds: 1_000_000_000) }
            return now + Span.scaled(value, unitNanoseconds: 1_000_000_000)
        }
        return GoDuration.parse(text).map { now + $0 }
    }

    private static func integer(_ text: String) -> Int64? {
        var s = HeaderScanner(text)
        let negative = s.take(UInt8(ascii: "-"))
        guard let n = s.number(), s.atEnd else { return nil }
        return negative ? -n : n
    }
}
