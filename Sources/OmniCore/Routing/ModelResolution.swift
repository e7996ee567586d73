/// A model name no config or catalog entry answers to, with the closest names it might
/// have meant. The server renders it as a 404 in the client's format.
public struct UnknownModel: Error, Sendable, Equatable, CustomStringConvertible {
    public var requested: String
    public var suggestions: [String]
    /// Set when the name is right but cannot be routed (a catalog provider without accounts).
    public var detail: String?

    public var description: String {
        if let detail { return "model '\(requested)': \(detail)" }
        return "unknown model '\(requested)'" + ModelSuggestions.phrase(suggestions)
    }
}

extension RoutingTable {
    /// `prefix/model`, a combo name or a bare model id first (exact names), then the most
    /// specific wildcard alias. An unknown name is an error listing the closest known names.
    public func resolve(_ name: String) -> Result<RouteTarget, UnknownModel> {
        if let target = exact[name] { return .success(target) }
        for alias in aliases where alias.pattern.matches(name) { return .success(alias.target) }
        if let slash = name.firstIndex(of: "/"), provider(named: String(name[..<slash])) == nil {
            let prefix = String(name[..<slash])
            if catalogPrefixes.contains(prefix) {
                return .failure(UnknownModel(requested: name, suggestions: [], detail: "provider '\(prefix)' has no accounts in the config"))
            }
        }
        return .failure(UnknownModel(requested: name, suggestions: ModelSuggestions.closest(to: name, among: knownNames)))
    }

    /// The models a target stands for, in its listed order.
    public func models(of target: RouteTarget) -> [Int] {
        switch target {
        case .models(let list): return list
        case .combo(let c): return combos[c].steps
        }
    }
}

/// "Did you mean": the known names closest to a typo, by edit distance (and containment,
/// so `opus` finds `cc/claude-opus-4-6`).
public enum ModelSuggestions {
    public static func closest(to name: String, among names: [String], limit: Int = 3) -> [String] {
        let wanted = Array(name.lowercased().utf8)
        var scored: [(score: Int, name: String)] = []
        for candidate in names {
            let lower = candidate.lowercased()
            let distance = editDistance(wanted, Array(lower.utf8))
            // Close by edits, or one contains the other (a missing prefix, a shortened name).
            let contained = wanted.count >= 3 && (lower.contains(name.lowercased()) || name.lowercased().contains(lower))
            let bound = max(2, wanted.count / 3)
            if distance <= bound || contained { scored.append((contained ? min(distance, bound) : distance, candidate)) }
        }
        scored.sort { $0.score != $1.score ? $0.score < $1.score : $0.name < $1.name }
        return scored.prefix(limit).map(\.name)
    }

    public static func phrase(_ suggestions: [String]) -> String {
        suggestions.isEmpty ? "" : "; did you mean " + suggestions.map { "'\($0)'" }.joined(separator: ", ") + "?"
    }

    /// Levenshtein distance over bytes, two rows.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
