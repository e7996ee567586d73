import AsyncHTTPClient
import NIOCore
import Testing
import OmniCore

/// The real server on loopback with `mock-upstream` behind it, both started by the test.
@Suite(.serialized) struct EndToEndTests {
    static func request(_ client: WireFormat, model: String, stream: Bool, text: String = "ping") -> (path: String, headers: [(String, String)], body: String) {
        switch client {
        case .openai:
            return ("/v1/chat/completions", [("Authorization", "Bearer sk-omni-test")],
                    #"{"model":"\#(model)","stream":\#(stream),"messages":[{"role":"user","content":"\#(text)"}]}"#)
        case .anthropic:
            return ("/v1/messages", [("x-api-key", "sk-omni-test"), ("anthropic-version", "2023-06-01")],
                    #"{"model":"\#(model)","max_tokens":64,"stream":\#(stream),"messages":[{"role":"user","content":"\#(text)"}]}"#)
        case .responses:
            return ("/v1/responses", [("Authorization", "Bearer sk-omni-test")], #"{"model":"\#(model)","stream":\#(stream),"input":"\#(text)"}"#)
        case .gemini:
            return ("/v1beta/models/\(model):" + (stream ? "streamGenerateContent?alt=sse" : "generateContent"), [("x-goog-api-key", "sk-omni-test")],
                    #"{"contents":[{"role":"user","parts":[{"text":"\#(text)"}]}]}"#)
        }
    }

    /// How each format's stream says it finished cleanly.
    static func cleanEnd(_ format: WireFormat) -> String {
        switch format {
        case .openai: return "data: [DONE]"
        case .anthropic: return "event: message_stop"
        case .responses: return "response.completed"
        case .gemini: return #""finishReason":"STOP""#
        }
    }

    static let upstreams: [(WireFormat, String)] = [
        (.openai, "up-openai/gpt-4o-mini"), (.anthropic, "up-anthropic/claude-sonnet-4-5"),
        (.gemini, "up-gemini/gemini-2.5-flash"), (.responses, "up-responses/gpt-5"),
    ]

    @Test func everyClientFormatReachesEveryUpstreamFormatWholeAndStreaming() async throws {
        let live = try await LiveGateway.start(standardConfig)
        defer { Task { await live.stop() } }
        for client in WireFormat.allCases {
            for (upstream, model) in Self.upstreams {
                for stream in [false, true] {
                    let r = Self.request(client, model: model, stream: stream, text: "ping \(client.rawValue)")
                    let reply = try await live.send(.POST, r.path, headers: r.headers, body: r.body)
                    let label = "\(client.rawValue) → \(upstream.rawValue)\(stream ? " stream" : "")"
                    #expect(reply.status == 200, "\(label): \(reply.body)")
                    #expect(reply.body.contains("Echo:"), "\(label): \(reply.body)")
                    #expect(reply.body.contains("ping"), "\(label): \(reply.body)")
                    if stream {
                        #expect(reply.headers.first(name: "content-type") == "text/event-stream", "\(label)")
                        #expect(reply.body.contains(Self.cleanEnd(client)), "\(label): \(reply.body)")
                        #expect(!reply.body.contains("error"), "\(label): \(reply.body)")
                    } else {
                        #expect(reply.headers.first(name: "content-type") == "application/json", "\(label)")
                    }
                }
            }
        }
        await live.stop()
    }

    @Test func aServerErrorFailsOverToTheNextStepBeforeTheFirstByte() async throws {
        let live = try await LiveGateway.start(standardConfig)
        for stream in [false, true] {
            let r = Self.request(.openai, model: "always-on", stream: stream)
            let reply = try await live.send(.POST, r.path, headers: r.headers, body: r.body)
            #expect(reply.status == 200, "\(reply.body)")
            // Streams carry one word an event.
            #expect(reply.body.contains("Echo:") && reply.body.contains("ping"), "\(reply.body)")
        }
        await live.stop()
    }

    @Test func aStreamCutMidWayEndsWithAnErrorEventNotACleanEnd() async throws {
        let live = try await LiveGateway.start(standardConfig)
        for client in WireFormat.allCases {
            let r = Self.request(client, model: "up-openai/gpt-cut", stream: true, text: "one two three four five six seven eight")
            let reply = try await live.send(.POST, r.path, headers: r.headers, body: r.body)
            #expect(reply.status == 200, "\(client): \(reply.body)")
            #expect(reply.body.contains("error"), "\(client): \(reply.body)")
            #expect(!reply.body.contains(Self.cleanEnd(client)), "\(client): \(reply.body)")
        }
        await live.stop()
    }

    @Test func theGatewayKeyIsReadFromEachPlaceTheSDKsPutIt() async throws {
        let live = try await LiveGateway.start(standardConfig)
        let body = #"{"model":"up-openai/gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"#
        for headers in [[("Authorization", "Bearer sk-omni-test")], [("x-api-key", "sk-omni-test")], [("x-goog-api-key", "sk-omni-test")]] {
            #expect(try await live.send(.POST, "/v1/chat/completions", headers: headers, body: body).status == 200)
        }
        #expect(try await live.send(.POST, "/v1/chat/completions?key=sk-omni-test", body: body).status == 200)
        let missing = try await live.send(.POST, "/v1/messages", body: #"{"model":"up-openai/gpt-4o-mini","max_tokens":5,"messages":[]}"#)
        #expect(missing.status == 401)
        #expect(missing.body.hasPrefix(#"{"type":"error","error":{"type":"authentication_error""#))
        let wrong = try await live.send(.POST, "/v1beta/models/up-openai/gpt-4o-mini:generateContent?key=nope", body: "{}")
        #expect(wrong.status == 401)
        #expect(wrong.body.contains(#""status":"UNAUTHENTICATED""#))
        await live.stop()
    }

    @Test func badInputGetsAClearErrorInTheClientsFormatNeverA500() async throws {
        let live = try await LiveGateway.start(standardConfig)
        let auth = [("Authorization", "Bearer sk-omni-test")]
        let tooLarge = try await live.send(.POST, "/v1/chat/completions", headers: auth, body: String(repeating: "x", count: 70_000))
        #expect(tooLarge.status == 413)
        #expect(tooLarge.body.contains("request_too_large"))
        let invalid = try await live.send(.POST, "/v1/chat/completions", headers: auth, body: "{\"model\": \"x\",\n \"messages\": [}")
        #expect(invalid.status == 400)
        #expect(invalid.body.contains("line 2"))
        let wrongType = try await live.send(.POST, "/v1/chat/completions", headers: auth, body: #"{"model":"up-openai/gpt-4o-mini","messages":[{"role":"user","content":5}]}"#)
        #expect(wrongType.status == 400)
        #expect(wrongType.body.contains(#""param":"messages[0].content""#))
        let deep = try await live.send(.POST, "/v1/chat/completions", headers: auth, body: String(repeating: "[", count: 600) + String(repeating: "]", count: 600))
        #expect(deep.status == 400)
        var badUTF8 = HTTPClientRequest(url: "http://127.0.0.1:\(live.gatewayPort)/v1/chat/completions")
        badUTF8.method = .POST
        badUTF8.headers.add(name: "Authorization", value: "Bearer sk-omni-test")
        badUTF8.body = .bytes([UInt8](#"{"model":""#.utf8) + [0xFF, 0xFE] + [UInt8](#""}"#.utf8))
        let utf8Reply = try await live.client.execute(badUTF8, timeout: .seconds(10))
        #expect(utf8Reply.status.code == 400)
        let unknown = try await live.send(.POST, "/v1/messages", headers: [("x-api-key", "sk-omni-test")],
                                          body: #"{"model":"up-openai/gpt-4o-mimi","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#)
        #expect(unknown.status == 404)
        #expect(unknown.body.contains("up-openai/gpt-4o-mini"))
        let method = try await live.send(.GET, "/v1/chat/completions", headers: auth)
        #expect(method.status == 405)
        #expect(method.body.hasPrefix(#"{"error":"#))
        await live.stop()
    }

    @Test func modelsAndHealthAreServed() async throws {
        let live = try await LiveGateway.start(standardConfig)
        let models = try await live.send(.GET, "/v1/models")
        #expect(models.status == 200)
        #expect(models.body.contains(#""id":"up-anthropic/claude-sonnet-4-5""#))
        #expect(models.body.contains(#""id":"always-on""#))
        let health = try await live.send(.GET, "/health")
        #expect(health.status == 200)
        #expect(health.body.contains(#""breaker":"closed""#))
        #expect(!health.body.contains("sk-up"))
        _ = try await live.send(.POST, "/v1/chat/completions", headers: [("Authorization", "Bearer sk-omni-test")],
                                body: #"{"model":"always-on","messages":[{"role":"user","content":"hi"}]}"#)
        let metrics = try await live.send(.GET, "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains(#"omniroute_requests_total{endpoint="openai",provider="up-anthropic",status="200"} 1"#), "\(metrics.body)")
        #expect(metrics.body.contains(#"omniroute_upstream_attempts_total{provider="up-openai",outcome="overloaded"} 1"#))
        #expect(metrics.body.contains("omniroute_failovers_total"))
        #expect(metrics.body.contains("omniroute_request_duration_seconds_bucket"))
        #expect(metrics.body.contains(#"omniroute_breaker_state{provider="up-openai"} 0"#))
        #expect(!metrics.body.contains("sk-"))
        await live.stop()
    }
}

@Suite(.serialized) struct DisconnectTests {
    @Test func aClientThatLeavesMidStreamFreesItsUpstream() async throws {
        let live = try await LiveGateway.start(standardConfig)
        let words = Array(repeating: "word", count: 4000).joined(separator: " ")
        let client = live.client, port = live.gatewayPort
        let task = Task {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer sk-omni-test")
            request.body = .bytes(ByteBuffer(string: #"{"model":"up-openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"\#(words)"}]}"#))
            let response = try await client.execute(request, timeout: .seconds(30))
            for try await _ in response.body { try Task.checkCancellation() }
        }
        try await Task.sleep(for: .milliseconds(300))
        let during = try await live.send(.GET, "/health")
        #expect(during.body.contains(#""inFlight":1"#), "\(during.body)")
        task.cancel()
        _ = await task.result
        var freed = false
        for _ in 0..<40 where !freed {
            try await Task.sleep(for: .milliseconds(50))
            freed = !(try await live.send(.GET, "/health")).body.contains(#""inFlight":1"#)
        }
        #expect(freed, "the upstream stream still counts as in flight after the client left")
        await live.stop()
    }
}
