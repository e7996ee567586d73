import Testing
@testable import OmniCore

/// Durations as config and scenario files write them.
@Suite struct SpanParsingTests {
    @Test(arguments: [
        ("250ms", 250_000_000), ("1.5s", 1_500_000_000), ("2m", 120_000_000_000), ("10us", 10_000), ("7ns", 7),
        ("1d", 86_400_000_000_000), (" 3h ", 10_800_000_000_000),
        ("1m25s", 85_000_000_000), ("1h30m", 5_400_000_000_000), ("2m0.5s", 120_500_000_000), ("1s250ms", 1_250_000_000),
    ] as [(String, Int64)])
    func aDurationReadsAsItsNanoseconds(text: String, nanoseconds: Int64) {
        #expect(Span(parsing: text)?.nanoseconds == nanoseconds)
    }

    @Test(arguments: ["", "5", "s", "5 s", "5x", "1s1m", "1m1m", "-5s", "1e3s", "1.2.3s", "99999999999d"])
    func notADuration(text: String) {
        #expect(Span(parsing: text) == nil)
    }
}
