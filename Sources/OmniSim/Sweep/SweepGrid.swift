import Foundation

/// `--sweep traffic.rate=50,100,200 --sweep mocks.openai.rateLimit.requestsPerMinute=600,1200`:
/// the grid of every combination, each point a list of overrides for the scenario file.
public struct SweepGrid: Sendable, Equatable {
    public struct Axis: Sendable, Equatable {
        public var path: String
        public var values: [String]
    }

    public var axes: [Axis]

    /// Parses each `KEY=V1,V2,…`; values must be numbers (a sweep charts metrics against them).
    public init(arguments: [String]) throws(SweepError) {
        axes = []
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw SweepError(message: "--sweep \(argument): expected KEY=V1,V2,… such as traffic.rate=50,100,200")
            }
            let path = String(argument[..<equals])
            let values = argument[argument.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard !values.isEmpty, values.allSatisfy({ !$0.isEmpty }) else {
                throw SweepError(message: "--sweep \(argument): a value is empty")
            }
            for value in values where Double(value.replacingOccurrences(of: "_", with: "")) == nil {
                throw SweepError(message: "--sweep \(argument): \"\(value)\" is not a number (a sweep varies a numeric key)")
            }
            guard !axes.contains(where: { $0.path == path }) else { throw SweepError(message: "--sweep \(path) is given twice") }
            axes.append(Axis(path: path, values: values))
        }
    }

    /// Every combination, the first axis varying slowest.
    public var points: [[(path: String, value: String)]] {
        axes.reduce([[]]) { points, axis in
            points.flatMap { point in axis.values.map { point + [(axis.path, $0)] } }
        }
    }
}

public struct SweepError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
