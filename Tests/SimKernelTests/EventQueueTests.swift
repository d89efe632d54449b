import SimKernel
import Testing

@Suite("EventQueue")
struct EventQueueTests {
    @Test("pops events in time order")
    func popsInTimeOrder() {
        var queue = EventQueue<Int>()
        for (index, time) in [50, 10, 40, 20, 30, 0, 60].enumerated() {
            queue.push(index, at: Int64(time))
        }
        var times: [Int64] = []
        while let (time, _) = queue.popFirst() { times.append(time) }
        #expect(times == [0, 10, 20, 30, 40, 50, 60])
    }

    @Test("equal times come out in insertion order")
    func equalTimesAreFIFO() {
        var queue = EventQueue<Int>()
        for payload in 0..<100 { queue.push(payload, at: 7) }
        queue.push(-1, at: 3)
        var payloads: [Int] = []
        while let (_, payload) = queue.popFirst() { payloads.append(payload) }
        #expect(payloads == [-1] + Array(0..<100))
    }

    @Test("matches a sorted reference under random pushes and pops")
    func matchesReference() {
        var queue = EventQueue<Int>()
        var reference: [(time: Int64, order: Int)] = []
        var generator = SystemRandomNumberGenerator()
        var order = 0
        for _ in 0..<5_000 {
            if reference.isEmpty || Int.random(in: 0..<3, using: &generator) > 0 {
                let time = Int64.random(in: 0..<200, using: &generator)
                queue.push(order, at: time)
                reference.append((time, order))
                order += 1
            } else {
                reference.sort { ($0.time, $0.order) < ($1.time, $1.order) }
                let expected = reference.removeFirst()
                let popped = queue.popFirst()
                #expect(popped?.time == expected.time && popped?.payload == expected.order)
            }
        }
        #expect(queue.count == reference.count)
    }
}

@Suite("EventScheduler")
struct EventSchedulerTests {
    @Test("the clock follows events and never runs backwards")
    func clockIsMonotonic() {
        var scheduler = EventScheduler<Int>()
        scheduler.schedule(1, at: 100)
        scheduler.schedule(2, after: 50)
        var seen: [Int64] = []
        while let event = scheduler.next() {
            seen.append(scheduler.now)
            if event == 2 { scheduler.schedule(3, after: 0) }
        }
        #expect(seen == [50, 50, 100])
        #expect(scheduler.eventsProcessed == 3)
    }

    @Test("next(notAfter:) leaves later events and the clock alone")
    func limitStopsBeforeLaterEvents() {
        var scheduler = EventScheduler<Int>()
        scheduler.schedule(1, at: 10)
        scheduler.schedule(2, at: 30)
        #expect(scheduler.next(notAfter: 20) == 1)
        #expect(scheduler.next(notAfter: 20) == nil)
        #expect(scheduler.now == 10)
        #expect(scheduler.pendingCount == 1)
    }
}
