import OmniCore
import Testing

@Suite("Pricing: cost")
struct CostTests {
    /// Claude Sonnet-like prices: $3 in, $0.30 cache reads, $15 out per 1 M tokens.
    static let sonnet = ModelPrice(input: 3, cachedInput: 0.3, output: 15)

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }

    @Test func plainInputAndOutputAreBilledPerMillion() {
        let cost = Cost.of(usage: IRUsage(input: 1000, output: 500), price: Self.sonnet)
        #expect(Self.close(cost, 0.003 + 0.0075))
    }

    @Test func cacheReadsAndWritesAreBilledAtTheirOwnRates() {
        // 1000 prompt tokens: 400 read from the cache, 100 written to it, 500 plain.
        let usage = IRUsage(input: 1000, output: 500, cachedInput: 400, cacheWrites: 100)
        let parts = Cost.breakdown(usage: usage, price: Self.sonnet)
        #expect(Self.close(parts.input, 500 * 3 / 1e6))
        #expect(Self.close(parts.cachedInput, 400 * 0.3 / 1e6))
        #expect(Self.close(parts.cacheWrites, 100 * 3 * 1.25 / 1e6))
        #expect(Self.close(parts.output, 500 * 15 / 1e6))
        #expect(Self.close(Cost.of(usage: usage, price: Self.sonnet), 0.0015 + 0.00012 + 0.000375 + 0.0075))
    }

    @Test func cacheReadsCostTheInputPriceWhenTheModelHasNoCachedPrice() {
        let price = ModelPrice(input: 2, output: 8)
        let withCache = Cost.of(usage: IRUsage(input: 1000, output: 0, cachedInput: 600), price: price)
        let without = Cost.of(usage: IRUsage(input: 1000, output: 0), price: price)
        #expect(Self.close(withCache, 0.002))
        #expect(withCache == without)
    }

    @Test func reasoningIsPartOfOutputAndNotBilledTwice() {
        let usage = IRUsage(input: 0, output: 1000, reasoning: 800)
        #expect(Self.close(Cost.of(usage: usage, price: Self.sonnet), 0.015))
    }

    @Test func negativeCountsCountAsZero() {
        let usage = IRUsage(input: -5, output: -1, cachedInput: -3, cacheWrites: -7)
        #expect(Cost.of(usage: usage, price: Self.sonnet) == 0)
    }

    @Test func cacheCountsLargerThanTheInputBillOnlyTheCacheCounts() {
        // An upstream that reports more cached tokens than prompt tokens: no negative plain input.
        let parts = Cost.breakdown(usage: IRUsage(input: 100, output: 0, cachedInput: 300), price: Self.sonnet)
        #expect(parts.input == 0)
        #expect(Self.close(parts.cachedInput, 300 * 0.3 / 1e6))
    }

    @Test func hugeCountsGiveAFiniteCost() {
        let usage = IRUsage(input: .max, output: .max, cachedInput: .max, cacheWrites: .max)
        let cost = Cost.of(usage: usage, price: Self.sonnet)
        #expect(cost.isFinite)
        #expect(cost > 0)
    }

    @Test func negativeOrNonFinitePricesCountAsZero() {
        let price = ModelPrice(input: -3, cachedInput: .nan, output: .infinity)
        #expect(Cost.of(usage: IRUsage(input: 1000, output: 1000, cachedInput: 10), price: price) == 0)
    }

    @Test func blendedPriceWeighsInputThreeToOne() {
        #expect(Self.sonnet.blendedPerMillion == 6)
        #expect(Self.close(ModelPrice(input: 0.15, output: 0.6).blendedPerMillion, 0.2625))
    }

    @Test(arguments: [
        (0.0, "$0.00"), (50, "$50.00"), (50.125, "$50.13"), (1234.5, "$1,234.50"), (1_000_000, "$1,000,000.00"),
        (-3, "-$3.00"), (0.004, "$0.00"), (999.999, "$1,000.00"),
    ])
    func dollarsAreWrittenToTheCent(_ amount: Double, _ text: String) {
        #expect(Dollars.format(amount) == text)
    }
}
