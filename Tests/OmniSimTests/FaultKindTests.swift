import OmniConfig
import OmniCore
@testable import OmniSim
import Testing

/// Every fault a scenario can state reaches the engine as a real transport would report it,
/// so the engine classifies it the same way as in production: the attempt's failure reason,
/// and what the client gets (a failover before the first byte, an error after it).
@Suite struct FaultKindTests {
    /// One provider with the fault for the whole run, a second one healthy behind it in a combo.
    static func run(_ fault: Fault, stream: Bool) throws -> SimResult {
        var broken = SimRunnerTests.fixedMock()
        broken.faults = [FaultWindow(from: .zero, until: .forever, fault: fault)]
        var traffic = TrafficSpec(arrivals: .constant(perSecond: 1), models: [("a-then-b", 1)])
        traffic.streamShare = stream ? 1 : 0
        // Timeouts short enough for a hang to end within the run, breaker out of the way
        // (every request must meet the fault).
        let yaml = SimRunnerTests.twoProviders.replacingOccurrences(of: "    firstByte: 2s", with: "    firstByte: 2s\n    streamIdle: 3s")
        let table = try SimRunnerTests.table(yaml)
        var runner = SimRunner(SimScenario(name: "fault", seed: 5, duration: .seconds(3), table: table,
                                           mocks: ["a": broken, "b": SimRunnerTests.fixedMock()], traffic: traffic))
        return runner.run()
    }

    @Test(arguments: [
        (Fault.status(503), "upstream_server_error"),
        (.status(429), "rate_limited"),
        (.status(429, code: "insufficient_quota"), "quota_exhausted"),
        (.status(429, retryAfter: .seconds(30)), "rate_limited"),
        (.hangBeforeHeaders, "timeout"),
        (.malformedBody, "malformed_response"),
        (.htmlError, "upstream_server_error"),
        (.refused, "connect_failed"),
    ])
    func aFaultBeforeTheFirstByteFailsOver(fault: Fault, reason: String) throws {
        for stream in [false, true] {
            let result = try Self.run(fault, stream: stream)
            #expect(result.requests == 3 && result.unfinished == 0)
            #expect(result.succeeded == 3, "\(fault), stream \(stream): failed over to b: \(result.failedByReason)")
            #expect(result.failedAttemptsByReason.keys.sorted() == [reason], "\(fault), stream \(stream): \(result.failedAttemptsByReason)")
            #expect(result.providers["b"]?.succeeded == 3)
        }
    }

    /// After the first byte has gone to the client there is no failover: the client gets an
    /// error (an error event in a stream), never a clean end.
    @Test(arguments: [(Fault.cutStream, "stream_cut"), (.hangMidStream, "timeout")])
    func aFaultAfterTheFirstByteFailsTheStream(fault: Fault, reason: String) throws {
        let result = try Self.run(fault, stream: true)
        #expect(result.requests == 3 && result.unfinished == 0)
        #expect(result.succeeded == 0, "\(fault): \(result.failedByReason)")
        #expect(result.failedAttemptsByReason[reason] == 3, "\(fault): \(result.failedAttemptsByReason)")
    }
}

/// A fault can be limited to one model of a provider: the provider's other models keep working
/// (as far as the gateway lets them: its breakers are per provider and account, so a model's
/// outage can still open them; the one-model-down scenario shows it).
@Suite struct ModelFaultTests {
    @Test func aFaultForOneModelLeavesTheProvidersOtherModelsAlone() throws {
        let yaml = """
            name: one-model-down
            duration: 20s
            gateway:
              providers:
                - id: openai
                  apiKeys: [k1]
              auth: {requireApiKey: false}
            mocks:
              openai:
                firstByte: 100ms
                faults:
                  - {fault: status, status: 503, model: gpt-5-mini}
            traffic:
              rate: 5
              models: [openai/gpt-5-mini, openai/gpt-5]
            """
        let file = try ScenarioFile.load(yaml: yaml, source: "m.yaml", environment: [:])
        let spec = try #require(file.scenario.mocks["openai"])
        #expect(spec.faults.first?.model == "gpt-5-mini")
        var provider = SimulatedProvider(spec: spec, random: RandomSource(seed: 1))
        #expect(provider.outcome(at: .seconds(1), model: "gpt-5-mini") == .status(503, retryAfter: nil, after: .milliseconds(25)))
        guard case .answer = provider.outcome(at: .seconds(1), model: "gpt-5") else {
            Issue.record("gpt-5 must be answered")
            return
        }
        // Through the engine: the attempts that failed were the faulty model's.
        var runner = SimRunner(file.scenario)
        let result = runner.run()
        #expect(result.failedAttemptsByReason.keys.sorted() == ["upstream_server_error"])
        #expect(result.succeeded > 0)
    }
}
