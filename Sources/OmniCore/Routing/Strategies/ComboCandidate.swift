/// What a combo strategy needs to know about one step of a combo for one request. The
/// routing state builds these in the combo's step order; the strategy only reads them.
public struct ComboCandidate: Sendable, Equatable {
    /// The step may be tried iff `availableAt <= now`: the earliest time any account of its
    /// provider is free (none cooling down, locked out, behind an open breaker or over its
    /// limits), or `.distantFuture` for a step the request must not try again.
    public var availableAt: Instant
    /// Weighted strategy: `ComboStep.weight`. Zero or negative never goes first while a
    /// positive weight is available; weights above `UInt32.max` count as `UInt32.max`.
    public var weight: Int
    /// Cost-optimized: the step model's blended price (any unit, the same for all steps);
    /// nil (or NaN) when the catalog has none.
    public var blendedPrice: Double?
    /// Least-used: this combo's requests on the step right now…
    public var inFlight: Int32
    /// …then its requests so far.
    public var requests: Int64

    public init(availableAt: Instant = .distantPast, weight: Int = 1, blendedPrice: Double? = nil,
                inFlight: Int32 = 0, requests: Int64 = 0) {
        (self.availableAt, self.weight, self.blendedPrice) = (availableAt, weight, blendedPrice)
        (self.inFlight, self.requests) = (inFlight, requests)
    }

    @inline(__always)
    func isAvailable(at now: Instant) -> Bool { availableAt <= now }

    /// The weight as a draw uses it: never negative, never enough to overflow a sum.
    @inline(__always)
    var drawWeight: UInt64 { UInt64(min(max(weight, 0), Int(UInt32.max))) }

    /// The price if there is a usable one.
    @inline(__always)
    var price: Double? {
        guard let blendedPrice, !blendedPrice.isNaN else { return nil }
        return blendedPrice
    }
}

/// Round-robin's memory for one combo: the step the next request starts at. Kept by the
/// routing state (and persisted with it, hence Codable).
public struct ComboCursor: Codable, Sendable, Equatable {
    public var next: Int32

    public init(next: Int32 = 0) { self.next = next }
}
