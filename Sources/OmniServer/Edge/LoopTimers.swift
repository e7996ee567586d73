import NIOCore

/// The flow timers of one event loop, behind one NIO task set for the earliest of them.
///
/// A flow keeps its own timers (EdgeFlow); here each flow has only its earliest deadline, in a
/// slot of its own. Most timers never fire (a request ends long before its first-byte or total
/// timeout), so setting and withdrawing one must be cheap: a slot write each, and a NIO task
/// rescheduled only when a deadline comes before every other. A NIO task per flow cost two
/// schedules and two cancels a request (the total timer, then the earlier first-byte one),
/// about 5 % of the loop under load (perf).
final class LoopTimers {
    private let loop: any EventLoop
    private var flows: [EdgeFlow] = []
    private var wakeUp: (task: Scheduled<Void>, at: Int64)?

    init(loop: any EventLoop) { self.loop = loop }

    /// The flow's earliest deadline is now `at` (replacing the one it had).
    func set(_ flow: EdgeFlow, at deadline: Int64) {
        if flow.timerSlot < 0 {
            flow.timerSlot = flows.count
            flows.append(flow)
        }
        flow.timerDeadline = deadline
        if wakeUp == nil || deadline < wakeUp!.at { schedule(at: deadline) }
    }

    /// The flow has no timer left. The loop's task may still fire for it; it then finds
    /// nothing due and waits for the next deadline.
    func remove(_ flow: EdgeFlow) {
        let slot = flow.timerSlot
        guard slot >= 0 else { return }
        let last = flows.removeLast()
        if slot < flows.count {
            flows[slot] = last
            last.timerSlot = slot
        }
        flow.timerSlot = -1
    }

    private func schedule(at deadline: Int64) {
        wakeUp?.task.cancel()
        let delay = max(0, deadline - WallClock.now().nanoseconds)
        let task = loop.assumeIsolated().scheduleTask(in: .nanoseconds(delay)) { [weak self] () -> Void in self?.fire() }
        wakeUp = (task, deadline)
    }

    /// Every flow whose deadline passed is told, after the next wake-up is set for the rest.
    private func fire() {
        wakeUp = nil
        let now = WallClock.now().nanoseconds
        var due: [EdgeFlow] = []
        var index = 0
        while index < flows.count {
            let flow = flows[index]
            if flow.timerDeadline <= now {
                remove(flow)
                due.append(flow)
            } else {
                index += 1
            }
        }
        if let next = flows.min(by: { $0.timerDeadline < $1.timerDeadline }) { schedule(at: next.timerDeadline) }
        for flow in due { flow.timersDue() }
    }
}

/// Each event loop's `LoopTimers`, made once at start; a connection finds its loop's once.
struct LoopTimerSet: @unchecked Sendable {
    // Unchecked: each LoopTimers is touched only on its own loop (`for(_:)` checks it).
    private let byLoop: [ObjectIdentifier: LoopTimers]

    init(group: any EventLoopGroup) {
        var byLoop: [ObjectIdentifier: LoopTimers] = [:]
        for loop in group.makeIterator() { byLoop[ObjectIdentifier(loop)] = LoopTimers(loop: loop) }
        self.byLoop = byLoop
    }

    func `for`(_ loop: any EventLoop) -> LoopTimers {
        loop.preconditionInEventLoop()
        // A loop outside the group (not the case in serve) gets timers of its own.
        return byLoop[ObjectIdentifier(loop)] ?? LoopTimers(loop: loop)
    }
}
