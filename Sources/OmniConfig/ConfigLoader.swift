import Foundation
import OmniCore

/// Reads the gateway's config file (DESIGN.md, "Config file") into a `GatewayConfig`.
///
/// Strict on purpose: an unknown key, a value of the wrong type, an enum value that does not
/// exist, a negative count, a duration without a unit or a duplicate id is an error naming
/// the file, the path (`providers[1].limits.minGap`, indices from 0), the line and column, what
/// was expected and what was found. Nothing falls back to a default behind the user's back.
///
/// Secrets can stay out of the file: an `apiKeys`, `apiKey` or `key` value written `${NAME}`
/// is read from `environment`. Gateway keys (`auth.apiKeys`) are hashed as they are read,
/// with `API_KEY_SECRET` from the same `environment` (`GatewayKeyHasher`).
public enum ConfigLoader {
    /// Reads the file at `path`. `catalog` nil means the bundled catalog.
    public static func load(path: String, catalog: Catalog? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GatewayConfig {
        try load(yaml: YAMLDocument.readFile(path: path), source: path, catalog: catalog, environment: environment)
    }

    /// Reads `yaml`; `source` names it in errors (usually the file's path).
    public static func load(yaml: String, source: String, catalog: Catalog? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GatewayConfig {
        let catalog = try catalog ?? CatalogLoader.bundled()
        let reader = NodeReader(source: source, environment: environment)
        guard let root = try YAMLDocument.compose(yaml: yaml, source: source) else { return GatewayConfig() }
        return try read(Located(node: root, path: ""), reader: reader, catalog: catalog)
    }

    /// Reads a config that is part of another document (a simulator scenario's `gateway:`):
    /// paths in errors start from `located`'s.
    package static func read(_ located: Located, reader: NodeReader, catalog: Catalog) throws -> GatewayConfig {
        var config = GatewayConfig()
        let top = try reader.fields(located, allowed: topLevelKeys,
                                    what: "a mapping of sections (\(topLevelKeys.joined(separator: ", ")))")
        if let providers = top["providers"] {
            config.providers = try ProviderSection(reader: reader, catalog: catalog).read(providers)
        }
        if let combos = top["combos"] { config.combos = try ComboSection(reader: reader).read(combos) }
        if let routing = top["routing"] { config.routing = try RoutingSection(reader: reader).read(routing) }
        if let auth = top["auth"] { config.auth = try AuthSection(reader: reader, hasher: GatewayKeyHasher(environment: reader.environment)).read(auth) }
        if let resilience = top["resilience"] { config.resilience = try ResilienceSection(reader: reader).read(resilience) }
        if let cache = top["cache"] { config.cache = try readCache(cache, reader: reader) }
        if let idempotency = top["idempotency"] { config.idempotency = try readIdempotency(idempotency, reader: reader) }
        return config
    }

    static let topLevelKeys = ["providers", "combos", "routing", "auth", "resilience", "cache", "idempotency"]

    private static func readCache(_ located: Located, reader: NodeReader) throws -> CacheSettings {
        let fields = try reader.fields(located, allowed: ["enabled", "ttl", "maxEntries"])
        var cache = CacheSettings()
        if let enabled = fields["enabled"] { cache.enabled = try reader.bool(enabled) }
        if let ttl = fields["ttl"] { cache.ttl = try reader.duration(ttl) }
        if let maxEntries = fields["maxEntries"] { cache.maxEntries = try reader.positiveInt(maxEntries) }
        return cache
    }

    private static func readIdempotency(_ located: Located, reader: NodeReader) throws -> IdempotencySettings {
        let fields = try reader.fields(located, allowed: ["window"])
        var idempotency = IdempotencySettings()
        if let window = fields["window"] { idempotency.window = try reader.duration(window) }
        return idempotency
    }
}
