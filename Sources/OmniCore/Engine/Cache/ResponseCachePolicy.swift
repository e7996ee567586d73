/// Which requests the exact-response cache answers (guide: non-streaming requests at
/// temperature 0; the header `X-OmniRoute-No-Cache: true` bypasses it).
public enum ResponseCachePolicy {
    /// The header that turns the cache off for one request (value `true` or `1`, any case).
    public static let noCacheHeader = "X-OmniRoute-No-Cache"

    /// Whether to look the request up and store its answer, and under which key.
    ///
    /// Cacheable: the cache is enabled (with a positive TTL and room for an entry), the
    /// request is not streaming, its temperature is explicitly zero (`0`, `0.0`, `-0`, `0e3`;
    /// an absent temperature means the upstream's default, usually 1, so the answer varies),
    /// and the client did not opt out, either with `X-OmniRoute-No-Cache: true`/`1` or with
    /// the standard `Cache-Control: no-cache`/`no-store` (a client that says so does not want
    /// a stored answer).
    ///
    /// The key covers `partition` (pass the gateway key's name to keep tenants' caches
    /// apart; empty shares answers between keys), the client's format, the resolved model
    /// (an alias may point elsewhere tomorrow; the body still names the alias) and the
    /// request body bytes as sent (so two spellings of the same JSON are two entries).
    public static func decide(
        settings: CacheSettings, isStreaming: Bool, temperature: JSONNumber?, headers: HeaderFields,
        clientFormat: WireFormat, model: String, body: [UInt8], partition: String = ""
    ) -> CacheDecision {
        guard settings.enabled, settings.ttl > .zero, settings.maxEntries > 0 else { return .bypass(.disabled) }
        if optsOut(headers) { return .bypass(.clientOptOut) }
        if isStreaming { return .bypass(.streaming) }
        guard let temperature else { return .bypass(.temperatureAbsent) }
        guard isZero(temperature) else { return .bypass(.temperatureNotZero) }
        return .use(key: CacheKey(partition: partition, clientFormat: clientFormat, model: model, body: body))
    }

    /// Only successful answers are kept: an error may be gone on the next try.
    public static func isStorable(_ response: CachedResponse) -> Bool { response.status == 200 }

    static func optsOut(_ headers: HeaderFields) -> Bool {
        // Names are compared without allocating: this runs for every request's headers.
        for field in headers {
            let noCache = ASCIICase.equal(field.name, "x-omniroute-no-cache")
            guard noCache || ASCIICase.equal(field.name, "cache-control") else { continue }
            let value = trimmed(field.value).lowercased()
            if noCache {
                if value == "true" || value == "1" { return true }
            } else {
                for directive in value.split(separator: ",") where ["no-cache", "no-store"].contains(trimmed(String(directive))) {
                    return true
                }
            }
        }
        return false
    }

    /// Zero by its literal: the digits before any exponent are all `0`. No floating point,
    /// so `1e-400` (which a `Double` would round to zero) is not zero.
    static func isZero(_ number: JSONNumber) -> Bool {
        var mantissa = Substring(number.literal)
        if mantissa.first == "-" { mantissa.removeFirst() }
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) { mantissa = mantissa[..<e] }
        return mantissa.first == "0" && mantissa.allSatisfy { $0 == "0" || $0 == "." }
    }

    private static func trimmed(_ text: String) -> String {
        var s = Substring(text)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}

public enum CacheDecision: Sendable, Equatable {
    /// Ask the upstream and do not store the answer.
    case bypass(CacheBypassReason)
    /// Look `key` up; on a miss, ask the upstream and store a storable answer under it.
    case use(key: CacheKey)
}

public enum CacheBypassReason: String, Sendable, Equatable, CaseIterable {
    /// Off in the config (or a TTL or size of zero).
    case disabled
    /// `X-OmniRoute-No-Cache` or `Cache-Control: no-cache`/`no-store`.
    case clientOptOut = "client-opt-out"
    case streaming
    /// No temperature: the upstream's default applies, and it is not zero.
    case temperatureAbsent = "temperature-absent"
    case temperatureNotZero = "temperature-not-zero"
}

/// What the exact-response cache files an answer under.
public struct CacheKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public var digest: Digest128

    public init(digest: Digest128) { self.digest = digest }

    public init(partition: String = "", clientFormat: WireFormat, model: String, body: [UInt8]) {
        var hasher = Hasher128()
        hasher.add(partition)
        hasher.add(clientFormat.rawValue)
        hasher.add(model)
        hasher.add(body)
        digest = hasher.finish()
    }

    public var description: String { digest.hex }
}
