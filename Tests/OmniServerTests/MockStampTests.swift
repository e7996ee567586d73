import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import OmniCore

/// The mock's `stamp` behaviour, which the load benchmark's stream check reads: a slow first
/// byte, then events spaced out, each carrying the wall clock when the mock wrote it.
@Suite(.serialized) struct MockStampTests {
    static func config(_ base: String) -> String {
        """
        providers:
          - id: up-openai
            format: openai
            baseURL: \(base)/v1
            apiKeys: [sk-up-1]
            models: [stamp-60ms-3x40ms]
        auth:
          apiKeys: [sk-omni-test]
        """
    }

    static func wallClock() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Every `t=<ns>` in the text, in order.
    static func stamps(_ text: String) -> [Int64] {
        var found: [Int64] = []
        var rest = Substring(text)
        while let range = rest.range(of: "t=") {
            let digits = rest[range.upperBound...].prefix { $0.isNumber }
            if digits.count >= 16, let value = Int64(digits) { found.append(value) }
            rest = rest[range.upperBound...]
        }
        return found
    }

    struct Read {
        var status: Int
        var text = ""
        /// Each stamp with the local time of the read that brought it.
        var arrivals: [(stamp: Int64, received: Int64)] = []
    }

    static func read(_ client: HTTPClient, port: Int, path: String, headers: [(String, String)], body: String) async throws -> Read {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(10))
        var read = Read(status: Int(response.status.code))
        for try await buffer in response.body {
            let received = wallClock()
            let before = stamps(read.text).count
            read.text += String(buffer: buffer)
            for stamp in stamps(read.text).dropFirst(before) { read.arrivals.append((stamp, received)) }
        }
        return read
    }

    @Test func aStampStreamWaitsThenStampsEachEventWhenItIsWritten() async throws {
        let live = try await LiveGateway.start(Self.config)
        let body = #"{"model":"stamp-60ms-3x40ms","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
        let start = Self.wallClock()
        let direct = try await Self.read(live.client, port: live.mockPort, path: "/v1/chat/completions", headers: [], body: body)
        #expect(direct.status == 200)
        #expect(direct.arrivals.count == 3, "\(direct.text)")
        #expect(direct.text.hasSuffix("data: [DONE]\n\n"), "\(direct.text)")
        if let first = direct.arrivals.first { #expect(first.stamp - start >= 60_000_000, "the first byte came early") }
        for (earlier, later) in zip(direct.arrivals, direct.arrivals.dropFirst()) {
            #expect(later.stamp - earlier.stamp >= 40_000_000, "events closer than the gap")
        }
        for arrival in direct.arrivals {
            #expect(arrival.stamp <= arrival.received, "a stamp after its arrival")
            #expect(arrival.received - arrival.stamp < 1_000_000_000)
        }
        // Through the gateway: the stamps survive openai → openai, and translation to another format.
        let openai = try await Self.read(live.client, port: live.gatewayPort, path: "/v1/chat/completions",
                                         headers: [("Authorization", "Bearer sk-omni-test")], body: #"{"model":"up-openai/stamp-60ms-3x40ms","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
        #expect(openai.status == 200)
        #expect(openai.arrivals.count == 3, "\(openai.text)")
        #expect(openai.text.contains("data: [DONE]"), "\(openai.text)")
        let anthropic = try await Self.read(live.client, port: live.gatewayPort, path: "/v1/messages",
                                            headers: [("x-api-key", "sk-omni-test"), ("anthropic-version", "2023-06-01")],
                                            body: #"{"model":"up-openai/stamp-60ms-3x40ms","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
        #expect(anthropic.status == 200)
        #expect(anthropic.arrivals.count == 3, "\(anthropic.text)")
        #expect(anthropic.text.contains("event: message_stop"), "\(anthropic.text)")
        // Whole: one stamp, after the delay.
        let whole = try await Self.read(live.client, port: live.mockPort, path: "/v1/chat/completions", headers: [],
                                        body: #"{"model":"stamp-60ms-3x40ms","messages":[{"role":"user","content":"hi"}]}"#)
        #expect(whole.status == 200)
        #expect(whole.arrivals.count == 1, "\(whole.text)")
        await live.stop()
    }

    @Test func theDefaultPaceIsAFifthOfASecondThenFiveEvents() async throws {
        let live = try await LiveGateway.start(Self.config)
        let start = Self.wallClock()
        let read = try await Self.read(live.client, port: live.mockPort, path: "/v1/chat/completions", headers: [],
                                       body: #"{"model":"stamp","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
        #expect(read.arrivals.count == 5, "\(read.text)")
        if let first = read.arrivals.first { #expect(first.stamp - start >= 200_000_000) }
        if let first = read.arrivals.first, let last = read.arrivals.last { #expect(last.stamp - first.stamp >= 400_000_000) }
        // The other behaviours are untouched: a plain model still echoes.
        let echo = try await Self.read(live.client, port: live.mockPort, path: "/v1/chat/completions", headers: [],
                                       body: #"{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
        #expect(echo.text.contains("Echo:") && echo.arrivals.isEmpty, "\(echo.text)")
        await live.stop()
    }
}
