/// A growable table of values written in place, for the simulation state the event loop mutates on every event
/// (workers, task records).
///
/// An `Array` held in the simulation state checks its buffer's uniqueness on every element write, several times per
/// event (`swift_isUniquelyReferenced` was ~6% of `Experiments/blocking.toml` in perf). The table keeps its elements
/// in storage it alone owns instead, so writes go straight to memory. The price is reference semantics: copies of a
/// table share its storage. A `RuntimeSimulation` owns its tables and is never copied while it runs.
struct InPlaceTable<Element>: RandomAccessCollection {
    private final class Storage {
        var elements: UnsafeMutablePointer<Element>
        var count = 0
        var capacity: Int

        init(capacity: Int) {
            self.capacity = Swift.max(capacity, 1)
            elements = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
        }

        func append(_ element: Element) {
            if count == capacity {
                let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
                larger.moveInitialize(from: elements, count: count)
                elements.deallocate()
                elements = larger
                capacity *= 2
            }
            (elements + count).initialize(to: element)
            count += 1
        }

        deinit {
            elements.deinitialize(count: count)
            elements.deallocate()
        }
    }

    private let storage: Storage

    /// A table holding `elements`, with room for `capacity` before it grows (it doubles when full).
    init(_ elements: [Element] = [], capacity: Int = 16) {
        storage = Storage(capacity: Swift.max(capacity, elements.count))
        for element in elements { storage.append(element) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { storage.count }

    subscript(index: Int) -> Element {
        @inline(__always) unsafeAddress {
            precondition(index >= 0 && index < storage.count, "table index out of range")
            return UnsafePointer(storage.elements + index)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            precondition(index >= 0 && index < storage.count, "table index out of range")
            return storage.elements + index
        }
    }

    /// Adds `element` at the end.
    func append(_ element: Element) {
        storage.append(element)
    }
}
