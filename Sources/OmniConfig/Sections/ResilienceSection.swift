import OmniCore

/// `resilience:` — timeouts, the attempt budget, default rate limits and the breaker and
/// cooldown values of each provider profile.
struct ResilienceSection {
    let reader: NodeReader

    static let profileKeys = ["failureThreshold", "resetTimeout", "escalationFactor", "maxResetTimeout", "halfOpenProbes",
                              "successesToClose", "cooldownBase", "cooldownFactor", "cooldownMax", "lockoutRetest"]

    func read(_ located: Located) throws -> ResilienceSettings {
        let fields = try reader.fields(located, allowed: ["timeouts", "maxAttempts", "maxQueueWait", "rateLimits", "profiles"])
        var resilience = ResilienceSettings()
        if let timeouts = fields["timeouts"] { resilience.timeouts = try readTimeouts(timeouts) }
        if let attempts = fields["maxAttempts"] { resilience.maxAttempts = try reader.positiveInt(attempts) }
        if let wait = fields["maxQueueWait"] { resilience.maxQueueWait = try reader.duration(wait, allowZero: true) }
        if let limits = fields["rateLimits"] { resilience.rateLimits = try LimitsReader.read(limits, reader: reader) }
        if let profiles = fields["profiles"] {
            for entry in try reader.entries(profiles) {
                guard let kind = ProviderProfile(rawValue: entry.key) else {
                    let allowed = ProviderProfile.allCases.map(\.rawValue)
                    throw reader.error(at: entry.keyAt, KeySuggestion.unknownKeyMessage(entry.key, allowed: allowed))
                }
                resilience.profiles[kind] = try readProfile(entry.value, over: resilience.profile(kind))
            }
        }
        return resilience
    }

    private func readTimeouts(_ located: Located) throws -> Timeouts {
        let fields = try reader.fields(located, allowed: ["connect", "firstByte", "streamIdle", "total"])
        var timeouts = Timeouts()
        if let connect = fields["connect"] { timeouts.connect = try reader.duration(connect) }
        if let firstByte = fields["firstByte"] { timeouts.firstByte = try reader.duration(firstByte) }
        if let idle = fields["streamIdle"] { timeouts.streamIdle = try reader.duration(idle) }
        if let total = fields["total"] { timeouts.total = try reader.duration(total) }
        return timeouts
    }

    /// The keys given replace the profile's defaults field by field; the rest stay.
    private func readProfile(_ located: Located, over defaults: ResilienceProfile) throws -> ResilienceProfile {
        let fields = try reader.fields(located, allowed: Self.profileKeys)
        var breaker = defaults.breaker, cooldown = defaults.cooldown
        if let v = fields["failureThreshold"] { breaker.failureThreshold = try reader.positiveInt(v) }
        if let v = fields["resetTimeout"] { breaker.resetTimeout = try reader.duration(v) }
        if let v = fields["escalationFactor"] { breaker.escalationFactor = Int64(try reader.positiveInt(v)) }
        if let v = fields["maxResetTimeout"] { breaker.maxResetTimeout = try reader.duration(v) }
        if let v = fields["halfOpenProbes"] { breaker.halfOpenProbes = try reader.positiveInt(v) }
        if let v = fields["successesToClose"] { breaker.successesToClose = try reader.positiveInt(v) }
        if let v = fields["cooldownBase"] { cooldown.base = try reader.duration(v) }
        if let v = fields["cooldownFactor"] { cooldown.factor = Int64(try reader.positiveInt(v)) }
        if let v = fields["cooldownMax"] { cooldown.max = try reader.duration(v) }
        if let v = fields["lockoutRetest"] { cooldown.lockoutRetest = try reader.duration(v) }
        // A cap below its start would make escalation shrink the wait; name whichever the file set.
        if breaker.maxResetTimeout < breaker.resetTimeout {
            let at = fields["maxResetTimeout"] ?? fields["resetTimeout"] ?? located
            throw reader.error(at: at, "maxResetTimeout (\(breaker.maxResetTimeout)) must not be shorter than resetTimeout (\(breaker.resetTimeout))")
        }
        if cooldown.max < cooldown.base {
            let at = fields["cooldownMax"] ?? fields["cooldownBase"] ?? located
            throw reader.error(at: at, "cooldownMax (\(cooldown.max)) must not be shorter than cooldownBase (\(cooldown.base))")
        }
        return ResilienceProfile(breaker: breaker, cooldown: cooldown)
    }
}
