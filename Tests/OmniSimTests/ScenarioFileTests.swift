import Foundation
import OmniConfig
import OmniCore
@testable import OmniSim
import Testing

/// Scenario files: what they say becomes the runner's scenario, and what is wrong in them is
/// reported at its key path and line.
@Suite struct ScenarioFileTests {
    static let valid = """
        name: small
        description: two providers
        seed: 7
        duration: 2m
        gateway:
          providers:
            - id: a
              format: openai
              baseURL: http://a.invalid/v1
              apiKeys: [ka1, ka2]
              models: [m]
            - id: b
              format: anthropic
              baseURL: http://b.invalid
              auth: x-api-key
              apiKeys: [kb]
              models: [m]
          combos:
            - name: both
              models: [a/m, b/m]
          auth:
            apiKeys:
              - {key: sk-team, name: team}
        mocks:
          a:
            firstByte: {lognormal: {p50: 200ms, p99: 1s}}
            outputTokens: [10, 20]
            tokensPerSecond: 50
            errors: {503: 0.1}
            rateLimit: {requestsPerMinute: 100, retryAfter: 5s}
            faults:
              - {fault: status, status: 500, from: 30s, until: 60s}
              - {fault: hangBeforeHeaders, from: 90s}
          a-2:
            firstByte: 100ms
        traffic:
          arrivals: bursts
          rate: 5
          burstRate: 50
          every: 1m
          lasting: 5s
          models: {both: 3, b/m: 1}
          formats: {openai: 1, gemini: 1}
          stream: 0.25
          keys: {sk-team: 1, sk-unknown: 1}
          promptWords: [10, 30]
        expect:
          - {name: mostly fine, metric: successRate, atLeast: 90%}
          - {name: fast, metric: latency.p99, atMost: 4s}
          - {name: a opens, metric: breaker.a.firstOpenedAt, atMost: 45s}
        """

    static func load(_ yaml: String, overrides: [(path: String, value: String)] = []) throws -> ScenarioFile {
        try ScenarioFile.load(yaml: yaml, source: "s.yaml", overrides: overrides, environment: [:])
    }

