import OmniConfig
import OmniCore
import OmniStore

/// The management endpoints under `/api/…`, transport-neutral: the server hands over the
/// method, the path, the body and the hash of the key the client presented, and sends back
/// the `ClientResponse`. Errors are OpenAI-format JSON (`GatewayError`).
///
/// Gateway keys (`/api/keys`):
/// - `GET /api/keys`: every key, revoked ones too: id, name, masked prefix, source, times,
///   limits. Never a key or a hash.
/// - `POST /api/keys` with `{"name", "requestsPerMinute"?, "budget"?}`: a new key, stored
///   as its hash and in force at once; the answer (201) is the only place its key appears.
/// - `DELETE /api/keys/{id}`: revokes a key created here, at once. Config keys belong to
///   the config file (409): a start brings them back in line with it.
///
/// Requests are admitted by the gateway's own keys, as `/v1/…` requests are: a known key is
/// required when `auth.requireApiKey` is on. Any key in force may manage keys.
public struct ManagementAPI: Sendable {
    public let table: LiveRoutingTable
    public let store: UsageStore
    public let hasher: GatewayKeyHasher

    public init(table: LiveRoutingTable, store: UsageStore, hasher: GatewayKeyHasher) {
        (self.table, self.store, self.hasher) = (table, store, hasher)
    }

    /// The answer to a management request, or nil when `path` is none of its endpoints.
    /// `random` makes new keys: pass `SystemRandomNumberGenerator` (cryptographically secure).
    public func handle(method: String, path: String, body: [UInt8], presentedKey: KeyHash?, now: Instant,
                       random: inout some RandomNumberGenerator) -> ClientResponse? {
        guard let route = Route(path: path) else { return nil }
        if let refusal = admit(presentedKey) { return refusal.response(for: .openai) }
        do {
            switch (route, method) {
            case (.keys, "GET"): return try list()
            case (.keys, "POST"): return try create(body, now: now, random: &random)
            case (.key(let id), "DELETE"): return try revoke(id, now: now)
            case (.keys, _): throw MethodNotAllowed(allowed: "GET, POST")
            case (.key, _): throw MethodNotAllowed(allowed: "DELETE")
            }
        } catch let error as GatewayError {
            return error.response(for: .openai)
        } catch let error as MethodNotAllowed {
            var response = GatewayError(status: 405, code: "method_not_allowed", message: "\(method) is not allowed on \(path); use \(error.allowed)")
                .response(for: .openai)
            response.headers.append("allow", error.allowed)
            return response
        } catch {
            // The store failed (disk full, database locked): nothing was changed in force.
            return GatewayError(status: 500, code: "store_failed", message: "the key store failed: \(error)").response(for: .openai)
        }
    }

    /// The same rule as `RequestFlow`'s: a required key must be known; an offered key is not
    /// checked when none is required.
    private func admit(_ presentedKey: KeyHash?) -> GatewayError? {
        let current = table.current
        guard current.settings.auth.requireApiKey, presentedKey.flatMap(current.key(presented:)) == nil else { return nil }
        return GatewayError(status: 401, code: "invalid_api_key", message: presentedKey == nil
            ? "Missing API key: send a gateway key as 'Authorization: Bearer <key>', 'x-api-key', 'x-goog-api-key' or '?key='"
            : "Invalid API key")
    }

    private func list() throws -> ClientResponse {
        Self.json(200, KeyJSON.list(try store.gatewayKeys()))
    }

    private func create(_ body: [UInt8], now: Instant, random: inout some RandomNumberGenerator) throws -> ClientResponse {
        let request = try NewKeyRequest.parse(body)
        if table.current.keys.key(named: request.name) != nil { throw Self.nameTaken(request.name) }
        let key = GeneratedKey.make(using: &random)
        let config = GatewayKeyConfig(hash: hasher.hash(key), name: request.name, mask: GatewayKeyMask.of(key),
                                      requestsPerMinute: request.requestsPerMinute, budget: request.budget)
        // Stored first, then put in force: a key in force is always one a restart brings back.
        let stored = try store.createKey(config, at: now)
        do {
            _ = try table.updateKeys { keys throws(GatewayKeyConflict) in try keys.add(config) }
        } catch {
            // Another request took the name between the check and now: undo the row.
            _ = try store.revokeKey(id: stored.id, at: now)
            throw Self.nameTaken(request.name)
        }
        var object = KeyJSON.object(stored)
        object.append("key", .string(key))
        var response = Self.json(201, JSONWriter.encode(.object(object)))
        // The one answer that carries a key: no cache on the way may keep it.
        response.headers.append("cache-control", "no-store")
        return response
    }

    private func revoke(_ id: String, now: Instant) throws -> ClientResponse {
        guard let number = Int64(id), let existing = try store.gatewayKey(id: number) else {
            throw GatewayError(status: 404, code: "key_not_found", message: "no gateway key with id '\(id)'")
        }
        // A config key the file has dropped is revoked already: answered like any revoked key.
        if existing.source == .config, existing.isActive {
            throw GatewayError(status: 409, code: "key_from_config",
                               message: "gateway key \(existing.id) ('\(existing.name)') is declared in the config file: remove it there and restart")
        }
        guard let revoked = try store.revokeKey(id: number, at: now) else {
            throw GatewayError(status: 404, code: "key_not_found", message: "no gateway key with id '\(id)'")
        }
        _ = table.updateKeys { keys in keys.revoke(revoked.hash) }
        return Self.json(200, JSONWriter.encode(.object(KeyJSON.object(revoked))))
    }

    private static func nameTaken(_ name: String) -> GatewayError {
        GatewayError(status: 409, code: "key_name_taken", message: "a gateway key named '\(name)' is already in force", param: "name")
    }

    private static func json(_ status: Int, _ body: [UInt8]) -> ClientResponse {
        ClientResponse(status: status, headers: ["content-type": "application/json"], body: body)
    }

    private struct MethodNotAllowed: Error {
        var allowed: String
    }

    /// The management paths; a trailing slash is tolerated.
    enum Route: Equatable {
        case keys
        case key(String)

        init?(path: String) {
            var path = Substring(path)
            while path.count > 1, path.hasSuffix("/") { path.removeLast() }
            if path == "/api/keys" { self = .keys; return }
            let prefix = "/api/keys/"
            guard path.hasPrefix(prefix) else { return nil }
            let id = path.dropFirst(prefix.count)
            guard !id.isEmpty, !id.contains("/") else { return nil }
            self = .key(String(id))
        }
    }
}
