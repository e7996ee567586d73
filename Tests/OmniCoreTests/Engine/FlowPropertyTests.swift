import Testing
@testable import OmniCore

/// Property: whatever the upstreams do — answer, refuse, cut, hang, break — in whatever
/// splits, and whenever the client leaves, every request ends with exactly one usage row
/// and one complete answer (a response, or a stream that ends once and carries nothing
/// after its end), and once every request is over nothing is left counted as in flight:
/// no account, combo step, breaker probe or lockout re-test leaks.
@Suite struct FlowPropertyTests {
    enum Behaviour: CaseIterable { case ok, okStream, cutStream, errorEvent, status429, status503, status400, status401, refused, hang, headHang, html }

    static func events(for request: UpstreamRequest, _ behaviour: Behaviour, at: Instant, random: inout SplitMix64) -> [FlowEvent] {
        let n = request.attempt
        func split(_ text: String) -> [FlowEvent] {
            var bytes = Array(text.utf8)[...]
            var out: [FlowEvent] = []
            while !bytes.isEmpty {
                let size = min(bytes.count, random.int(1...40))
                out.append(.upstreamChunk(attempt: n, bytes: Array(bytes.prefix(size)), at: at))
                bytes = bytes.dropFirst(size)
            }
            return out
        }
        let sse: HeaderFields = ["content-type": "text/event-stream"]
        let json: HeaderFields = ["content-type": "application/json"]
        let whole = request.format == .anthropic ? Upstream.anthropicMessage() : Upstream.openAIChat()
        let stream = request.format == .anthropic ? Upstream.anthropicStream().joined() : Upstream.openAIStream().joined()
        switch behaviour {
        case .ok:
            return [.upstreamHead(attempt: n, status: 200, headers: request.stream ? sse : json, at: at)]
                + split(request.stream ? stream : whole) + [.upstreamEnd(attempt: n, at: at)]
        case .okStream:
            return [.upstreamHead(attempt: n, status: 200, headers: sse, at: at)] + split(request.stream ? stream : whole) + [.upstreamEnd(attempt: n, at: at)]
        case .cutStream:
            let text = request.stream ? stream : whole
            return [.upstreamHead(attempt: n, status: 200, headers: sse, at: at)] + split(String(text.prefix(text.count / 2)))
                + [random.chance(50) ? .upstreamEnd(attempt: n, at: at) : .upstreamFailed(attempt: n, failure: .connectionReset, at: at)]
        case .errorEvent:
            let error = request.format == .anthropic
                ? "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
                : "data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}\n\n"
            return [.upstreamHead(attempt: n, status: 200, headers: sse, at: at)] + split(error) + [.upstreamEnd(attempt: n, at: at)]
        case .status429:
            return [.upstreamHead(attempt: n, status: 429, headers: ["retry-after": "\(random.int(0...5))"], at: at)] + split(Upstream.openAIError429) + [.upstreamEnd(attempt: n, at: at)]
        case .status503:
            return [.upstreamHead(attempt: n, status: 503, headers: json, at: at)] + split(Upstream.openAIError503) + [.upstreamEnd(attempt: n, at: at)]
        case .status400:
            return [.upstreamHead(attempt: n, status: 400, headers: json, at: at)] + split(Upstream.openAIError400) + [.upstreamEnd(attempt: n, at: at)]
        case .status401:
            return [.upstreamHead(attempt: n, status: 401, headers: json, at: at), .upstreamEnd(attempt: n, at: at)]
        case .refused:
            return [.upstreamFailed(attempt: n, failure: .connectRefused, at: at)]
        case .hang:
            return []
        case .headHang:
            return [.upstreamHead(attempt: n, status: 200, headers: sse, at: at)] + split(String((request.stream ? stream : whole).prefix(30)))
        case .html:
            return [.upstreamHead(attempt: n, status: 200, headers: ["content-type": "text/html"], at: at)] + split("<html><body>Login</body></html>") + [.upstreamEnd(attempt: n, at: at)]
        }
    }


