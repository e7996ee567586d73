/// A growable stack the parser pushes the members of the object or array it is reading
/// onto; when the container closes, its members are *moved* (no retain/release) into an
/// array of exactly their count. One allocation per container, none wasted on growth.
final class ScratchStack<Element> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    /// Small at first: tool-call arguments are parsed too, and most are a few fields.
    init(capacity: Int = 16) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always) func push(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    private func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Moves the elements from `start` to the top into a new array and pops them.
    @inline(__always) func popArray(from start: Int) -> [Element] {
        let n = count - start
        if n == 0 { return [] }
        // reserveCapacity + moving appends: exact size, no retain/release. (The
        // `unsafeUninitializedCapacity` initializer measured slower here: it runs
        // unspecialized in the standard library and looks up generic metadata per call.)
        var array: [Element] = []
        array.reserveCapacity(n)
        for i in start..<count { array.append((base + i).move()) }
        count = start
        return array
    }

    /// Drops the elements from `start` to the top (error paths).
    func pop(to start: Int) {
        (base + start).deinitialize(count: count - start)
        count = start
    }
}

/// A reusable byte buffer for decoding escaped strings without an allocation each.
final class ScratchBytes {
    private var base: UnsafeMutablePointer<UInt8>?
    private var capacity = 0

    init() {}

    deinit { base?.deallocate() }

    /// A buffer of at least `count` bytes, valid until the next call. Allocated on first
    /// use: most documents have few escaped strings, many have none.
    @inline(__always) func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if let base, count <= capacity { return base }
        base?.deallocate()
        capacity = max(count, 256, capacity * 2)
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        base = fresh
        return fresh
    }
}
