import OmniCore

/// `auth:` — whether clients must present a key, and the keys with their limits and budgets.
/// Each key is hashed as soon as it is read: only its hash and its mask go on.
struct AuthSection {
    let reader: NodeReader
    let hasher: GatewayKeyHasher

    func read(_ located: Located) throws -> AuthSettings {
        let fields = try reader.fields(located, allowed: ["requireApiKey", "apiKeys"])
        var auth = AuthSettings()
        if let require = fields["requireApiKey"] { auth.requireApiKey = try reader.bool(require) }
        if let keys = fields["apiKeys"] { auth.apiKeys = try readKeys(keys) }
        return auth
    }

    /// Each a key (named `key-1`, `key-2`, … by position) or `{key, name, requestsPerMinute, budget}`.
    private func readKeys(_ located: Located) throws -> [GatewayKeyConfig] {
        var keys: [GatewayKeyConfig] = []
        var keyPlaces: [KeyHash: String] = [:]
        var namePlaces: [String: String] = [:]
        for (index, item) in try reader.list(located, what: "a list of keys").enumerated() {
            let key: GatewayKeyConfig
            var keyAt = item, nameAt = item
            if case .scalar = item.node {
                key = entry(secret: try reader.secret(item), name: "key-\(index + 1)")
            } else {
                let fields = try reader.fields(item, allowed: ["key", "name", "requestsPerMinute", "budget"],
                                               what: "a key, or a mapping with key, name, requestsPerMinute, budget")
                guard let secretAt = fields["key"] else { throw reader.error(at: item, "an API key entry needs \"key\"") }
                keyAt = secretAt
                var read = entry(secret: try reader.secret(secretAt), name: "key-\(index + 1)")
                if let name = fields["name"] { read.name = try reader.nonEmptyString(name); nameAt = name }
                if let rpm = fields["requestsPerMinute"] { read.requestsPerMinute = try reader.positiveInt(rpm) }
                if let budget = fields["budget"] { read.budget = try BudgetReader.read(budget, reader: reader) }
                key = read
            }
            // The key is never repeated in a message; its place is.
            if let first = keyPlaces[key.hash] { throw reader.error(at: keyAt, "the same key is listed twice (first at \(first))") }
            if let first = namePlaces[key.name] { throw reader.error(at: nameAt, "duplicate key name \"\(key.name)\" (first at \(first))") }
            keyPlaces[key.hash] = item.path
            namePlaces[key.name] = item.path
            keys.append(key)
        }
        return keys
    }

    private func entry(secret: String, name: String) -> GatewayKeyConfig {
        GatewayKeyConfig(hash: hasher.hash(secret), name: name, mask: GatewayKeyMask.of(secret))
    }
}

/// `budget:` of a gateway key: US dollars per day, week and month, reset at a local time.
enum BudgetReader {
    static func read(_ located: Located, reader: NodeReader) throws -> BudgetConfig {
        let fields = try reader.fields(located, allowed: ["daily", "weekly", "monthly", "resetTime", "utcOffset", "warnAt"])
        var budget = BudgetConfig()
        if let daily = fields["daily"] { budget.daily = try reader.nonNegativeNumber(daily) }
        if let weekly = fields["weekly"] { budget.weekly = try reader.nonNegativeNumber(weekly) }
        if let monthly = fields["monthly"] { budget.monthly = try reader.nonNegativeNumber(monthly) }
        if let reset = fields["resetTime"] { budget.resetMinuteOfDay = try resetMinute(reset, reader: reader) }
        if let offset = fields["utcOffset"] { budget.utcOffsetMinutes = try offsetMinutes(offset, reader: reader) }
        if let warn = fields["warnAt"] {
            let share = try reader.number(warn)
            guard share > 0, share <= 1 else { throw reader.expected("a share above 0 and at most 1, such as 0.8", at: warn) }
            budget.warnAt = share
        }
        return budget
    }

    /// `HH:MM`, 00:00 to 23:59. Read from the text, since YAML 1.1 would make `10:00` the
    /// base-60 number 600.
    static func resetMinute(_ located: Located, reader: NodeReader) throws -> Int {
        guard case .scalar(let scalar) = located.node, let minutes = clock(scalar.string), minutes < 24 * 60 else {
            throw reader.expected("a time of day written HH:MM, such as 10:00", at: located)
        }
        return minutes
    }

    /// `+02:00`, `-05:30`, `Z`: minutes east of UTC, at most 14 hours either way.
    static func offsetMinutes(_ located: Located, reader: NodeReader) throws -> Int {
        let what = "a UTC offset written +HH:MM or -HH:MM, such as +02:00"
        guard case .scalar(let scalar) = located.node else { throw reader.expected(what, at: located) }
        let text = scalar.string
        if text == "Z" || text == "UTC" { return 0 }
        guard let sign = text.first, sign == "+" || sign == "-", let minutes = clock(String(text.dropFirst())),
              minutes <= 14 * 60 else { throw reader.expected(what, at: located) }
        return sign == "-" ? -minutes : minutes
    }

    private static func clock(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hours = Int(parts[0]), let minutes = Int(parts[1]), hours >= 0, (0..<60).contains(minutes) else { return nil }
        return hours * 60 + minutes
    }
}
