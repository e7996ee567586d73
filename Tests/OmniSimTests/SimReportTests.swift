import Foundation
import FoundationXML
import OmniConfig
import OmniCore
@testable import OmniSim
import Testing

/// The reports of a run: the same seed writes the same bytes; the figures are the run's; a
/// failed expectation shows in every report; a recording replays.
@Suite struct SimReportTests {
    static let scenario = """
        name: tiny
        seed: 3
        duration: 10s
        gateway:
          providers:
            - id: openai
              apiKeys: [k1]
          auth:
            apiKeys:
              - {key: sk-a, name: team-a}
        mocks:
          openai:
            firstByte: 100ms
            outputTokens: 50
            tokensPerSecond: 100
        traffic:
          arrivals: constant
          rate: 10
          models: [openai/gpt-5-mini]
          promptWords: 30
          keys: {sk-a: 1}
        expect:
          - {name: all succeed, metric: successRate, atLeast: 100%}
          - {name: p50 is 600 ms, metric: latency.p50, atLeast: 600ms, atMost: 605ms}
          - {name: deliberately failing, metric: requests, atMost: 99}
        """

    static func report(_ yaml: String = scenario, overrides: [(path: String, value: String)] = []) throws -> SimReport {
        let file = try ScenarioFile.load(yaml: yaml, source: "tiny.yaml", overrides: overrides, environment: [:])
        var runner = SimRunner(file.scenario)
        return SimReport(file: file, result: runner.run())
    }

    /// Hand-computed: 10 requests/s for 10 s, each 100 ms to the first byte and 50 tokens at
    /// 100 tokens/s: 100 requests of 600 ms, 5,000 output tokens, all on team-a's key; the
    /// catalog's gpt-5-mini price ($0.25 in, $2 out per 1 M) gives 100 × 50 × 2 / 1 M = $0.01
    /// of output.
    @Test func theReportHoldsTheHandComputedFigures() throws {
        let report = try Self.report()
        let json = try JSONParser.parse(Array(ReportJSON.render(report).utf8))
        #expect(json["scenario"]?.stringValue == "tiny")
        #expect(json["requests"]?["total"]?.numberValue?.intValue == 100)
        #expect(json["requests"]?["succeeded"]?.numberValue?.intValue == 100)
        #expect(json["requests"]?["lost"]?.numberValue?.intValue == 0)
        #expect(json["attempts"]?["perRequest"]?.numberValue?.literal == "1.0000")
        #expect(json["tokens"]?["output"]?.numberValue?.intValue == 5000)
        let p50 = try #require(json["latencyMs"]?["p50"]?.numberValue?.doubleValue)
        #expect(p50 >= 600 && p50 < 605)
        let outputCost = 100.0 * 50 * 2.0 / 1_000_000
        let cost = try #require(json["costUSD"]?["byKey"]?["team-a"]?.numberValue?.doubleValue)
        #expect(cost > outputCost && cost < outputCost * 1.5, "output cost plus a little input: \(cost)")
        #expect(json["timeline"]?["buckets"]?.arrayValue?.count == 10, "1 s buckets over 10 s")
        let expectations = try #require(json["expectations"]?.arrayValue)
        #expect(expectations.map { $0["passed"]?.boolValue } == [true, true, false])
        #expect(expectations[2]["actual"]?.numberValue?.doubleValue == 100)
        #expect(json["passed"]?.boolValue == false)
    }

    @Test func theSameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws {
        let poisson: (path: String, value: String) = ("traffic.arrivals", "poisson")
        let yaml = Self.scenario.replacingOccurrences(of: "firstByte: 100ms", with: "firstByte: {lognormal: {p50: 100ms, p99: 1s}}")
        let first = ReportFiles.render(try Self.report(yaml, overrides: [poisson]))
        let again = ReportFiles.render(try Self.report(yaml, overrides: [poisson]))
        #expect(first.map(\.name) == ["report.json", "report.md", "junit.xml", "throughput.svg", "latency.svg"])
        #expect(first.map(\.contents) == again.map(\.contents))
        let other = ReportFiles.render(try Self.report(yaml, overrides: [poisson, ("seed", "4")]))
        #expect(first[0].contents != other[0].contents)
    }

