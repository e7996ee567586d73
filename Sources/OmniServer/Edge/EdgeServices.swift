import OmniConfig
import OmniCore
import OmniManagement

/// What every client connection shares: the engine's state, the upstream client, metrics,
/// the body limit and where usage rows go. A class: each connection and each flow holds
/// it, and as a struct every flow's copy retained (and released) each of its fields.
final class EdgeServices: Sendable {
    let gateway: SharedGateway
    let client: UpstreamClient
    let metrics: GatewayMetrics
    /// Presented gateway keys are hashed with this before the engine sees them.
    let keyHasher: GatewayKeyHasher
    /// `/api/keys`; nil without a data directory (keys live in the store).
    let management: ManagementAPI?
    let bodyLimit: Int
    /// Each event loop's flow timers.
    let timers: LoopTimerSet
    /// Takes the row over (the server's queues keep it without a copy).
    let onRecord: @Sendable (consuming UsageRecord) -> Void
    /// The engine's notices (breaker transitions, cooldowns, lockouts, budget events) with the
    /// time they were made; nil: nobody listens (the simulator's live mode does).
    let onNotice: (@Sendable (GatewayNotice, Instant) -> Void)?

    init(gateway: SharedGateway, client: UpstreamClient, metrics: GatewayMetrics, keyHasher: GatewayKeyHasher, management: ManagementAPI?,
         bodyLimit: Int, timers: LoopTimerSet, onRecord: @escaping @Sendable (consuming UsageRecord) -> Void,
         onNotice: (@Sendable (GatewayNotice, Instant) -> Void)? = nil) {
        (self.gateway, self.client, self.metrics, self.keyHasher, self.management) = (gateway, client, metrics, keyHasher, management)
        (self.bodyLimit, self.timers, self.onRecord, self.onNotice) = (bodyLimit, timers, onRecord, onNotice)
    }
}
