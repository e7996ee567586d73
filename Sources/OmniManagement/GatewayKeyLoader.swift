import OmniCore
import OmniStore

/// At start: the config file's keys go into the store, and the keys created through the
/// management API (still in force) come out of it into the routing table's key set.
public enum GatewayKeyLoader {
    public static func load(into table: inout RoutingTable, store: UsageStore, now: Instant) throws {
        try store.syncConfigKeys(table.settings.auth.apiKeys, at: now)
        for stored in try store.gatewayKeys() where stored.source == .api && stored.isActive {
            do {
                try table.keys.add(stored.config)
            } catch {
                throw GatewayKeyLoadError(id: stored.id, name: stored.name, conflict: error)
            }
        }
    }
}

/// A key created through the API clashes with the config file's keys.
public struct GatewayKeyLoadError: Error, Sendable, CustomStringConvertible {
    public var id: Int64
    public var name: String
    public var conflict: GatewayKeyConflict

    public var description: String {
        "gateway key \(id) ('\(name)', created through the management API) clashes with the config file's keys: \(conflict); "
            + "give the config file's key another name"
    }
}
