import OmniCore

/// One simulated provider or account: decides each request's outcome from its `MockSpec`,
/// the time, and its own seeded random source. Faults first (they model the world), then the
/// rate limit (it counts only requests it let through), then the error rates, else an answer.
public struct SimulatedProvider: Sendable {
    public let spec: MockSpec
    private var random: RandomSource
    /// Start times of the requests let through in the last 60 s, oldest first.
    private var window: [Span] = []
    private var windowStart = 0

    /// The error rates sorted by status, so the outcome of a draw does not depend on
    /// dictionary order (sorted once: per request it was an array and a sort).
    private let errorRates: [(status: Int, rate: Double)]

    public init(spec: MockSpec, random: RandomSource) {
        self.spec = spec
        self.random = random
        errorRates = spec.errorRates.sorted { $0.key < $1.key }.map { (status: $0.key, rate: $0.value) }
    }

    /// `outputTokens`: the answer's length when the traffic fixes it (a replayed request).
    public mutating func outcome(at offset: Span, model: String = "", outputTokens fixedTokens: Int? = nil) -> MockOutcome {
        if let window = spec.faults.first(where: { $0.covers(offset, model: model) }) {
            return faulted(window.fault)
        }
        if let limit = spec.rateLimit {
            while windowStart < window.count, window[windowStart].nanoseconds <= offset.nanoseconds - 60_000_000_000 { windowStart += 1 }
            if windowStart > 1024 { window.removeFirst(windowStart); windowStart = 0 }
            if window.count - windowStart >= limit.requestsPerMinute {
                let reopens = Span(nanoseconds: window[windowStart].nanoseconds + 60_000_000_000 - offset.nanoseconds)
                return .status(429, retryAfter: limit.retryAfter ?? reopens, after: firstByte() / 4)
            }
            window.append(offset)
        }
        if !errorRates.isEmpty {
            var draw = random.unit()
            for (status, rate) in errorRates {
                if draw < rate { return .status(status, retryAfter: nil, after: firstByte() / 4) }
                draw -= rate
            }
        }
        let first = firstByte(), tokens = fixedTokens ?? outputTokens()
        return .answer(firstByte: first, duration: first + generation(tokens), outputTokens: tokens)
    }

    private mutating func faulted(_ fault: Fault) -> MockOutcome {
        switch fault {
        case .status(let status, let code, let retryAfter): return .status(status, retryAfter: retryAfter, after: firstByte() / 4, code: code)
        case .hangBeforeHeaders: return .hangBeforeHeaders
        case .hangMidStream: return .hangMidStream(firstByte: firstByte(), outputTokens: outputTokens() / 2)
        case .cutStream:
            let first = firstByte(), tokens = outputTokens() / 2
            return .cutStream(firstByte: first, duration: first + generation(tokens), outputTokens: tokens)
        case .malformedBody: return .malformedBody(firstByte: firstByte())
        case .htmlError: return .htmlError(firstByte: firstByte())
        case .refused: return .refused
        }
    }

    private mutating func firstByte() -> Span { spec.firstByte.sample(&random) }

    private mutating func outputTokens() -> Int {
        let range = spec.outputTokens
        return range.lowerBound + Int(random.unit() * Double(range.count))
    }

    private func generation(_ tokens: Int) -> Span {
        guard spec.tokensPerSecond > 0 else { return .nanoseconds(0) }
        return Span(nanoseconds: Int64((Double(tokens) / spec.tokensPerSecond * 1e9).rounded()))
    }
}

extension Span {
    static func / (span: Span, divisor: Int64) -> Span { Span(nanoseconds: span.nanoseconds / divisor) }
}
