import OmniCore
import Testing

@Suite("Cache: idempotency")
struct IdempotencyTests {
    static let t0 = Instant(seconds: 1_800_000_000)
    static let window = Span.seconds(5)
    static let key = IdempotencyKey(scope: "team-a", source: .idempotencyKey, value: "abc")
    static let answer = CachedResponse(status: 200, body: Array(#"{"id":"chatcmpl-1"}"#.utf8))

    @Test func idempotencyKeyWinsOverRequestId() {
        let headers: HeaderFields = ["X-Request-Id": "req-1", "Idempotency-Key": "abc"]
        #expect(IdempotencyPolicy.key(headers: headers, gatewayKey: "team-a") == Self.key)
    }

    @Test func requestIdIsUsedAlone() {
        let key = IdempotencyPolicy.key(headers: ["x-request-id": " req-1 "], gatewayKey: "team-a")
        #expect(key == IdempotencyKey(scope: "team-a", source: .requestId, value: "req-1"))
    }

    @Test func noOrBlankHeadersMeanNoKey() {
        #expect(IdempotencyPolicy.key(headers: [:], gatewayKey: "team-a") == nil)
        #expect(IdempotencyPolicy.key(headers: ["Idempotency-Key": "  "], gatewayKey: "team-a") == nil)
        // A blank Idempotency-Key does not hide a request id.
        #expect(IdempotencyPolicy.key(headers: ["Idempotency-Key": "", "X-Request-Id": "r"], gatewayKey: "k")?.source == .requestId)
    }

    @Test func keysAreScopedPerGatewayKey() {
        let headers: HeaderFields = ["Idempotency-Key": "abc"]
        let a = IdempotencyPolicy.key(headers: headers, gatewayKey: "team-a")!
        let b = IdempotencyPolicy.key(headers: headers, gatewayKey: "team-b")!
        #expect(a != b)
        var store = InMemoryIdempotencyStore()
        #expect(store.begin(a, now: Self.t0, window: Self.window) == .proceed)
        store.complete(a, response: Self.answer, now: Self.t0)
        // The other tenant's request with the same key runs on its own.
        #expect(store.begin(b, now: Self.t0, window: Self.window) == .proceed)
    }

    @Test func aRepeatWhileTheFirstRunsIsAConflict() {
        var store = InMemoryIdempotencyStore()
        #expect(store.begin(Self.key, now: Self.t0, window: Self.window) == .proceed)
        let repeated = store.begin(Self.key, now: Self.t0 + .seconds(1), window: Self.window)
        #expect(repeated == .conflict)
        #expect(repeated.errorStatus == 409)
        #expect(Self.key.conflictMessage.contains("Idempotency-Key 'abc' is still in progress"))
    }

    @Test func aRepeatWithinTheWindowReplaysTheAnswer() {
        var store = InMemoryIdempotencyStore()
        _ = store.begin(Self.key, now: Self.t0, window: Self.window)
        store.complete(Self.key, response: Self.answer, now: Self.t0 + .seconds(2))
        // The window counts from the answer: 2 s + 5 s.
        #expect(store.begin(Self.key, now: Self.t0 + .seconds(7) - .nanoseconds(1), window: Self.window) == .replay(Self.answer))
        #expect(store.begin(Self.key, now: Self.t0 + .seconds(7), window: Self.window) == .proceed)
    }

    @Test func anAbandonedRequestLetsARetryProceed() {
        var store = InMemoryIdempotencyStore()
        _ = store.begin(Self.key, now: Self.t0, window: Self.window)
        store.abandon(Self.key)
        #expect(store.begin(Self.key, now: Self.t0 + .seconds(1), window: Self.window) == .proceed)
    }

    @Test func aCompletedAnswerIsNotAbandoned() {
        var store = InMemoryIdempotencyStore()
        _ = store.begin(Self.key, now: Self.t0, window: Self.window)
        store.complete(Self.key, response: Self.answer, now: Self.t0)
        store.abandon(Self.key)
        #expect(store.begin(Self.key, now: Self.t0 + .seconds(1), window: Self.window) == .replay(Self.answer))
    }

    @Test func anAbandonedRequestDoesNotCompleteLater() {
        var store = InMemoryIdempotencyStore()
        _ = store.begin(Self.key, now: Self.t0, window: Self.window)
        store.abandon(Self.key)
        store.complete(Self.key, response: Self.answer, now: Self.t0 + .seconds(1))
        #expect(store.begin(Self.key, now: Self.t0 + .seconds(2), window: Self.window) == .proceed)
    }

    @Test func aKeyReusedForOtherContentIsRefused() {
        var store = InMemoryIdempotencyStore()
        let first = IdempotencyPolicy.fingerprint(model: "gpt-4o-mini", body: Array("{\"a\":1}".utf8))
        let other = IdempotencyPolicy.fingerprint(model: "gpt-4o-mini", body: Array("{\"a\":2}".utf8))
        _ = store.begin(Self.key, fingerprint: first, now: Self.t0, window: Self.window)
        #expect(store.begin(Self.key, fingerprint: other, now: Self.t0, window: Self.window) == .mismatch)
        store.complete(Self.key, response: Self.answer, now: Self.t0)
        let decision = store.begin(Self.key, fingerprint: other, now: Self.t0, window: Self.window)
        #expect(decision == .mismatch)
        #expect(decision.errorStatus == 422)
        #expect(store.begin(Self.key, fingerprint: first, now: Self.t0, window: Self.window) == .replay(Self.answer))
    }

    @Test func aStaleInFlightRequestFreesItsKey() {
        var store = InMemoryIdempotencyStore(staleAfter: .minutes(1))
        _ = store.begin(Self.key, now: Self.t0, window: Self.window)
        #expect(store.begin(Self.key, now: Self.t0 + .seconds(59), window: Self.window) == .conflict)
        #expect(store.begin(Self.key, now: Self.t0 + .minutes(1), window: Self.window) == .proceed)
    }

    @Test func expiredEntriesArePurged() {
        var store = InMemoryIdempotencyStore()
        for n in 0..<1000 {
            let key = IdempotencyKey(scope: "k", source: .requestId, value: "r\(n)")
            let now = Self.t0 + .milliseconds(Int64(n))
            _ = store.begin(key, now: now, window: Self.window)
            store.complete(key, response: Self.answer, now: now)
        }
        #expect(store.count == 1000)
        // One call after every window has passed purges them all.
        _ = store.begin(Self.key, now: Self.t0 + .seconds(7), window: Self.window)
        #expect(store.count == 1)
    }

    @Test func proceedAndReplayAreNotErrors() {
        #expect(IdempotencyDecision.proceed.errorStatus == nil)
        #expect(IdempotencyDecision.replay(Self.answer).errorStatus == nil)
    }
}
