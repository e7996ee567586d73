/// One request's route: the models to try in order (its target's, ordered by the combo
/// strategy, then the global fallback chain), and what this request has already used up.
public struct RoutePlan: Sendable, Equatable {
    public var models: [Int] = []
    /// The combo the models came from, for its in-flight counters.
    public var combo: Int?
    /// How many of `models` belong to the combo (the rest is the fallback chain).
    public var comboSteps: Int = 0
    /// Account × model pairs this request already tried (`GatewayState.modelKey`): not
    /// tried again. The same account may still serve another model of the combo.
    public var tried = InlineList<Int64>()
    /// Providers an answer told us to move away from (5xx, timeouts).
    public var skipped: [Int] = []

    public init() {}

    mutating func skip(provider: Int) { if !skipped.contains(provider) { skipped.append(provider) } }
}

public enum AttemptPick: Sendable, Equatable {
    case account(Int, model: Int)
    /// Nothing can be sent now; the earliest time something might (`distantFuture`: never).
    case noneUntil(Instant)
}
