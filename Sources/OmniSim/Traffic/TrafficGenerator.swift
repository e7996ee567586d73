import OmniCore

/// The scenario's clients: when each request arrives and what it asks for, from the
/// scenario's seed (or from a recording). The simulator and the live mode draw from the same
/// generator, so both play the same requests in the same order.
package struct TrafficGenerator: Sendable {
    package struct Request: Sendable, Hashable {
        /// Since the run's start.
        package var offset: Span
        package var model: String
        package var format: WireFormat
        package var stream: Bool
        /// Prompt length in words.
        package var words: Int
        /// Index into the traffic's `keys`.
        package var key: Int
        /// A replayed request's recorded answer length.
        package var outputTokens: Int?
        /// The model's place in the traffic's `models` (-1 for a replayed request).
        package var modelSlot = -1
    }

    package let spec: TrafficSpec
    private let duration: Span
    private var arrivals: ArrivalProcess
    private var random: RandomSource
    private var replayed = 0
    private let weights: (models: [Double], formats: [Double], keys: [Double])

    package init(_ spec: TrafficSpec, duration: Span, seed: UInt64) {
        let root = RandomSource(seed: seed)
        self.spec = spec
        self.duration = duration
        arrivals = ArrivalProcess(spec.arrivals, random: root.derived("arrivals"))
        random = root.derived("traffic")
        weights = (spec.models.map(\.weight), spec.formats.map(\.weight), spec.keys.map(\.weight))
    }

    /// The next request, or nil once the scenario's duration is over.
    package mutating func next() -> Request? {
        if let replay = spec.replay {
            guard replayed < replay.requests.count else { return nil }
            let recorded = replay.requests[replayed]
            replayed += 1
            let offset = recorded.offset * (1 / max(replay.rateScale, 1e-9))
            guard offset < duration else { return nil }
            return Request(offset: offset, model: recorded.model, format: recorded.format, stream: recorded.stream,
                           words: max(1, recorded.inputTokens), key: pickKey(),
                           outputTokens: recorded.outputTokens > 0 ? recorded.outputTokens : nil)
        }
        guard let offset = arrivals.next(), offset < duration else { return nil }
        let slot = random.pick(weights: weights.models)
        let format = spec.formats[random.pick(weights: weights.formats)].format
        let stream = random.chance(spec.streamShare)
        let words = spec.promptWords.lowerBound + Int(random.unit() * Double(spec.promptWords.count))
        return Request(offset: offset, model: spec.models[slot].name, format: format, stream: stream, words: words, key: pickKey(),
                       outputTokens: nil, modelSlot: slot)
    }

    private mutating func pickKey() -> Int {
        spec.keys.count == 1 ? 0 : random.pick(weights: weights.keys)
    }
}
