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
