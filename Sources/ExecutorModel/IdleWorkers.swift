/// Which workers are searching for work and which are parked (Tokio's `Idle`, `multi_thread/idle.rs`).
///
/// Notification wakes a worker only when nobody is searching and some worker is parked; it picks the most recently
/// parked worker and counts it as searching at once, so a burst of wakes unparks one worker until it finds work.
/// At most about half the workers search at the same time.
///
/// The sleepers are a doubly linked list over worker indices in the order of a plain array that Tokio's `Vec` of
/// sleepers would have (most recently parked last), so every operation is O(1) whatever the number of workers,
/// including taking out a particular worker (`unpark_worker_by_id`, which swaps the last sleeper into its place).
struct IdleWorkers {
    let workerCount: Int
    private(set) var searchingCount = 0
    private(set) var unparkedCount: Int
    /// Each worker's place in the list, written in place (``InPlaceTable``: the simulation owns one `IdleWorkers` and
    /// never copies it while it runs).
    private let links: InPlaceTable<Link>
    /// The first (least recently placed) and last (most recently parked) sleeper, -1 when there is none.
    private var first: Int32 = -1
    private var last: Int32 = -1
    /// The number of sleepers.
    private(set) var sleeperCount = 0

    init(workerCount: Int) {
        self.workerCount = workerCount
        self.unparkedCount = workerCount
        links = InPlaceTable(
            Array(repeating: Link(before: -1, after: -1, isSleeping: false), count: workerCount), capacity: workerCount)
    }

    /// A worker's place among the sleepers.
    private struct Link {
        /// The sleeper before / after the worker in the list, -1 at an end or when the worker does not sleep.
        var before: Int32
        var after: Int32
        /// Whether the worker is among the sleepers.
        var isSleeping: Bool
    }

    /// Parked workers, most recently parked last (the order of Tokio's `sleepers` vector). O(sleepers): for checks.
    var sleepers: [Int32] {
        var list: [Int32] = []
        list.reserveCapacity(sleeperCount)
        var worker = first
        while worker >= 0 {
            list.append(worker)
            worker = links[Int(worker)].after
        }
        return list
    }

    /// `worker_to_notify`: the worker to unpark, or `nil` when someone is searching or nobody is parked.
    mutating func workerToNotify() -> Int32? {
        guard searchingCount == 0, unparkedCount < workerCount, last >= 0 else { return nil }
        let worker = last
        unlink(worker)
        searchingCount += 1
        unparkedCount += 1
        return worker
    }

    /// `transition_worker_to_parked`: returns whether the worker was the last searcher.
    mutating func transitionWorkerToParked(_ worker: Int32, isSearching: Bool) -> Bool {
        unparkedCount -= 1
        append(worker)
        guard isSearching else { return false }
        searchingCount -= 1
        return searchingCount == 0
    }

    /// `transition_worker_to_searching`: allowed only while `2 * searching < workers`.
    mutating func transitionWorkerToSearching() -> Bool {
        guard 2 * searchingCount < workerCount else { return false }
        searchingCount += 1
        return true
    }

    /// `transition_worker_from_searching`: returns whether the worker was the last searcher.
    mutating func transitionWorkerFromSearching() -> Bool {
        searchingCount -= 1
        return searchingCount == 0
    }

    /// `unpark_worker_by_id`: removes a worker woken by the driver from the sleepers (`swap_remove`: the last sleeper
    /// takes its place); returns whether it was there.
    mutating func unparkWorker(_ worker: Int32) -> Bool {
        guard isParked(worker) else { return false }
        let moved = last
        if moved != worker {
            unlink(moved)
            replace(worker, with: moved)
        } else {
            unlink(worker)
        }
        unparkedCount += 1
        return true
    }

    /// Takes a particular parked worker out of the sleepers and counts it as unparked and searching, as
    /// `worker_to_notify` does for the worker it picks; returns whether it was parked.
    mutating func unparkWorkerAsSearcher(_ worker: Int32) -> Bool {
        guard isParked(worker) else { return false }
        unlink(worker)
        unparkedCount += 1
        searchingCount += 1
        return true
    }

    /// Whether the worker is among the sleepers.
    func isParked(_ worker: Int32) -> Bool {
        links[Int(worker)].isSleeping
    }

    // MARK: The list

    /// Adds `worker` after the last sleeper.
    private mutating func append(_ worker: Int32) {
        let index = Int(worker)
        precondition(!links[index].isSleeping, "worker \(worker) parked twice")
        links[index].isSleeping = true
        links[index].before = last
        links[index].after = -1
        if last >= 0 { links[Int(last)].after = worker } else { first = worker }
        last = worker
        sleeperCount += 1
    }

    /// Removes sleeper `worker`, keeping the order of the others.
    private mutating func unlink(_ worker: Int32) {
        let index = Int(worker)
        let previous = links[index].before
        let following = links[index].after
        if previous >= 0 { links[Int(previous)].after = following } else { first = following }
        if following >= 0 { links[Int(following)].before = previous } else { last = previous }
        links[index].before = -1
        links[index].after = -1
        links[index].isSleeping = false
        sleeperCount -= 1
    }

    /// Puts `replacement`, which does not sleep, into sleeper `worker`'s place in the list; `worker` no longer sleeps.
    private mutating func replace(_ worker: Int32, with replacement: Int32) {
        let index = Int(worker)
        let previous = links[index].before
        let following = links[index].after
        links[Int(replacement)].before = previous
        links[Int(replacement)].after = following
        if previous >= 0 { links[Int(previous)].after = replacement } else { first = replacement }
        if following >= 0 { links[Int(following)].before = replacement } else { last = replacement }
        links[Int(replacement)].isSleeping = true
        links[index].before = -1
        links[index].after = -1
        links[index].isSleeping = false
    }
}
