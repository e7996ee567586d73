/// Case-insensitive comparisons for header names and media types, on UTF-8 bytes.
///
/// `lowercased()` allocates a string per call, and `String.contains(String)` runs a generic
/// searcher; these ran on every request (several microseconds, by perf), where HTTP's tokens
/// are ASCII and need neither.
public enum ASCIICase {
    @inline(__always)
    public static func lower(_ byte: UInt8) -> UInt8 { byte &- 65 < 26 ? byte | 0x20 : byte }

    public static func equal(_ a: String, _ b: String) -> Bool {
        // Lengths first (most names differ in length), then the bytes where they lie: a
        // `var` copy for `withUTF8` cost a retain and a release per string, per header
        // looked at, per request.
        guard a.utf8.count == b.utf8.count else { return false }
        return a.withUTF8Bytes { x in
            b.withUTF8Bytes { y in
                for i in 0..<x.count where lower(x[i]) != lower(y[i]) { return false }
                return true
            }
        }
    }

    /// Whether `haystack` contains `needle`; `needle` must be lower-case.
    public static func contains(_ haystack: String, lowercaseNeedle needle: StaticString) -> Bool {
        return haystack.withUTF8Bytes { text in
            let count = needle.utf8CodeUnitCount
            guard count > 0, text.count >= count else { return count == 0 }
            let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: count)
            outer: for start in 0...(text.count - count) {
                for i in 0..<count where lower(text[start + i]) != pattern[i] { continue outer }
                return true
            }
            return false
        }
    }
}
