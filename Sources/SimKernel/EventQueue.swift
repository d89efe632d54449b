/// A priority queue of pending events ordered by (time, insertion sequence).
///
/// Events scheduled for the same instant come out in the order they were pushed, so a run is fully determined by its
/// inputs. The queue is a plain binary min-heap over a contiguous array of value-type entries: pushing and popping
/// allocate nothing once the array has grown to the peak number of pending events. A binary heap was chosen over
/// swift-collections' min-max `Heap` because it does about 30% less work per pop+push (`perf/` measures both).
public struct EventQueue<Payload> {
    @usableFromInline
    struct Entry {
        @usableFromInline var time: Nanoseconds
        @usableFromInline var sequence: UInt64
        @usableFromInline var payload: Payload

        @inlinable
        init(time: Nanoseconds, sequence: UInt64, payload: Payload) {
            self.time = time
            self.sequence = sequence
            self.payload = payload
        }

        @inlinable
        func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    @usableFromInline var entries: ContiguousArray<Entry> = []
    @usableFromInline var nextSequence: UInt64 = 0

    /// Creates an empty queue.
    @inlinable
    public init() {}

    /// The number of pending events.
    @inlinable
    public var count: Int { entries.count }

    /// Whether no event is pending.
    @inlinable
    public var isEmpty: Bool { entries.isEmpty }

    /// The time of the earliest pending event, or `nil` when the queue is empty.
    @inlinable
    public var nextTime: Nanoseconds? { entries.first?.time }

    /// Adds an event due at `time`. Among events with equal times, earlier pushes pop first.
    @inlinable
    public mutating func push(_ payload: Payload, at time: Nanoseconds) {
        let entry = Entry(time: time, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        entries.append(entry)
        siftUp(from: entries.count - 1)
    }

    /// Removes and returns the earliest event, or `nil` when the queue is empty.
    @inlinable
    public mutating func popFirst() -> (time: Nanoseconds, payload: Payload)? {
        guard let last = entries.popLast() else { return nil }
        guard !entries.isEmpty else { return (last.time, last.payload) }
        let first = entries[0]
        entries[0] = last
        siftDown(from: 0)
        return (first.time, first.payload)
    }

    /// Calls `body` with the time and payload of every pending event, in no particular order. O(`count`); meant for
    /// consistency checks, not for the event loop.
    @inlinable
    public func forEachPending(_ body: (Nanoseconds, Payload) -> Void) {
        for entry in entries {
            body(entry.time, entry.payload)
        }
    }

    /// Removes every pending event, keeping the storage for reuse.
    @inlinable
    public mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
    }

    // The sifts work on the array's buffer directly: one uniqueness check per sift instead of one per write.

    @inlinable
    mutating func siftUp(from start: Int) {
        entries.withUnsafeMutableBufferPointer { entries in
            var child = start
            let moving = entries[child]
            while child > 0 {
                let parent = (child - 1) / 2
                guard moving.precedes(entries[parent]) else { break }
                entries[child] = entries[parent]
                child = parent
            }
            entries[child] = moving
        }
    }

    @inlinable
    mutating func siftDown(from start: Int) {
        entries.withUnsafeMutableBufferPointer { entries in
            let count = entries.count
            var parent = start
            let moving = entries[parent]
            while true {
                var child = 2 * parent + 1
                guard child < count else { break }
                if child + 1 < count && entries[child + 1].precedes(entries[child]) {
                    child += 1
                }
                guard entries[child].precedes(moving) else { break }
                entries[parent] = entries[child]
                parent = child
            }
            entries[parent] = moving
        }
    }
}

extension EventQueue: Sendable where Payload: Sendable {}
extension EventQueue.Entry: Sendable where Payload: Sendable {}
