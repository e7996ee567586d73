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
    /// By provider id; a provider without an entry behaves as `MockSpec()`.
    public var mocks: [String: MockSpec]
    public var traffic: TrafficSpec

    public init(name: String, seed: UInt64, duration: Span, table: RoutingTable, mocks: [String: MockSpec], traffic: TrafficSpec) {
        (self.name, self.seed, self.duration, self.table, self.mocks, self.traffic) = (name, seed, duration, table, mocks, traffic)
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
    /// The gateway key every request presents (hashed, as the server hands it to the engine).
    public var gatewayKey: KeyHash?
    /// Prompt length in words, uniform in this range.
    public var promptWords: ClosedRange<Int> = 20...200

    public init(arrivals: ArrivalPattern, models: [(name: String, weight: Double)]) {
        (self.arrivals, self.models) = (arrivals, models)
    }
}
