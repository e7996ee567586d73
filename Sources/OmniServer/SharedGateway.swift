import Synchronization
import OmniCore
import OmniManagement

/// The routing table and the shared routing state, behind one lock. Every flow event that
/// needs the state is handled under it, after the flow has done the event's translating
/// outside it (`RequestFlow.prepare`, as the request body is read before the arrival); the
/// others (an answer's head and chunks, mostly) not at all (`RequestFlow.handleAlone`). One lock keeps
/// the engine's single-threaded contract exactly as the simulator runs it, and what it
/// guards is the state's bookkeeping, not the bytes' work.
final class SharedGateway: Sendable {
    /// The table in force: the management API swaps its key set while serving.
    let live: LiveRoutingTable
    private let state: Mutex<GatewayState>

    /// The table for a request starting now (a request keeps the one it started with).
    var table: RoutingTable { live.current }

    init(table: RoutingTable, seed: UInt64, restoring snapshot: GatewaySnapshot? = nil) {
        live = LiveRoutingTable(table)
        if let snapshot {
            var restored = GatewayState(table: table, restoring: snapshot)
            // A restart is a new run of the random strategies, not a replay of the last one.
            restored.random = SplitMix64(seed: seed)
            state = Mutex(restored)
        } else {
            state = Mutex(GatewayState(table: table, seed: seed))
        }
    }

    /// Handles `event`, appending the flow's actions to `actions`. The lock is taken only for
    /// an event that reads or changes the shared state (`RequestFlow.handleAlone`).
    func handle(_ event: FlowEvent, flow: inout RequestFlow, into actions: inout [FlowAction]) {
        flow.prepare(event)
        if flow.handleAlone(event, into: &actions) { return }
        state.withLock { state in flow.handle(event, state: &state, into: &actions) }
    }

    func health(now: Instant) -> GatewayHealth {
        state.withLock { $0.health(table: table, now: now) }
    }

    func resetAll(now: Instant) -> [GatewayNotice] {
        state.withLock { $0.resetAll(table: table, now: now) }
    }

    func snapshot() -> GatewaySnapshot {
        state.withLock { $0.snapshot(table: table) }
    }
}
