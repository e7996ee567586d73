/// "Did you mean …?" for a misspelt key or enum value: the allowed word nearest by edit
/// distance (letters compared without case, a swap of two neighbours counting as one edit),
/// offered only when it is close enough to be a likely typo.
package enum KeySuggestion {
    package static func closest(to typed: String, in allowed: [String]) -> String? {
        let lowered = typed.lowercased()
        var best: (word: String, distance: Int)?
        for word in allowed {
            let candidate = word.lowercased()
            // A cut-off word (`requestsPerMin`) is as good a hint as a typo.
            let distance = candidate.hasPrefix(lowered) && lowered.count >= 4 ? 1 : editDistance(lowered, candidate)
            if distance < (best?.distance ?? .max) { best = (word, distance) }
        }
        guard let best else { return nil }
        let limit = best.word.count <= 4 ? 1 : best.word.count <= 8 ? 2 : 3
        return best.distance <= limit ? best.word : nil
    }

    package static func unknownKeyMessage(_ key: String, allowed: [String]) -> String {
        var message = "unknown key \"\(key)\""
        if let near = closest(to: key, in: allowed) { message += " (did you mean \"\(near)\"?)" }
        return message + "; allowed here: " + allowed.joined(separator: ", ")
    }

    /// Optimal string alignment distance.
    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
