import OmniCore
import Testing

@Suite("Cache: response cache decision")
struct ResponseCachePolicyTests {
    static let body = Array(#"{"model":"gpt-4o-mini","temperature":0}"#.utf8)

    static func decide(
        settings: CacheSettings = CacheSettings(), streaming: Bool = false, temperature: String? = "0",
        headers: HeaderFields = [:], format: WireFormat = .openai, model: String = "gpt-4o-mini", body: [UInt8] = body,
        partition: String = ""
    ) -> CacheDecision {
        ResponseCachePolicy.decide(
            settings: settings, isStreaming: streaming, temperature: temperature.map(JSONNumber.init(literal:)), headers: headers,
            clientFormat: format, model: model, body: body, partition: partition)
    }

    static var expectedKey: CacheKey { CacheKey(clientFormat: .openai, model: "gpt-4o-mini", body: body) }

    @Test(arguments: ["0", "0.0", "-0", "0e3", "0.000E-2"])
    func anExplicitZeroTemperatureIsCached(_ literal: String) {
        #expect(Self.decide(temperature: literal) == .use(key: Self.expectedKey))
    }

    @Test func anAbsentTemperatureIsNotCached() {
        #expect(Self.decide(temperature: nil) == .bypass(.temperatureAbsent))
    }

    @Test(arguments: ["0.7", "1", "0.0001", "1e-400", "-0.5"])
    func aNonZeroTemperatureIsNotCached(_ literal: String) {
        #expect(Self.decide(temperature: literal) == .bypass(.temperatureNotZero))
    }

    @Test func streamingIsNotCached() {
        #expect(Self.decide(streaming: true) == .bypass(.streaming))
    }

    @Test(arguments: [("X-OmniRoute-No-Cache", "true"), ("x-omniroute-no-cache", "TRUE"), ("X-OMNIROUTE-NO-CACHE", "1"),
                      ("X-OmniRoute-No-Cache", " True "), ("Cache-Control", "no-store"), ("cache-control", "max-age=0, no-cache")])
    func theClientCanOptOut(_ name: String, _ value: String) {
        #expect(Self.decide(headers: HeaderFields([.init(name: name, value: value)])) == .bypass(.clientOptOut))
    }

    @Test(arguments: [("X-OmniRoute-No-Cache", "false"), ("X-OmniRoute-No-Cache", "0"), ("Cache-Control", "max-age=60")])
    func otherHeaderValuesKeepTheCache(_ name: String, _ value: String) {
        #expect(Self.decide(headers: HeaderFields([.init(name: name, value: value)])) == .use(key: Self.expectedKey))
    }

    @Test func aDisabledOrEmptyCacheIsBypassed() {
        var off = CacheSettings()
        off.enabled = false
        #expect(Self.decide(settings: off) == .bypass(.disabled))
        var noTTL = CacheSettings()
        noTTL.ttl = .zero
        #expect(Self.decide(settings: noTTL) == .bypass(.disabled))
        var noRoom = CacheSettings()
        noRoom.maxEntries = 0
        #expect(Self.decide(settings: noRoom) == .bypass(.disabled))
    }

    @Test func theKeyIsStableAcrossRunsAndVersions() {
        // Pinned: a persistent cache keys on this, so the hash must never change silently.
        // (Computed independently: two FNV-1a 64 lanes over length-framed parts, fmix64.)
        #expect(Self.expectedKey.description == "ff467f2b4978f8feaae53f21e3a5a6cc")
        #expect(Digest128(parts: [Array("hello".utf8)]).hex == "cbcbc4a494901adcafa847d0b743de9e")
        #expect(Self.expectedKey == CacheKey(clientFormat: .openai, model: "gpt-4o-mini", body: Self.body))
    }

    @Test func theKeyCoversFormatModelBodyAndPartition() {
        let keys: [CacheKey] = [
            Self.expectedKey,
            CacheKey(clientFormat: .responses, model: "gpt-4o-mini", body: Self.body),
            CacheKey(clientFormat: .openai, model: "gpt-4o", body: Self.body),
            CacheKey(clientFormat: .openai, model: "gpt-4o-mini", body: Self.body + [0x20]),
            CacheKey(partition: "team-a", clientFormat: .openai, model: "gpt-4o-mini", body: Self.body),
        ]
        #expect(Set(keys).count == keys.count)
    }

    @Test func partsAreFramedSoBoundariesMatter() {
        #expect(Digest128(parts: [Array("ab".utf8), Array("c".utf8)]) != Digest128(parts: [Array("a".utf8), Array("bc".utf8)]))
        #expect(Digest128(parts: [[], [1]]) != Digest128(parts: [[1], []]))
    }

    /// 5000 random bodies of 0…64 bytes (seed 11): no two distinct bodies share a digest, and
    /// the two halves are never equal (the lanes are not the same function).
    @Test func randomBodiesDoNotCollide() {
        var rng = SplitMix64(seed: 11)
        var seen: [Digest128: [UInt8]] = [:]
        for _ in 0..<5000 {
            let body = (0..<rng.int(0...64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let digest = Digest128(parts: [body])
            #expect(digest.high != digest.low)
            if let other = seen[digest] { #expect(other == body) }
            seen[digest] = body
        }
    }

    @Test func onlySuccessfulAnswersAreStored() {
        #expect(ResponseCachePolicy.isStorable(CachedResponse(status: 200, body: [])))
        #expect(!ResponseCachePolicy.isStorable(CachedResponse(status: 500, body: [])))
        #expect(!ResponseCachePolicy.isStorable(CachedResponse(status: 429, body: [])))
    }
}
