import Foundation
import OmniConfig
import OmniCore
import Yams

/// `traffic:`: when requests arrive (a pattern, or a recording replayed) and what they ask for.
struct TrafficReader {
    let reader: NodeReader
    let setup: GatewaySetup
    let directory: String

    enum Pattern: String, CaseIterable { case constant, poisson, diurnal, bursts }

    static let keys = ["arrivals", "rate", "trough", "peak", "peakHour", "burstRate", "every", "lasting",
                       "replay", "replayRate", "models", "formats", "stream", "keys", "promptWords"]

    /// The traffic, and the keys clients present as written (hashed in the traffic).
    func read(_ located: Located) throws -> (TrafficSpec, [String?]) {
        let fields = try reader.fields(located, allowed: Self.keys)
        var replay: ReplayTraffic?
        if let file = fields["replay"] {
            replay = ReplayTraffic(requests: try recording(file))
            if let scale = fields["replayRate"] {
                replay?.rateScale = try reader.number(scale)
                guard replay!.rateScale > 0 else { throw reader.expected("a number above 0 (2 plays the recording at twice its rate)", at: scale) }
            }
        } else if let scale = fields["replayRate"] {
            throw reader.error(at: scale, "replayRate scales a replayed recording: add replay: FILE")
        }
        let models: [(name: String, weight: Double)]
        if let list = fields["models"] {
            models = try weighted(list, what: "models").map { (name, weight, at) in
                if case .failure(let unknown) = setup.table.resolve(name) {
                    throw reader.error(at: at, "the gateway does not know the model \(Node.quoted(name)): \(unknown)")
                }
                return (name, weight)
            }
        } else if replay == nil {
            throw reader.error(at: located, "traffic needs \"models\" (names as clients send them, with weights: {my-combo: 3, openai/gpt-4o: 1})")
        } else {
            models = []
        }
        var traffic = TrafficSpec(arrivals: try arrivals(fields, at: located, replaying: replay != nil), models: models)
        traffic.replay = replay
        if let formats = fields["formats"] {
            traffic.formats = try weighted(formats, what: "client formats").map { name, weight, at in
                guard let format = WireFormat(rawValue: name) else {
                    throw reader.error(at: at, "expected one of \(WireFormat.allCases.map(\.rawValue).joined(separator: ", ")), found \(Node.quoted(name))")
                }
                return (format, weight)
            }
        }
        if let stream = fields["stream"] {
            traffic.streamShare = try reader.nonNegativeNumber(stream)
            guard traffic.streamShare <= 1 else { throw reader.expected("the share of streaming requests, between 0 and 1", at: stream) }
        }
        var presented: [String?] = [nil]
        if let keys = fields["keys"] {
            // The keys clients present, hashed as the server hashes them.
            let written = try weighted(keys, what: "gateway keys")
            traffic.keys = written.map { key, weight, _ in (setup.keyHasher.hash(key), weight) }
            presented = written.map(\.0)
        }
        if let words = fields["promptWords"] { traffic.promptWords = try MockReader(reader: reader, table: setup.table).range(words, what: "prompt words") }
        return (traffic, presented)
    }

    private func arrivals(_ fields: Fields, at located: Located, replaying: Bool) throws -> ArrivalPattern {
        let pattern = try fields["arrivals"].map { try reader.choice($0, Pattern.self) } ?? .poisson
        func rate(_ key: String) throws -> Double {
            guard let at = fields[key] else { throw reader.error(at: located, "\(pattern.rawValue) arrivals need \"\(key)\" (requests per second)") }
            return try reader.nonNegativeNumber(at)
        }
        if replaying {
            if let arrivals = fields["arrivals"] { throw reader.error(at: arrivals, "a replay takes its arrivals from the recording: remove arrivals") }
            return .constant(perSecond: 0)
        }
        switch pattern {
        case .constant: return .constant(perSecond: try rate("rate"))
        case .poisson: return .poisson(perSecond: try rate("rate"))
        case .diurnal:
            let peakHour = try fields["peakHour"].map(reader.number) ?? 14
            return .diurnal(troughPerSecond: try rate("trough"), peakPerSecond: try rate("peak"), peakHour: peakHour)
        case .bursts:
            guard let every = fields["every"], let lasting = fields["lasting"] else {
                throw reader.error(at: located, "bursts need \"every\" and \"lasting\" (durations) besides rate and burstRate")
            }
            return .bursts(basePerSecond: try rate("rate"), burstPerSecond: try rate("burstRate"),
                           every: try reader.duration(every), lasting: try reader.duration(lasting))
        }
    }

    /// `{name: weight, …}` or a list of names (equal weights).
    private func weighted(_ located: Located, what: String) throws -> [(String, Double, Located)] {
        var out: [(String, Double, Located)] = []
        if case .sequence = located.node {
            for item in try reader.list(located) { out.append((try reader.nonEmptyString(item), 1, item)) }
        } else {
            for (name, keyAt, value) in try reader.entries(located, what: "a list of \(what), or a mapping from \(what) to weights") {
                out.append((name, try reader.nonNegativeNumber(value), keyAt))
            }
        }
        guard !out.isEmpty else { throw reader.expected("at least one of the \(what)", at: located) }
        guard out.contains(where: { $0.1 > 0 }) else { throw reader.error(at: located, "every weight is 0") }
        return out
    }

    /// A recording from `serve --record`, relative to the scenario file.
    private func recording(_ located: Located) throws -> [RecordedRequest] {
        let path = try reader.nonEmptyString(located)
        let resolved = path.hasPrefix("/") ? path : directory + "/" + path
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw reader.error(at: located, "cannot read the recording \(Node.quoted(resolved)) (a path is relative to the scenario file)")
        }
        var requests: [RecordedRequest] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let bytes = Array(line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...])
            if bytes.allSatisfy({ $0 == 0x20 }) { continue }
            if lineNumber == 1, bytes == Array(RecordedRequest.headerLine.utf8) { continue }
            do {
                requests.append(try RecordedRequest.parse(line: bytes))
            } catch {
                throw reader.error(at: located, "\(resolved):\(lineNumber): \(error)")
            }
        }
        guard !requests.isEmpty else { throw reader.error(at: located, "the recording \(Node.quoted(resolved)) holds no requests") }
        // Written as requests finish; played in the order they arrived (stable for equal times).
        return requests.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }.map(\.element)
    }
}
