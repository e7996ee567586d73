import OmniCore

/// Paths to set aside before comparing a translation with its expected file: the
/// case's `lossy.json` plus what the formats themselves cannot carry (docs/fixtures.md).
public struct LossyRules: Sendable {
    /// (source pattern, target pattern, path)
    var entries: [(source: String, target: String, path: JSONPathPattern)] = []

    public init() {}

    /// Reads `{"description": …, "ignore": {"src->dst": [paths]}}`.
    public init(lossyFile json: JSON) throws {
        guard let ignore = json["ignore"]?.objectValue else { return }
        for field in ignore {
            let sides = field.key.components(separatedBy: "->")
            guard sides.count == 2 else { throw BenchError.badLossyFile("key \"\(field.key)\" is not source->target") }
            for path in field.value.arrayValue ?? [] {
                guard let text = path.stringValue else { throw BenchError.badLossyFile("paths under \"\(field.key)\" must be strings") }
                entries.append((sides[0].trimmingCharacters(in: .whitespaces), sides[1].trimmingCharacters(in: .whitespaces),
                                try JSONPathPattern(text)))
            }
        }
    }

    public func paths(from source: WireFormat, to target: WireFormat) -> [JSONPathPattern] {
        entries.filter { ($0.source == "*" || $0.source == source.rawValue) && ($0.target == "*" || $0.target == target.rawValue) }
            .map(\.path)
    }

    /// What follows from the formats themselves, for every case.
    public static func formatLevel(kind: PayloadKind, from source: WireFormat, to target: WireFormat) -> [JSONPathPattern] {
        var paths: [String] = []
        if source != target, source == .gemini || target == .gemini {
            paths += ["model", "stream", "stream_options", "modelVersion"]
        }
        if source == .gemini, target != .gemini {
            switch (kind, target) {
            case (.request, .openai): paths += ["messages[*].tool_calls[*].id", "messages[*].tool_call_id"]
            case (.request, .anthropic): paths += ["messages[*].content[*].id", "messages[*].content[*].tool_use_id"]
            case (.request, .responses): paths += ["input[*].call_id"]
            case (.response, .openai): paths += ["choices[*].message.tool_calls[*].id"]
            case (.response, .anthropic): paths += ["content[*].id"]
            case (.response, .responses): paths += ["output[*].call_id"]
            default: break
            }
        }
        if kind == .response, source != target, target == .responses { paths += ["output[*].id"] }
        if kind == .response, source == .anthropic || source == .gemini {
            if target == .openai { paths += ["created"] }
            if target == .responses { paths += ["created_at"] }
        }
        return paths.compactMap { try? JSONPathPattern($0) }
    }
}

public enum BenchError: Error, CustomStringConvertible {
    case badLossyFile(String)
    case badPath(String)
    case missing(String)
    public var description: String {
        switch self {
        case .badLossyFile(let s): return "lossy.json: \(s)"
        case .badPath(let s): return "bad path: \(s)"
        case .missing(let s): return s
        }
    }
}
