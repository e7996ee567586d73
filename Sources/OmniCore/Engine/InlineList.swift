/// A list whose first three elements live inline, the rest in an array: for the few items a
/// request collects (the keys it tried, a simulated flow's timers), which most of the time
/// are one to three and were an array allocation per request each.
public struct InlineList<Element> {
    // Inlinable (a generic used from other modules runs unspecialized otherwise: the
    // simulator's timers through it cost 4 % more instructions per simulated request).
    @usableFromInline var first: Element?
    @usableFromInline var second: Element?
    @usableFromInline var third: Element?
    @usableFromInline var more: [Element] = []

    @inlinable public init() {}

    @inlinable public mutating func append(_ element: Element) {
        if first == nil { first = element } else if second == nil { second = element } else if third == nil { third = element } else { more.append(element) }
    }

    /// The elements in the order they were appended.
    @inlinable public func forEach(_ body: (Element) -> Void) {
        guard let first else { return }
        body(first)
        guard let second else { return }
        body(second)
        guard let third else { return }
        body(third)
        more.forEach(body)
    }
}

extension InlineList: Equatable where Element: Equatable {
    @inlinable public func contains(_ element: Element) -> Bool {
        first == element || second == element || third == element || (!more.isEmpty && more.contains(element))
    }
}

extension InlineList: Sendable where Element: Sendable {}
