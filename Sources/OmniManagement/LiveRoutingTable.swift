import OmniCore
import Synchronization

/// The routing table in force, behind a lock: each request starts from `current`, and the
/// management API replaces the table's key set in it. The table is an immutable value, so a
/// request keeps the one it started with and never sees half a change.
public final class LiveRoutingTable: Sendable {
    private let box: Mutex<RoutingTable>

    public init(_ table: RoutingTable) { box = Mutex(table) }

    /// The table for a request starting now.
    public var current: RoutingTable { box.withLock { $0 } }

    /// Changes the key set in force, atomically: requests that start afterwards see the change.
    public func updateKeys<T: Sendable, E: Error>(_ change: (inout GatewayKeys) throws(E) -> T) throws(E) -> T {
        try box.withLock { (table: inout RoutingTable) throws(E) -> T in try change(&table.keys) }
    }
}
