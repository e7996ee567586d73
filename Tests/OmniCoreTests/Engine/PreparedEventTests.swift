import Testing
@testable import OmniCore

/// The server has each event's translating done (`RequestFlow.prepare`) before the flow takes
/// the shared state, and handles the events that need no shared state without it
/// (`RequestFlow.handleAlone`); the flow must then do exactly what it does when it translates
/// and handles everything inside `handle`, as the simulator runs it: the same actions, event
/// by event, whatever the upstreams do and in whatever splits.
@Suite struct PreparedEventTests {
    @Test func preparingEachEventChangesNoAction() throws {
        var config = GatewayConfig.twoProviders(strategy: .roundRobin)
        config.resilience.timeouts.firstByte = .seconds(3)
        config.resilience.timeouts.streamIdle = .seconds(2)
        config.resilience.maxAttempts = 4
        let table = try RoutingTable(catalog: Catalog(), config: config)
        var inside = GatewayState(table: table, seed: 7), ahead = GatewayState(table: table, seed: 7)
        var random = SplitMix64(seed: 977)
        var now = Instant(seconds: 1_780_000_000)
        var preparedEvents = 0, chunkEvents = 0, aloneEvents = 0
        var statuses: [String: Int] = [:]

        for round in 0..<600 {
            let format = random.pick([WireFormat.openai, .anthropic])
            let stream = random.chance(50)
            let model = random.pick(["both", "a/m", "b/m"])
            let body = format == .openai ? Client.openAI(model: model, stream: stream) : Client.anthropic(model: model, stream: stream)
            let incoming = IncomingRequest(format: format, body: Array(body.utf8), gatewayKey: .test, at: now)
            var translatedInside = RequestFlow(table: table), translatedAhead = RequestFlow(table: table)
            var pending = PendingEvents(queue: [.arrived(incoming)])
            var handled = 0
            while !translatedInside.isFinished, handled < 5000, let event = pending.next(now: &now) {
                handled += 1
                let expected = translatedInside.handle(event, state: &inside)
                translatedAhead.prepare(event)
                if translatedAhead.prepared != nil { preparedEvents += 1 }
                if case .upstreamChunk = event { chunkEvents += 1 }
                var actions: [FlowAction] = []
                if translatedAhead.handleAlone(event, into: &actions) {
                    aloneEvents += 1
                } else {
                    #expect(actions.isEmpty, "round \(round): \(event) left to handle after acting alone")
                    translatedAhead.handle(event, state: &ahead, into: &actions)
                }
                #expect(translatedAhead.prepared == nil, "round \(round): a prepared event outlived its handle")
                guard actions.map({ "\($0)" }) == expected.map({ "\($0)" }) else {
                    Issue.record("round \(round): \(event) gave \(actions) prepared, \(expected) inside")
                    return
                }
                for action in expected {
                    switch action {
                    case .send(let request):
                        now = now + .milliseconds(Int64(random.int(1...20)))
                        let behaviour = random.chance(50) ? random.pick([FlowPropertyTests.Behaviour.ok, .okStream])
                                                          : random.pick(FlowPropertyTests.Behaviour.allCases)
                        pending.queue += FlowPropertyTests.events(for: request, behaviour, at: now, random: &random)
                    case .cancelUpstream(let attempt): pending.cancel(attempt: attempt)
                    case .startTimer(let timer, let at): pending.timers.append((timer, at))
                    case .record(let row): statuses["\(row.status) \(row.errorReason ?? "")", default: 0] += 1
                    default: break
                    }
                }
            }
            #expect(translatedAhead.isFinished == translatedInside.isFinished, "round \(round)")
            // Events after the end (a late chunk, a timer) change nothing either way.
            for late in [FlowEvent.upstreamChunk(attempt: 1, bytes: Array("data: {}\n\n".utf8), at: now), .upstreamEnd(attempt: 1, at: now)] {
                let expected = translatedInside.handle(late, state: &inside)
                translatedAhead.prepare(late)
                var actions: [FlowAction] = []
                if !translatedAhead.handleAlone(late, into: &actions) { translatedAhead.handle(late, state: &ahead, into: &actions) }
                #expect(actions.map({ "\($0)" }) == expected.map({ "\($0)" }), "round \(round)")
            }
            // Time for cooldowns and breakers to end, so that most requests are answered.
            now = now + .milliseconds(Int64(random.int(0...15_000)))
        }
        // Most answers and stream chunks were translated ahead, and most heads and chunks
        // handled without the shared state; the state came out the same.
        #expect(preparedEvents > 2_000, "\(chunkEvents) chunks; \(statuses)")
        #expect(aloneEvents > chunkEvents / 2, "\(aloneEvents) alone of \(chunkEvents) chunks")
        #expect(ahead.snapshot(table: table) == inside.snapshot(table: table))
    }
}
