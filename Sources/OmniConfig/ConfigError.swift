/// Something wrong in a config or catalog file, said so the user can fix it without guessing:
/// which file, which place in it (a path such as `providers[1].limits.minGap`, list indices
/// counted from 0), which line and column (1-based, where the YAML parser knew them), what was
/// expected there and what was found.
///
/// `description` reads like a compiler diagnostic:
/// `gateway.yaml:12:7: providers[1].limits.minGap: expected a duration such as 250ms, 5s or 2m, found "fast"`.
public struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file (as the caller named it) or another name for the text that was read.
    public var source: String
    /// Where in the document; empty for the document as a whole (a syntax error, an empty file).
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(source: String, path: String, line: Int? = nil, column: Int? = nil, message: String) {
        (self.source, self.path, self.line, self.column, self.message) = (source, path, line, column, message)
    }

    public var description: String {
        var location = source
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}
