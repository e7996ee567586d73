/// Idempotency entries in one process. A completed entry lives `window` after its answer;
/// an in-flight one at most `staleAfter` after it began (a request whose adapter never
/// called `complete` or `abandon` must not block its key for ever).
///
/// Expired entries are purged on every call from two first-in-first-out queues of
/// deadlines, one for in-flight entries and one for completed ones. Each queue is in
/// deadline order when `now` only grows and the span is the same, which is the usual case,
/// so a purge pops only what has expired: amortised O(1). Correctness does not depend on
/// it: a lookup checks the entry's own deadline.
public struct InMemoryIdempotencyStore: IdempotencyStore, Sendable {
    /// How long a request may stay in flight before its key is free again; the default is
    /// the default total request timeout.
    public let staleAfter: Span

    private enum State: Sendable {
        case inFlight
        case completed(CachedResponse)
    }

    private struct Entry: Sendable {
        var state: State
        var fingerprint: Digest128?
        var window: Span
        var deadline: Instant
    }

    private struct Deadlines: Sendable {
        var items: [(key: IdempotencyKey, deadline: Instant)] = []
        var head = 0

        mutating func append(_ key: IdempotencyKey, _ deadline: Instant) { items.append((key, deadline)) }

        mutating func popExpired(at now: Instant) -> (key: IdempotencyKey, deadline: Instant)? {
            guard head < items.count, items[head].deadline <= now else {
                if head > 64, head * 2 > items.count {
                    items.removeFirst(head)
                    head = 0
                }
                return nil
            }
            head += 1
            return items[head - 1]
        }
    }

    private var entries: [IdempotencyKey: Entry] = [:]
    private var inFlightDeadlines = Deadlines()
    private var completedDeadlines = Deadlines()

    public init(staleAfter: Span = .minutes(10)) { self.staleAfter = staleAfter }

    /// Entries held, expired ones not yet purged included.
    public var count: Int { entries.count }

    public mutating func begin(_ key: IdempotencyKey, fingerprint: Digest128?, now: Instant, window: Span) -> IdempotencyDecision {
        purge(now)
        if let entry = entries[key], now < entry.deadline {
            if let first = entry.fingerprint, let fingerprint, first != fingerprint { return .mismatch }
            switch entry.state {
            case .inFlight: return .conflict
            case .completed(let response): return .replay(response)
            }
        }
        let deadline = now + staleAfter
        entries[key] = Entry(state: .inFlight, fingerprint: fingerprint, window: window, deadline: deadline)
        inFlightDeadlines.append(key, deadline)
        return .proceed
    }

    public mutating func complete(_ key: IdempotencyKey, response: CachedResponse, now: Instant) {
        purge(now)
        // Only the request `begin` let through answers; a stale or abandoned one does not.
        guard var entry = entries[key], case .inFlight = entry.state else { return }
        entry.state = .completed(response)
        entry.deadline = now + entry.window
        entries[key] = entry
        completedDeadlines.append(key, entry.deadline)
    }

    public mutating func abandon(_ key: IdempotencyKey) {
        if let entry = entries[key], case .inFlight = entry.state { entries[key] = nil }
    }

    private mutating func purge(_ now: Instant) {
        while let item = inFlightDeadlines.popExpired(at: now) { removeIfDue(item.key, item.deadline) }
        while let item = completedDeadlines.popExpired(at: now) { removeIfDue(item.key, item.deadline) }
    }

    /// Removes the entry only when it is still the one the queued deadline was for.
    private mutating func removeIfDue(_ key: IdempotencyKey, _ deadline: Instant) {
        if let entry = entries[key], entry.deadline == deadline { entries[key] = nil }
    }
}
