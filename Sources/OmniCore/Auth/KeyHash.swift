/// A gateway key as the core knows it: the key's keyed hash (HMAC-SHA256 under
/// `API_KEY_SECRET`, lower-case hex), computed by an adapter before anything reaches the
/// engine. The core compares these and never holds a key, so a key cannot leak from it
/// into a log, an error, `/health` or `/metrics`.
public struct KeyHash: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let hex: String

    public init(hex: String) { self.hex = hex }

    /// Redacted: a value that ends up in a log line or an interpolated message tells nothing.
    public var description: String { "KeyHash(redacted)" }
    public var debugDescription: String { description }
}