    @Test func aFailedExpectationShowsInMarkdownAndJUnit() throws {
        let report = try Self.report()
        let files = Dictionary(uniqueKeysWithValues: ReportFiles.render(report).map { ($0.name, $0.contents) })
        let markdown = try #require(files["report.md"])
        #expect(markdown.contains("**1 of 3 expectations failed**"))
        #expect(markdown.contains("| ❌ | deliberately failing | `requests` | ≤ 99 | 100 |"))
        #expect(markdown.contains("![Requests served per second, by provider](throughput.svg)"))
        // The JUnit XML parses, with one failing test case of three.
        let junit = try #require(files["junit.xml"])
        let document = try XMLDocument(data: Data(junit.utf8))
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == 3)
        let failures = try document.nodes(forXPath: "//testcase/failure")
        #expect(failures.count == 1)
        #expect(failures.first?.stringValue?.contains("requests was 100, expected ≤ 99") == true)
    }

    @Test func aRecordingReplaysItsRequests() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("omniroute-replay-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Written as requests finish (out of arrival order), as serve --record writes them.
        var requests: [RecordedRequest] = []
        for index in 0..<40 {
            let format: WireFormat = index % 2 == 0 ? .openai : .anthropic
            requests.append(RecordedRequest(offset: .milliseconds(Int64(39 - index) * 250), model: "openai/gpt-5-mini", format: format,
                                            stream: index % 4 == 0, inputTokens: 100, outputTokens: 77, status: 200, latency: .seconds(1)))
        }
        let lines = [RecordedRequest.headerLine] + requests.map { String(decoding: $0.jsonLine, as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/traffic.jsonl", atomically: true, encoding: .utf8)
        let yaml = Self.scenario
            .replacingOccurrences(of: "  arrivals: constant\n  rate: 10\n  models: [openai/gpt-5-mini]\n  promptWords: 30\n", with: "  replay: traffic.jsonl\n  replayRate: 2\n")
        #expect(yaml.contains("replay: traffic.jsonl"))
        let file = try ScenarioFile.load(yaml: yaml, source: "replay.yaml", directory: directory, environment: [:])
        var runner = SimRunner(file.scenario)
        let result = runner.run()
        #expect(result.requests == 40, "every recorded request, and only those")
        #expect(result.outputTokens == 40 * 77, "each with its recorded answer length")
        // At twice the rate, the 9.75 s recording arrives within 4.875 s: in the first 5 buckets.
        #expect(result.timeline.buckets.count == 5)
    }

    @Test func recordedLinesReadBackExactly() throws {
        let request = RecordedRequest(offset: .nanoseconds(12_345_678_901), model: "chat", format: .gemini, stream: true,
                                      inputTokens: 812, outputTokens: 240, status: 429, latency: .nanoseconds(1_840_200_000),
                                      firstByte: .nanoseconds(412_500_000))
        let line = String(decoding: request.jsonLine, as: UTF8.self)
        #expect(line == #"{"t":12.345,"model":"chat","format":"gemini","stream":true,"inputTokens":812,"outputTokens":240,"status":429,"latencyMs":1840.2,"ttfbMs":412.5}"#)
        var expected = request
        expected.offset = .milliseconds(12_345)   // millisecond precision
        #expect(try RecordedRequest.parse(line: request.jsonLine) == expected)
        #expect(throws: RecordingError.self) { try RecordedRequest.parse(line: Array(#"{"t":1,"model":"m","format":"soap","stream":true}"#.utf8)) }
        #expect(throws: RecordingError.self) { try RecordedRequest.parse(line: Array("not json".utf8)) }
    }
}

/// Expectations over part of a run (`from`, `until`): the success rate before, during and
/// after an outage, from the report's time buckets.
@Suite struct WindowedExpectationTests {
    @Test func aWindowHoldsOnlyTheRequestsThatArrivedInIt() throws {
        let yaml = """
            name: windowed
            duration: 60s
            gateway:
              providers:
                - id: openai
                  apiKeys: [k1]
              auth: {requireApiKey: false}
              resilience:
                profiles:
                  api-key: {failureThreshold: 1000}
            mocks:
              openai:
                firstByte: 100ms
                outputTokens: 10
                faults:
                  - {fault: status, status: 503, from: 20s, until: 40s}
            traffic:
              arrivals: constant
              rate: 5
              models: [openai/gpt-5-mini]
            expect:
              - {name: before, metric: successRate, atLeast: 100%, until: 20s}
              - {name: during, metric: successRate, atMost: 0%, from: 20s, until: 40s}
              - {name: after, metric: successRate, atLeast: 100%, from: 40s}
              - {name: during count, metric: requests, atLeast: 100, atMost: 100, from: 20s, until: 40s}
              - {name: whole run, metric: successRate, atLeast: 66%, atMost: 67%}
            """
        let file = try ScenarioFile.load(yaml: yaml, source: "w.yaml", environment: [:])
        #expect(file.expectations[1].window == .seconds(20)..<(.seconds(40)))
        var runner = SimRunner(file.scenario)
        let report = SimReport(file: file, result: runner.run())
        for verdict in report.verdicts {
            #expect(verdict.passed, "\(verdict.expectation.name): \(verdict.actualText), expected \(verdict.expectation.bound)")
        }
        #expect(report.verdicts[1].expectation.bound == "≤ 0.00 % (arrivals 20s–40s)")
        // Only what the time buckets keep can be windowed.
        let wrong = yaml.replacingOccurrences(of: "{name: during count, metric: requests,", with: "{name: during count, metric: failovers,")
        #expect(throws: ConfigError.self) { try ScenarioFile.load(yaml: wrong, source: "w.yaml", environment: [:]) }
    }
}
