import OmniConfig
import OmniCore
import Yams

/// `mocks:`: how each provider (or one account of it) behaves, keyed by the provider's id or
/// the account's id (`openai`, `openai-2`).
struct MockReader {
    let reader: NodeReader
    let table: RoutingTable

    static let keys = ["firstByte", "outputTokens", "tokensPerSecond", "errors", "rateLimit", "faults"]

    func read(_ located: Located) throws -> [String: MockSpec] {
        let names = table.providers.map(\.id) + table.accounts.map(\.id)
        var mocks: [String: MockSpec] = [:]
        for (name, keyAt, value) in try reader.entries(located, what: "a mapping from provider or account ids to their behaviour") {
            guard names.contains(name) else {
                var message = "\(Node.quoted(name)) is neither a provider nor an account of the gateway (known: \(names.joined(separator: ", ")))"
                if let near = KeySuggestion.closest(to: name, in: names) { message += "; did you mean \"\(near)\"?" }
                throw reader.error(at: keyAt, message)
            }
            mocks[name] = try mock(value)
        }
        return mocks
    }

    private func mock(_ located: Located) throws -> MockSpec {
        let fields = try reader.fields(located, allowed: Self.keys)
        var spec = MockSpec()
        if let firstByte = fields["firstByte"] { spec.firstByte = try distribution(firstByte) }
        if let tokens = fields["outputTokens"] { spec.outputTokens = try range(tokens, what: "output tokens") }
        if let speed = fields["tokensPerSecond"] {
            spec.tokensPerSecond = try reader.number(speed)
            guard spec.tokensPerSecond > 0 else { throw reader.expected("a number above 0", at: speed) }
        }
        if let errors = fields["errors"] { spec.errorRates = try errorRates(errors) }
        if let limit = fields["rateLimit"] { spec.rateLimit = try rateLimit(limit) }
        if let faults = fields["faults"] { spec.faults = try reader.list(faults, what: "a list of faults").map(fault) }
        return spec
    }

    /// `300ms`, `{fixed: 300ms}`, `{uniform: [100ms, 500ms]}` or `{lognormal: {p50: 300ms, p99: 2s}}`.
    func distribution(_ located: Located) throws -> DurationDistribution {
        if case .scalar = located.node { return .fixed(try reader.duration(located, allowZero: true)) }
        let what = "a duration, or one of {fixed: 300ms}, {uniform: [100ms, 500ms]}, {lognormal: {p50: 300ms, p99: 2s}}"
        let fields = try reader.fields(located, allowed: ["fixed", "uniform", "lognormal"], what: what)
        if let fixed = fields["fixed"] { return .fixed(try reader.duration(fixed, allowZero: true)) }
        if let uniform = fields["uniform"] {
            let bounds = try reader.list(uniform, what: "two durations [low, high]")
            guard bounds.count == 2 else { throw reader.expected("two durations [low, high]", at: uniform) }
            let low = try reader.duration(bounds[0], allowZero: true), high = try reader.duration(bounds[1], allowZero: true)
            guard low <= high else { throw reader.error(at: uniform, "the low bound \(low) is above the high bound \(high)") }
            return .uniform(low, high)
        }
        if let lognormal = fields["lognormal"] {
            let quantiles = try reader.fields(lognormal, allowed: ["p50", "p99"], what: "{p50: 300ms, p99: 2s}")
            guard let p50 = quantiles["p50"], let p99 = quantiles["p99"] else { throw reader.error(at: lognormal, "a log-normal needs p50 and p99") }
            let median = try reader.duration(p50), tail = try reader.duration(p99)
            guard median <= tail else { throw reader.error(at: lognormal, "p50 (\(median)) is above p99 (\(tail))") }
            return .lognormal(p50: median, p99: tail)
        }
        throw reader.expected(what, at: located)
    }

