/// The exact-response cache in one process: at most `maxEntries` answers and `maxBytes` of
/// request and response bodies, the least recently used evicted first, each entry dropped
/// once its TTL has passed. Every operation is O(1) on average: a dictionary finds a slot,
/// and a doubly linked list threaded through an array of slots (indices, not references,
/// so the cache stays a value type) keeps the recency order.
///
/// Expired entries are dropped when looked up or when they reach the old end of the list;
/// the size bounds hold either way.
public struct InMemoryResponseCache: ResponseCacheStore, Sendable {
    public let maxEntries: Int
    public let maxBytes: Int

    private struct Slot: Sendable {
        var key: CacheKey
        var request: [UInt8]
        var response: CachedResponse
        var expiresAt: Instant
        var bytes: Int
        /// Towards the most recently used end.
        var newer: Int
        /// Towards the least recently used end.
        var older: Int
    }

    private var slots: [Slot] = []
    private var freeSlots: [Int] = []
    private var index: [CacheKey: Int] = [:]
    private var newest = -1
    private var oldest = -1
    public private(set) var storedBytes = 0

    /// Bookkeeping per entry on top of its bodies, for the byte bound.
    private static let entryOverhead = 128

    public init(maxEntries: Int, maxBytes: Int = 256 << 20) {
        self.maxEntries = max(0, maxEntries)
        self.maxBytes = max(0, maxBytes)
    }

    public init(settings: CacheSettings, maxBytes: Int = 256 << 20) {
        self.init(maxEntries: settings.maxEntries, maxBytes: maxBytes)
    }

    public var count: Int { index.count }

    public mutating func lookup(_ key: CacheKey, body: [UInt8], now: Instant) -> CachedResponse? {
        guard let i = index[key] else { return nil }
        if slots[i].expiresAt <= now {
            remove(i)
            return nil
        }
        // A fingerprint collision: the entry belongs to other request bytes.
        guard slots[i].request == body else { return nil }
        moveToNewest(i)
        return slots[i].response
    }

    public mutating func store(_ key: CacheKey, body: [UInt8], response: CachedResponse, now: Instant, ttl: Span) {
        if let i = index[key] { remove(i) }
        let bytes = body.count + response.body.count + response.contentType.utf8.count + Self.entryOverhead
        guard ttl > .zero, maxEntries > 0, bytes <= maxBytes else { return }
        while let i = oldestIndex, count >= maxEntries || storedBytes + bytes > maxBytes || slots[i].expiresAt <= now {
            remove(i)
        }
        let slot = Slot(key: key, request: body, response: response, expiresAt: now + ttl, bytes: bytes, newer: -1, older: newest)
        let i: Int
        if let free = freeSlots.popLast() {
            i = free
            slots[i] = slot
        } else {
            i = slots.count
            slots.append(slot)
        }
        if newest >= 0 { slots[newest].newer = i }
        newest = i
        if oldest < 0 { oldest = i }
        index[key] = i
        storedBytes += bytes
    }

    /// Drops every entry.
    public mutating func removeAll() { self = InMemoryResponseCache(maxEntries: maxEntries, maxBytes: maxBytes) }

    private var oldestIndex: Int? { oldest >= 0 ? oldest : nil }

    private mutating func unlink(_ i: Int) {
        let (newer, older) = (slots[i].newer, slots[i].older)
        if newer >= 0 { slots[newer].older = older } else { newest = older }
        if older >= 0 { slots[older].newer = newer } else { oldest = newer }
    }

    private mutating func moveToNewest(_ i: Int) {
        guard newest != i else { return }
        unlink(i)
        slots[i].older = newest
        slots[i].newer = -1
        slots[newest].newer = i
        newest = i
    }

    private mutating func remove(_ i: Int) {
        unlink(i)
        index[slots[i].key] = nil
        storedBytes -= slots[i].bytes
        // Let the bodies go now rather than when the slot is reused.
        slots[i].request = []
        slots[i].response.body = []
        freeSlots.append(i)
    }
}
