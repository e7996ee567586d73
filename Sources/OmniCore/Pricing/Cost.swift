/// What a request cost in US dollars, from its usage (IR convention, docs/translation.md
/// "Usage") and the model's prices (per 1 M tokens, `ModelPrice`).
///
/// The IR's `input` counts every prompt token, cache reads (`cachedInput`) and cache
/// writes (`cacheWrites`) included, so the tokens billed at the plain input price are
/// `input − cachedInput − cacheWrites`. Output includes reasoning, billed at the output price.
public enum Cost {
    /// Cache writes cost the input price times this. Anthropic is the only format that
    /// reports cache writes (`cache_creation_input_tokens`), and it bills them at 1.25 × the
    /// base input price for the default 5-minute cache (2 × for the 1-hour cache, which the
    /// usage block does not tell apart; the 5-minute cache is what clients get unless they
    /// ask). OpenAI and Gemini report no writes, so for them this never applies.
    public static let cacheWriteMultiplier = 1.25

    /// The cost of `usage` at `price`, in US dollars. Never traps and never negative: token
    /// counts below zero count as zero, a cache count larger than the input (an upstream
    /// that reports them inconsistently) bills the cache counts and nothing at the plain
    /// input price, and a price that is negative or not finite counts as zero. The sum is
    /// in floating point, so even `Int.max` tokens give a finite number.
    public static func of(usage: IRUsage, price: ModelPrice) -> Double {
        breakdown(usage: usage, price: price).total
    }

    /// The same cost, split by what was billed (for usage rows and reports).
    public static func breakdown(usage: IRUsage, price: ModelPrice) -> CostBreakdown {
        let input = tokens(usage.input)
        let cached = tokens(usage.cachedInput ?? 0)
        let writes = tokens(usage.cacheWrites ?? 0)
        let output = tokens(usage.output)
        let uncached = max(0, input - cached - writes)
        let inputPrice = perToken(price.input)
        return CostBreakdown(
            input: uncached * inputPrice,
            cachedInput: cached * perToken(price.cachedInput ?? price.input),
            cacheWrites: writes * inputPrice * cacheWriteMultiplier,
            output: output * perToken(price.output))
    }

    private static func tokens(_ count: Int) -> Double { count > 0 ? Double(count) : 0 }

    private static func perToken(_ perMillion: Double) -> Double {
        perMillion.isFinite && perMillion > 0 ? perMillion / 1_000_000 : 0
    }
}

/// A request's cost in US dollars by what was billed.
public struct CostBreakdown: Sendable, Equatable, Codable {
    /// Prompt tokens at the plain input price (neither read from nor written to a cache).
    public var input: Double
    /// Cache reads at the cached-input price.
    public var cachedInput: Double
    /// Cache writes at `Cost.cacheWriteMultiplier` × the input price.
    public var cacheWrites: Double
    /// Output tokens, reasoning included.
    public var output: Double

    public init(input: Double, cachedInput: Double, cacheWrites: Double, output: Double) {
        (self.input, self.cachedInput, self.cacheWrites, self.output) = (input, cachedInput, cacheWrites, output)
    }

    public var total: Double { input + cachedInput + cacheWrites + output }
}

extension ModelPrice {
    /// One number per model for ranking by cost (the cost-optimized strategies): US dollars per
    /// 1 M tokens at the common 3:1 input:output blend, `(3 × input + output) / 4` (the ratio
    /// price comparison sites such as Artificial Analysis use for chat traffic, where prompts
    /// outweigh completions). Cache discounts are left out: whether a request hits a cache
    /// is not known when models are ranked.
    public var blendedPerMillion: Double { (3 * input + output) / 4 }
}