    /// `200` or `[50, 400]`.
    func range(_ located: Located, what: String) throws -> ClosedRange<Int> {
        if case .scalar = located.node {
            let value = try reader.nonNegativeInt(located)
            return value...value
        }
        let bounds = try reader.list(located, what: "a number or [low, high] of \(what)")
        guard bounds.count == 2 else { throw reader.expected("[low, high] of \(what)", at: located) }
        let low = try reader.nonNegativeInt(bounds[0]), high = try reader.nonNegativeInt(bounds[1])
        guard low <= high else { throw reader.error(at: located, "the low bound \(low) is above the high bound \(high)") }
        return low...high
    }

    /// `{503: 0.02, 429: 0.01}`: a probability per request for each status.
    private func errorRates(_ located: Located) throws -> [Int: Double] {
        var rates: [Int: Double] = [:]
        for (key, keyAt, value) in try reader.entries(located, what: "a mapping from HTTP statuses to probabilities, e.g. {503: 0.02}") {
            guard let status = Int(key), (400...599).contains(status) else {
                throw reader.error(at: keyAt, "expected an error status 400…599, found \(Node.quoted(key))")
            }
            let rate = try reader.nonNegativeNumber(value)
            guard rate <= 1 else { throw reader.expected("a probability between 0 and 1", at: value) }
            rates[status] = rate
        }
        guard rates.values.reduce(0, +) <= 1 + 1e-9 else { throw reader.error(at: located, "the error probabilities add up to more than 1") }
        return rates
    }

    private func rateLimit(_ located: Located) throws -> RateLimitSpec {
        let fields = try reader.fields(located, allowed: ["requestsPerMinute", "retryAfter"])
        guard let rpm = fields["requestsPerMinute"] else { throw reader.error(at: located, "a rate limit needs requestsPerMinute") }
        return RateLimitSpec(requestsPerMinute: try reader.positiveInt(rpm), retryAfter: try fields["retryAfter"].map { try reader.duration($0) })
    }

    /// The names a scenario writes faults by.
    enum FaultKind: String, CaseIterable {
        case status, hangBeforeHeaders, hangMidStream, cutStream, malformedBody, htmlError, refused
    }

    /// `{fault: status, status: 503, from: 2m, until: 5m}`; `from` defaults to the start,
    /// `until` to the end of the run.
    private func fault(_ located: Located) throws -> FaultWindow {
        let fields = try reader.fields(located, allowed: ["fault", "status", "code", "retryAfter", "from", "until", "model"])
        guard let kindAt = fields["fault"] else {
            throw reader.error(at: located, "a fault needs \"fault\" (one of \(FaultKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let kind = try reader.choice(kindAt, FaultKind.self)
        let from = try fields["from"].map { try reader.duration($0, allowZero: true) } ?? .zero
        let until = try fields["until"].map { try reader.duration($0) } ?? .forever
        guard from < until else { throw reader.error(at: located, "the fault ends (\(until)) before it starts (\(from))") }
        for key in ["status", "code", "retryAfter"] where kind != .status {
            if let extra = fields[key] { throw reader.error(at: extra, "only a \"status\" fault takes \(key)") }
        }
        let fault: Fault
        switch kind {
        case .status:
            guard let statusAt = fields["status"] else { throw reader.error(at: located, "a status fault needs \"status\" (e.g. 503)") }
            let status = try reader.int(statusAt)
            guard (400...599).contains(status) else { throw reader.expected("an error status 400…599", at: statusAt) }
            fault = .status(status, code: try fields["code"].map(reader.nonEmptyString), retryAfter: try fields["retryAfter"].map { try reader.duration($0) })
        case .hangBeforeHeaders: fault = .hangBeforeHeaders
        case .hangMidStream: fault = .hangMidStream
        case .cutStream: fault = .cutStream
        case .malformedBody: fault = .malformedBody
        case .htmlError: fault = .htmlError
        case .refused: fault = .refused
        }
        return FaultWindow(from: from, until: until, fault: fault, model: try fields["model"].map(reader.nonEmptyString))
    }
}
