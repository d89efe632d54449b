/// Which workers are searching for work and which are parked (Tokio's `Idle`, `multi_thread/idle.rs`).
///
/// Notification wakes a worker only when nobody is searching and some worker is parked; it picks the most recently
/// parked worker and counts it as searching at once, so a burst of wakes unparks one worker until it finds work.
/// At most about half the workers search at the same time.
struct IdleWorkers {
    let workerCount: Int
    private(set) var searchingCount = 0
    private(set) var unparkedCount: Int
    /// Parked workers, most recently parked last.
    private(set) var sleepers: [Int32] = []

    init(workerCount: Int) {
        self.workerCount = workerCount
        self.unparkedCount = workerCount
        sleepers.reserveCapacity(workerCount)
    }

    /// `worker_to_notify`: the worker to unpark, or `nil` when someone is searching or nobody is parked.
    mutating func workerToNotify() -> Int32? {
        guard searchingCount == 0, unparkedCount < workerCount, let worker = sleepers.popLast() else { return nil }
        searchingCount += 1
        unparkedCount += 1
        return worker
    }

    /// `transition_worker_to_parked`: returns whether the worker was the last searcher.
    mutating func transitionWorkerToParked(_ worker: Int32, isSearching: Bool) -> Bool {
        unparkedCount -= 1
        sleepers.append(worker)
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

    /// `unpark_worker_by_id`: removes a worker woken by the driver from the sleepers; returns whether it was there.
    mutating func unparkWorker(_ worker: Int32) -> Bool {
        guard let index = sleepers.firstIndex(of: worker) else { return false }
        sleepers.swapAt(index, sleepers.count - 1)
        sleepers.removeLast()
        unparkedCount += 1
        return true
    }

    /// Takes a particular parked worker out of the sleepers and counts it as unparked and searching, as
    /// `worker_to_notify` does for the worker it picks; returns whether it was parked.
    mutating func unparkWorkerAsSearcher(_ worker: Int32) -> Bool {
        guard let index = sleepers.firstIndex(of: worker) else { return false }
        sleepers.remove(at: index)
        unparkedCount += 1
        searchingCount += 1
        return true
    }

    /// Whether the worker is among the sleepers.
    func isParked(_ worker: Int32) -> Bool {
        sleepers.contains(worker)
    }
}
