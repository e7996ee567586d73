/// A growable stack the parser pushes the members of the object or array it is reading
/// onto; when the container closes, its members are *moved* (no retain/release) into an
/// array of exactly their count. One allocation per container, none wasted on growth.
///
/// A struct with manual memory (the parser frees it when it is done) rather than a class:
/// tool-call arguments are parsed one by one, and three objects per tiny parse showed up
/// in profiles. The buffer is allocated on the first push.
struct ScratchStack<Element> {
    private var base: UnsafeMutablePointer<Element>?
    private var capacity = 0
    private(set) var count = 0

    @inline(__always) mutating func push(_ element: Element) {
        if count == capacity { grow() }
        (base! + count).initialize(to: element)
        count += 1
    }

    private mutating func grow() {
        let newCapacity = max(16, capacity * 2)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        if let base {
            newBase.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        base = newBase
        capacity = newCapacity
    }

    /// Moves the elements from `start` to the top into a new array and pops them.
    @inline(__always) mutating func popArray(from start: Int) -> [Element] {
        let n = count - start
        guard n > 0, let base else { return [] }
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
    mutating func pop(to start: Int) {
        guard let base else { return }
        (base + start).deinitialize(count: count - start)
        count = start
    }

    /// Frees the buffer; the stack is empty and usable again afterwards.
    mutating func release() {
        guard let base else { return }
        base.deinitialize(count: count)
        base.deallocate()
        self.base = nil
        capacity = 0
        count = 0
    }
}

/// A reusable byte buffer for decoding escaped strings without an allocation each.
struct ScratchBytes {
    private var base: UnsafeMutablePointer<UInt8>?
    private var capacity = 0

    /// A buffer of at least `count` bytes, valid until the next call. Allocated on first
    /// use: most documents have few escaped strings, many have none.
    @inline(__always) mutating func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if let base, count <= capacity { return base }
        base?.deallocate()
        capacity = max(count, 256, capacity * 2)
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        base = fresh
        return fresh
    }

    mutating func release() {
        base?.deallocate()
        base = nil
        capacity = 0
    }
}
