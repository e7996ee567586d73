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
