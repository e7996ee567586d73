extension String {
    /// `body` on the string's UTF-8 bytes: in place for native strings, through a native copy
    /// for small and bridged ones. (`var copy = string; copy.withUTF8` cost a retain and a
    /// release per call, on paths that run for every header and key.)
    @inline(__always)
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var native = self
        return native.withUTF8(body)
    }
}

extension StaticString {
    /// Whether `bytes` are this literal's UTF-8 bytes (a key as written, compared in place;
    /// a plain loop: the generic `elementsEqual` cost three times as much here).
    @inline(__always)
    func isSpelled(by bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == utf8CodeUnitCount else { return false }
        let start = utf8Start
        for i in 0..<bytes.count where bytes[i] != start[i] { return false }
        return true
    }
}
