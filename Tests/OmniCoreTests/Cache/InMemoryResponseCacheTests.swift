import OmniCore
import Testing

@Suite("Cache: in-memory response cache")
struct InMemoryResponseCacheTests {
    static let t0 = Instant(seconds: 1_800_000_000)

    static func key(_ n: Int) -> CacheKey { CacheKey(clientFormat: .openai, model: "m", body: body(n)) }
    static func body(_ n: Int) -> [UInt8] { Array("{\"n\":\(n)}".utf8) }
    static func answer(_ n: Int) -> CachedResponse { CachedResponse(status: 200, body: Array("{\"answer\":\(n)}".utf8)) }

    @Test func aStoredAnswerIsFoundForTheSameRequest() {
        var cache = InMemoryResponseCache(maxEntries: 10)
        cache.store(Self.key(1), body: Self.body(1), response: Self.answer(1), now: Self.t0, ttl: .minutes(10))
        #expect(cache.lookup(Self.key(1), body: Self.body(1), now: Self.t0 + .minutes(1)) == Self.answer(1))
        #expect(cache.lookup(Self.key(2), body: Self.body(2), now: Self.t0) == nil)
    }

    @Test func anAnswerExpiresAfterItsTTL() {
        var cache = InMemoryResponseCache(maxEntries: 10)
        cache.store(Self.key(1), body: Self.body(1), response: Self.answer(1), now: Self.t0, ttl: .seconds(30))
        #expect(cache.lookup(Self.key(1), body: Self.body(1), now: Self.t0 + .seconds(30) - .nanoseconds(1)) != nil)
        #expect(cache.lookup(Self.key(1), body: Self.body(1), now: Self.t0 + .seconds(30)) == nil)
        #expect(cache.count == 0)
    }

    @Test func aKeyCollisionWithOtherBytesIsAMiss() {
        var cache = InMemoryResponseCache(maxEntries: 10)
        cache.store(Self.key(1), body: Self.body(1), response: Self.answer(1), now: Self.t0, ttl: .minutes(10))
        // Forge the collision: the same key, other request bytes.
        #expect(cache.lookup(Self.key(1), body: Self.body(2), now: Self.t0) == nil)
        #expect(cache.lookup(Self.key(1), body: Self.body(1), now: Self.t0) == Self.answer(1))
    }

    @Test func theLeastRecentlyUsedEntryIsEvicted() {
        var cache = InMemoryResponseCache(maxEntries: 2)
        cache.store(Self.key(1), body: Self.body(1), response: Self.answer(1), now: Self.t0, ttl: .minutes(10))
        cache.store(Self.key(2), body: Self.body(2), response: Self.answer(2), now: Self.t0, ttl: .minutes(10))
        // Using 1 makes 2 the least recently used.
        #expect(cache.lookup(Self.key(1), body: Self.body(1), now: Self.t0) != nil)
        cache.store(Self.key(3), body: Self.body(3), response: Self.answer(3), now: Self.t0, ttl: .minutes(10))
        #expect(cache.count == 2)
        #expect(cache.lookup(Self.key(2), body: Self.body(2), now: Self.t0) == nil)
        #expect(cache.lookup(Self.key(1), body: Self.body(1), now: Self.t0) == Self.answer(1))
        #expect(cache.lookup(Self.key(3), body: Self.body(3), now: Self.t0) == Self.answer(3))
    }

    @Test func storingAgainReplacesTheAnswer() {
        var cache = InMemoryResponseCache(maxEntries: 2)
        cache.store(Self.key(1), body: Self.body(1), response: Self.answer(1), now: Self.t0, ttl: .minutes(10))
        cache.store(Self.key(1), body: Self.body(1), response: Self.answer(9), now: Self.t0, ttl: .minutes(10))
        #expect(cache.count == 1)
        #expect(cache.lookup(Self.key(1), body: Self.body(1), now: Self.t0) == Self.answer(9))
    }

    @Test func theByteBoundEvictsAndRefusesOversizedAnswers() {
        let big = CachedResponse(status: 200, body: [UInt8](repeating: 0x61, count: 1000))
        var cache = InMemoryResponseCache(maxEntries: 100, maxBytes: 2500)
        cache.store(Self.key(1), body: Self.body(1), response: big, now: Self.t0, ttl: .minutes(10))
        cache.store(Self.key(2), body: Self.body(2), response: big, now: Self.t0, ttl: .minutes(10))
        cache.store(Self.key(3), body: Self.body(3), response: big, now: Self.t0, ttl: .minutes(10))
        #expect(cache.count == 2)
        #expect(cache.storedBytes <= 2500)
        #expect(cache.lookup(Self.key(1), body: Self.body(1), now: Self.t0) == nil)
        let huge = CachedResponse(status: 200, body: [UInt8](repeating: 0x61, count: 5000))
        cache.store(Self.key(4), body: Self.body(4), response: huge, now: Self.t0, ttl: .minutes(10))
        #expect(cache.lookup(Self.key(4), body: Self.body(4), now: Self.t0) == nil)
        #expect(cache.count == 2)
    }

    @Test func aZeroTTLStoresNothing() {
        var cache = InMemoryResponseCache(maxEntries: 10)
        cache.store(Self.key(1), body: Self.body(1), response: Self.answer(1), now: Self.t0, ttl: .zero)
        #expect(cache.count == 0)
    }

    /// 5000 random stores and lookups over 12 keys (TTLs 0…60 s, time moving 0…10 s a step,
    /// capacity 5, seed 3), checked against a plain array kept in recency order.
    @Test func behavesLikeASimpleLRUModel() throws {
        struct ModelEntry { var key: Int; var response: CachedResponse; var expiresAt: Instant }
        var rng = SplitMix64(seed: 3)
        var cache = InMemoryResponseCache(maxEntries: 5)
        var model: [ModelEntry] = []  // oldest first
        var now = Self.t0
        for step in 0..<5000 {
            now = now + .seconds(Int64(rng.int(0...10)))
            let k = rng.int(0...11)
            if rng.chance(50) {
                let ttl = Span.seconds(Int64(rng.int(0...60)))
                let response = CachedResponse(status: 200, body: Array("\(step)".utf8))
                cache.store(Self.key(k), body: Self.body(k), response: response, now: now, ttl: ttl)
                model.removeAll { $0.key == k }
                guard ttl > .zero else { continue }
                while let first = model.first, model.count >= 5 || first.expiresAt <= now { model.removeFirst() }
                model.append(ModelEntry(key: k, response: response, expiresAt: now + ttl))
            } else {
                let got = cache.lookup(Self.key(k), body: Self.body(k), now: now)
                var expected: CachedResponse?
                if let i = model.firstIndex(where: { $0.key == k }) {
                    if model[i].expiresAt <= now {
                        model.remove(at: i)
                    } else {
                        expected = model[i].response
                        model.append(model.remove(at: i))
                    }
                }
                try #require(got == expected, "step \(step)")
            }
            try #require(cache.count == model.count, "step \(step)")
        }
    }
}
