import OmniCore
@testable import OmniSim
import Testing

@Suite struct EventQueueTests {
    @Test func eventsComeOutInTimeOrderAndTiesInTheOrderTheyWereScheduled() {
        var queue = EventQueue<String>()
        queue.schedule("b", at: Instant(nanoseconds: 20))
        queue.schedule("a", at: Instant(nanoseconds: 10))
        queue.schedule("c1", at: Instant(nanoseconds: 30))
        queue.schedule("c2", at: Instant(nanoseconds: 30))
        queue.schedule("c3", at: Instant(nanoseconds: 30))
        var order: [String] = []
        while let (_, event) = queue.next() { order.append(event) }
        #expect(order == ["a", "b", "c1", "c2", "c3"])
    }

    /// Property: any schedule comes out sorted by (time, scheduling order).
    @Test(arguments: 0..<20 as Range<UInt64>)
    func anyScheduleComesOutSortedByTimeThenSchedulingOrder(seed: UInt64) {
        var random = RandomSource(seed: seed)
        var queue = EventQueue<Int>()
        var expected: [(Int64, Int)] = []
        for index in 0..<500 {
            let at = Int64(random.unit() * 50)   // few distinct times: many ties
            queue.schedule(index, at: Instant(nanoseconds: at))
            expected.append((at, index))
            // Interleave removals with scheduling, as a run does.
            if random.chance(0.2), let (time, event) = queue.next() {
                let earliest = expected.min { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }!
                #expect(time.nanoseconds == earliest.0 && event == earliest.1)
                expected.removeAll { $0.1 == event }
            }
        }
        expected.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var drained: [(Int64, Int)] = []
        while let (time, event) = queue.next() { drained.append((time.nanoseconds, event)) }
        #expect(drained.map(\.1) == expected.map(\.1))
    }
}

@Suite struct EventQueueCancelTests {
    /// Property: cancelling any scheduled events leaves exactly the others, in order; a stale
    /// handle (delivered, cancelled, or its slot reused) cancels nothing.
    @Test(arguments: 0..<20 as Range<UInt64>)
    func cancelledEventsNeverComeOutAndTheRestKeepTheirOrder(seed: UInt64) {
        var random = RandomSource(seed: seed)
        var queue = EventQueue<Int>()
        var live: [Int: (at: Int64, handle: EventQueue<Int>.Handle)] = [:]
        var stale: [EventQueue<Int>.Handle] = []
        for index in 0..<600 {
            let at = Int64(random.unit() * 40)
            live[index] = (at, queue.schedule(index, at: Instant(nanoseconds: at)))
            if random.chance(0.25), !live.isEmpty {
                let keys = live.keys.sorted()
                let victim = keys[Int(random.unit() * Double(keys.count))]
                queue.cancel(live[victim]!.handle)
                stale.append(live[victim]!.handle)
                live[victim] = nil
            }
            if random.chance(0.15), let (_, event) = queue.next() {
                stale.append(live[event]!.handle)
                live[event] = nil
            }
            if random.chance(0.1), !stale.isEmpty { queue.cancel(stale[Int(random.unit() * Double(stale.count))]) }
        }
        var drained: [Int] = []
        while let (_, event) = queue.next() { drained.append(event) }
        let expected = live.sorted { $0.value.at != $1.value.at ? $0.value.at < $1.value.at : $0.key < $1.key }.map(\.key)
        #expect(drained == expected)
    }
}
