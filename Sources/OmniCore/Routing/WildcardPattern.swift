/// A model-name pattern with `*` (any run of characters, also none) and `?` (one character),
/// as the guide's wildcard aliases (`claude-sonnet-*`). Matching is over Unicode scalars.
public struct WildcardPattern: Sendable, Equatable {
    public let text: String
    private let scalars: [Unicode.Scalar]

    public init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
    }

    /// More literal characters is more specific; then fewer `*`; then fewer `?`.
    /// `claude-sonnet-4-*` beats `claude-*` beats `*`.
    public var specificity: (literals: Int, stars: Int, questionMarks: Int) {
        var literals = 0, stars = 0, questions = 0
        for s in scalars {
            switch s {
            case "*": stars += 1
            case "?": questions += 1
            default: literals += 1
            }
        }
        return (literals, stars, questions)
    }

    public static func moreSpecific(_ a: WildcardPattern, than b: WildcardPattern) -> Bool {
        let x = a.specificity, y = b.specificity
        if x.literals != y.literals { return x.literals > y.literals }
        if x.stars != y.stars { return x.stars < y.stars }
        return x.questionMarks < y.questionMarks
    }

    /// Greedy matching with backtracking to the last star: linear in practice, no recursion.
    public func matches(_ name: String) -> Bool {
        let input = Array(name.unicodeScalars)
        var p = 0, i = 0
        var starP = -1, starI = 0
        while i < input.count {
            if p < scalars.count, scalars[p] == "?" || (scalars[p] != "*" && scalars[p] == input[i]) {
                p += 1; i += 1
            } else if p < scalars.count, scalars[p] == "*" {
                starP = p; starI = i; p += 1
            } else if starP >= 0 {
                p = starP + 1; starI += 1; i = starI
            } else {
                return false
            }
        }
        while p < scalars.count, scalars[p] == "*" { p += 1 }
        return p == scalars.count
    }
}
