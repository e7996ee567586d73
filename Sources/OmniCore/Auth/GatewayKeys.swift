/// The gateway keys in force: a key's hash → its name, limits and budget.
///
/// A value, so that it can be swapped whole: the routing table carries one, the server
/// keeps the table behind a lock and replaces the key set when the management API creates
/// or revokes a key. A request already in flight keeps the set it was admitted with.
///
/// Keys are numbered (`RoutedKey.index`) in the order they were added, and a revoked key
/// keeps its number: `GatewayState.keys` is addressed by these numbers, so they must never
/// shift under a running gateway.
public struct GatewayKeys: Sendable, Equatable {
    /// Every key added in this run, revoked ones included, by `RoutedKey.index`.
    public private(set) var slots: [RoutedKey] = []
    /// Parallel to `slots`: the hash a key answers to, nil once it is revoked.
    private var hashes: [KeyHash?] = []
    private var byHash: [KeyHash: Int] = [:]

    public init() {}

    /// The keys in force, in the order they were added.
    public var active: [RoutedKey] { slots.filter { hashes[$0.index] != nil } }
    /// How many keys are in force.
    public var count: Int { byHash.count }

    /// The key whose hash a client presented, if it is in force.
    public func key(presented hash: KeyHash) -> RoutedKey? { byHash[hash].map { slots[$0] } }

    /// The key in force with this name.
    public func key(named name: String) -> RoutedKey? { active.first { $0.name == name } }

    /// Puts a key in force. Names must be unique among the keys in force: usage rows,
    /// budgets and a restart's restored state all go by the name.
    @discardableResult
    public mutating func add(_ config: GatewayKeyConfig) throws(GatewayKeyConflict) -> RoutedKey {
        if let existing = byHash[config.hash] { throw .sameKey(name: slots[existing].name) }
        if key(named: config.name) != nil { throw .sameName(config.name) }
        let key = RoutedKey(index: slots.count, name: config.name, requestsPerMinute: config.requestsPerMinute, budget: config.budget)
        slots.append(key)
        hashes.append(config.hash)
        byHash[config.hash] = key.index
        return key
    }

    /// Takes a key out of force; nil when no key in force has this hash.
    @discardableResult
    public mutating func revoke(_ hash: KeyHash) -> RoutedKey? {
        guard let index = byHash.removeValue(forKey: hash) else { return nil }
        hashes[index] = nil
        return slots[index]
    }
}

/// Why a key cannot be put in force. Never names the key itself.
public enum GatewayKeyConflict: Error, Sendable, Equatable, CustomStringConvertible {
    /// The same key is already in force, under this name.
    case sameKey(name: String)
    /// Another key in force has this name.
    case sameName(String)

    public var description: String {
        switch self {
        case .sameKey(let name): return "this key is already in force (as '\(name)')"
        case .sameName(let name): return "key name '\(name)' is already in use"
        }
    }
}