    @Test func everyRequestEndsOnceAndNothingStaysInFlight() throws {
        var config = GatewayConfig.twoProviders(strategy: .roundRobin)
        config.resilience.timeouts.firstByte = .seconds(3)
        config.resilience.timeouts.streamIdle = .seconds(2)
        config.resilience.maxAttempts = 4
        config.providers[0].limits = AccountLimits(requestsPerMinute: 600, minGap: .milliseconds(50), maxConcurrent: 3)
        let table = try RoutingTable(catalog: Catalog(), config: config)
        var state = GatewayState(table: table, seed: 99)
        var random = SplitMix64(seed: 4242)
        var now = Instant(seconds: 1_780_000_000)
        let formats: [WireFormat] = [.openai, .anthropic]
        var outcomes: [String: Int] = [:]

        for round in 0..<1500 {
            let format = random.pick(formats)
            let stream = random.chance(50)
            let model = random.pick(["both", "a/m", "b/m"])
            let body = format == .openai ? Client.openAI(model: model, stream: stream, temperature: random.chance(20) ? "0" : nil)
                                         : Client.anthropic(model: model, stream: stream)
            var headers: HeaderFields = [:]
            if random.chance(10) { headers.append("Idempotency-Key", "k\(random.int(0...3))") }
            var flow = RequestFlow(table: table)
            var pending = PendingEvents(queue: [.arrived(IncomingRequest(format: format, body: Array(body.utf8), gatewayKey: .test, headers: headers, at: now))])
            var records = 0, responses = 0, streamStarts = 0, streamEnds = 0, relaysAfterEnd = 0
            let leaveAfter = random.chance(15) ? random.int(1...12) : Int.max
            var handled = 0
            while !flow.isFinished {
                let event: FlowEvent
                if handled == leaveAfter {
                    event = .clientGone(at: now)
                } else if let next = pending.next(now: &now) {
                    event = next
                } else {
                    Issue.record("round \(round): the flow waits for nothing and is not finished")
                    break
                }
                handled += 1
                for action in flow.handle(event, state: &state) {
                    switch action {
                    case .send(let request):
                        now = now + .milliseconds(Int64(random.int(1...20)))
                        // Half the answers are good ones, so breakers close again and every ending is reached.
                        let behaviour = random.chance(50) ? random.pick([Behaviour.ok, .okStream]) : random.pick(Behaviour.allCases)
                        pending.queue += Self.events(for: request, behaviour, at: now, random: &random)
                    case .cancelUpstream(let attempt): pending.cancel(attempt: attempt)
                    case .respond: responses += 1
                    case .startStream: streamStarts += 1
                    case .relay: if streamEnds > 0 { relaysAfterEnd += 1 }
                    case .endStream: streamEnds += 1
                    case .startTimer(let timer, let at): pending.timers.append((timer, at))
                    case .record(let row):
                        records += 1
                        let kind = row.status == 200 && row.errorReason == nil ? (row.stream ? "stream ok" : "ok") : (row.errorReason ?? "\(row.status)")
                        outcomes[kind, default: 0] += 1
                    case .notice: break
                    }
                }
                #expect(handled < 5000, "round \(round): runaway")
                if handled >= 5000 { break }
            }
            #expect(records == 1, "round \(round): \(records) usage rows")
            #expect(responses + streamStarts <= 1, "round \(round): answered twice")
            // A client that left is not sent an end; every other stream ends exactly once.
            #expect(streamEnds == streamStarts || (handled > leaveAfter && streamEnds == 0), "round \(round): a stream not ended exactly once")
            #expect(relaysAfterEnd == 0, "round \(round): bytes after the end of the stream")
            #expect(responses + streamStarts == 1 || leaveAfter != .max, "round \(round): no answer")
            // Late events for a finished flow change nothing.
            #expect(flow.handle(.upstreamEnd(attempt: 1, at: now), state: &state).isEmpty)
            now = now + .milliseconds(Int64(random.int(0...15_000)))
        }
        // The run reached every kind of ending, not just the easy ones.
        for kind in ["ok", "stream ok", "client_gone", "stream_cut", "all_attempts_failed", "no_account_available", "bad_request"] {
            #expect(outcomes[kind, default: 0] > 5, "only \(outcomes[kind, default: 0]) × \(kind): \(outcomes)")
        }
        #expect(state.accounts.allSatisfy { $0.limiter.inFlight == 0 })
        #expect(state.combos.allSatisfy { $0.inFlight.allSatisfy { $0 == 0 } })
        #expect(state.providers.allSatisfy { $0.breaker.probesInFlight == 0 })
        #expect(state.accounts.allSatisfy { $0.breaker.probesInFlight == 0 && $0.lockout.state != .retesting })
    }
}