    @Test func aValidFileBecomesTheScenario() throws {
        let file = try Self.load(Self.valid)
        let scenario = file.scenario
        #expect(scenario.name == "small" && scenario.seed == 7 && scenario.duration == .minutes(2))
        #expect(file.description == "two providers")
        let a = try #require(scenario.mocks["a"])
        #expect(a.firstByte == .lognormal(p50: .milliseconds(200), p99: .seconds(1)))
        #expect(a.outputTokens == 10...20 && a.tokensPerSecond == 50 && a.errorRates == [503: 0.1])
        #expect(a.rateLimit == RateLimitSpec(requestsPerMinute: 100, retryAfter: .seconds(5)))
        #expect(a.faults == [FaultWindow(from: .seconds(30), until: .seconds(60), fault: .status(500)),
                             FaultWindow(from: .seconds(90), until: .forever, fault: .hangBeforeHeaders)])
        // An account's entry wins over its provider's.
        let accounts = scenario.table.accounts
        #expect(scenario.mock(for: accounts.first { $0.id == "a-2" }!).firstByte == .fixed(.milliseconds(100)))
        #expect(scenario.mock(for: accounts.first { $0.id == "a-1" }!) == a)
        #expect(scenario.mock(for: accounts.first { $0.id == "b-1" }!) == MockSpec())
        let traffic = scenario.traffic
        #expect(traffic.arrivals == .bursts(basePerSecond: 5, burstPerSecond: 50, every: .minutes(1), lasting: .seconds(5)))
        #expect(traffic.models.map(\.name) == ["both", "b/m"] && traffic.models.map(\.weight) == [3, 1])
        #expect(traffic.formats.map(\.format) == [.openai, .gemini])
        #expect(traffic.streamShare == 0.25 && traffic.promptWords == 10...30)
        // Keys are hashed as the server hashes them: the known one routes to its name.
        #expect(traffic.keys.count == 2)
        #expect(scenario.table.key(presented: traffic.keys[0].key!)?.name == "team")
        #expect(scenario.table.key(presented: traffic.keys[1].key!) == nil)
        #expect(file.expectations.map(\.metric.name) == ["successRate", "latency.p99", "breaker.a.firstOpenedAt"])
        #expect(file.expectations[0].atLeast == 0.9 && file.expectations[1].atMost == 4)
    }

    /// Each wrong file names its key path and line.
    @Test(arguments: [
        ("duration: 2m", "duration: 2", "duration", "bare number"),
        ("tokensPerSecond: 50", "tokensPerSecond: fast", "mocks.a.tokensPerSecond", "expected a number"),
        ("errors: {503: 0.1}", "errors: {200: 0.1}", "mocks.a.errors.200", "error status"),
        ("    - {fault: status, status: 500, from: 30s, until: 60s}", "    - {fault: stauts, status: 500, from: 30s, until: 60s}",
         "mocks.a.faults[0].fault", "did you mean \"status\""),
        ("  a-2:", "  a-3:", "mocks.a-3", "neither a provider nor an account"),
        ("  models: {both: 3, b/m: 1}", "  models: {both: 3, c/m: 1}", "traffic.models.c/m", "does not know the model"),
        ("  stream: 0.25", "  stream: 25", "traffic.stream", "between 0 and 1"),
        ("  - {name: fast, metric: latency.p99, atMost: 4s}", "  - {name: fast, metric: latency.p98, atMost: 4s}",
         "expect[1].metric", "unknown metric"),
        ("  - {name: fast, metric: latency.p99, atMost: 4s}", "  - {name: fast, metric: latency.p99, atMost: 4}",
         "expect[1].atMost", "add a unit"),
        ("      models: [a/m, b/m]", "      models: [a/m, z/m]", "gateway.combos[0].models[1]", "z/m"),
    ] as [(String, String, String, String)])
    func aWrongValueIsReportedAtItsPathAndLine(original: String, replacement: String, path: String, message: String) throws {
        let yaml = Self.valid.replacingOccurrences(of: original, with: replacement)
        let line = Self.line(of: replacement, in: yaml)
        #expect(yaml != Self.valid, "the test's replacement must apply")
        do {
            _ = try Self.load(yaml)
            Issue.record("expected an error at \(path)")
        } catch let error as ConfigError {
            #expect(error.path == path, "\(error)")
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    /// The 1-based line holding `text`.
    static func line(of text: String, in yaml: String) -> Int? {
        yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }.map { $0 + 1 }
    }

    @Test func missingRequiredKeysAreNamed() throws {
        #expect(throws: ConfigError.self) { try Self.load("name: x\nduration: 1m\n") }
        do { _ = try Self.load("name: x\nduration: 1m\ngateway: {}\n") } catch let error as ConfigError {
            #expect(error.description.contains("\"traffic\""), "\(error)")
        }
    }

    @Test func overridesReplaceValuesAsIfWrittenInTheFile() throws {
        let file = try Self.load(Self.valid, overrides: [("traffic.rate", "9"), ("mocks.a.errors.503", "0.3"), ("seed", "99")])
        #expect(file.scenario.seed == 99)
        #expect(file.scenario.traffic.arrivals == .bursts(basePerSecond: 9, burstPerSecond: 50, every: .minutes(1), lasting: .seconds(5)))
        #expect(file.scenario.mocks["a"]?.errorRates == [503: 0.3])
        // A bad override is reported at the place it replaced.
        do {
            _ = try Self.load(Self.valid, overrides: [("traffic.stream", "3")])
            Issue.record("expected an error")
        } catch let error as ConfigError {
            #expect(error.path == "traffic.stream" && error.line == Self.line(of: "stream: 0.25", in: Self.valid), "\(error)")
        }
        #expect(throws: ConfigError.self) { try Self.load(Self.valid, overrides: [("nothing.here", "1")]) }
    }

    @Test func sweepGridsAreEveryCombinationFirstAxisSlowest() throws {
        let grid = try SweepGrid(arguments: ["traffic.rate=1,2", "mocks.a.errors.503=0.1,0.2,0.3"])
        #expect(grid.points.count == 6)
        #expect(grid.points[0].map(\.value) == ["1", "0.1"] && grid.points[5].map(\.value) == ["2", "0.3"])
        #expect(throws: SweepError.self) { try SweepGrid(arguments: ["traffic.rate"]) }
        #expect(throws: SweepError.self) { try SweepGrid(arguments: ["traffic.rate=1,fast"]) }
        #expect(throws: SweepError.self) { try SweepGrid(arguments: ["traffic.rate=1", "traffic.rate=2"]) }
    }
}
