import OmniCore

/// A scenario as the runner takes it: the gateway's compiled routing table, how each
/// provider behaves, the traffic, and how long and from which seed to run.
public struct SimScenario: Sendable {
    public var name: String
    public var seed: UInt64
    public var duration: Span
    /// The virtual clock's start (a fixed calendar time, so budget windows are the same on
    /// every run).
    public var start = Instant(seconds: 1_780_000_000)
    public var table: RoutingTable
    /// By account id, else by provider id; an account with neither behaves as `MockSpec()`.
    /// Each account is simulated on its own (its own rate-limit window, its own draws), as a
    /// vendor limits each API key on its own.
    public var mocks: [String: MockSpec]
    public var traffic: TrafficSpec

    public init(name: String, seed: UInt64, duration: Span, table: RoutingTable, mocks: [String: MockSpec], traffic: TrafficSpec) {
        (self.name, self.seed, self.duration, self.table, self.mocks, self.traffic) = (name, seed, duration, table, mocks, traffic)
    }

    /// The mock an account follows: its own entry, else its provider's.
    public func mock(for account: RoutedAccount) -> MockSpec {
        mocks[account.id] ?? mocks[table.providers[account.provider].id] ?? MockSpec()
    }
}

/// What the clients send: when, which models, in which formats, how much streaming.
public struct TrafficSpec: Sendable {
    public var arrivals: ArrivalPattern
    /// Model names as clients write them (`prefix/model`, a combo, an alias), with weights.
    public var models: [(name: String, weight: Double)]
    public var formats: [(format: WireFormat, weight: Double)] = [(.openai, 1)]
    /// The share of requests that stream (0…1).
    public var streamShare: Double = 0
    /// The gateway keys clients present (hashed, as the server hands them to the engine; nil:
    /// no key), with weights.
    public var keys: [(key: KeyHash?, weight: Double)] = [(nil, 1)]
    /// Prompt length in words, uniform in this range.
    public var promptWords: ClosedRange<Int> = 20...200
    /// Recorded traffic played instead of `arrivals` and the mix (`serve --record`).
    public var replay: ReplayTraffic?

    public init(arrivals: ArrivalPattern, models: [(name: String, weight: Double)]) {
        (self.arrivals, self.models) = (arrivals, models)
    }
}

/// A recording played back: each request at its recorded offset divided by `rateScale`
/// (2: twice the rate), with its model, format, streaming and token counts.
public struct ReplayTraffic: Sendable {
    public var requests: [RecordedRequest]
    public var rateScale: Double

    public init(requests: [RecordedRequest], rateScale: Double = 1) { (self.requests, self.rateScale) = (requests, rateScale) }
}
