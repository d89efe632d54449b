import MetricCatalogue
import SimKernel

/// `tokio::select!` over two branches (Tokio 1.24 `macros/select.rs`): both branch futures are polled in the same
/// task, in a random order each poll; the first to complete wins and the other is dropped at its await.
///
/// A branch is its future (an `io`, `sleep` or `spawn_blocking` step) followed by its handler. Branch A's future
/// waits like any await (`awaiting`, `generation`); branch B's in the race fields (`raceAwaiting`, `raceToken`), so a
/// completion identifies the branch it belongs to and a dropped branch's completion is recognised as stale.
extension RuntimeSimulation {
    /// Race tokens live above every task generation, so the two kinds of token never collide.
    static let firstRaceToken: UInt32 = 1 << 31

    /// Runs the `select` step at `index`. Returns `true` when a future was ready at once and the program goes on
    /// (or a fired timeout dropped the group), `false` when both futures are pending and the poll must end.
    mutating func startSelect(on worker: Int32, task: TaskID, at index: Int) -> Bool {
        let count = Int(tasks[task].scopeCount)
        if (0..<count).contains(where: { tasks[task, scope: $0].hasFired }) {
            // An enclosing timeout has fired: the group is dropped at this await.
            cancelInnermostFiredScope(of: task, on: worker)
            return true
        }
        let first = selectRandom.uniformInt(below: 2)
        for turn in 0..<2 {
            let lane = turn == 0 ? first : 1 - first
            let future = futureStep(of: task, select: index, lane: lane)
            if programs[Int(tasks[task].classIndex)][future].kind == .sleep,
                driver.isElapsed(now: now, delay: tasks.duration(of: task, step: future))
            {
                // The timer fires during registration: this branch completes in the same poll.
                if workers[Int(worker)].budget > 0 { workers[Int(worker)].budget -= 1 }
                tasks[task].pendingSelect = Int32(index)
                finishSelect(task, winner: lane)
                return true
            }
            register(task, future: future, lane: lane, on: worker)
        }
        tasks[task].pendingSelect = Int32(index)
        return false
    }

    /// The step holding the future of branch `lane` (0 = A, 1 = B) of the `select` at `index`.
    private func futureStep(of task: TaskID, select index: Int, lane: Int) -> Int {
        let instruction = programs[Int(tasks[task].classIndex)][index]
        return lane == 0 ? index + 1 : index + 1 + Int(instruction.groupLength)
    }

    private mutating func register(_ task: TaskID, future: Int, lane: Int, on worker: Int32) {
        let kind = programs[Int(tasks[task].classIndex)][future].kind
        let duration = tasks.duration(of: task, step: future)
        let awaited: AwaitKind = kind == .io ? .io : kind == .sleep ? .timer : .blockingJob
        let token: UInt32
        if lane == 0 {
            token = tasks[task].generation
            tasks[task].awaiting = awaited
        } else {
            nextRaceToken &+= 1
            token = nextRaceToken
            tasks[task].raceToken = token
            tasks[task].raceAwaiting = awaited
            tasks[task].isRaceReady = false
        }
        switch awaited {
        case .io:
            scheduler.schedule(.ioComplete(task: task, generation: token), after: duration)
        case .timer:
            registerTimer(TimerEntry(task: task, token: token, isTimeout: false), delay: duration)
        default:
            workers[Int(worker)].pendingOverhead += submitBlocking(task, duration: duration, token: token)
        }
    }

    /// The await that `token` identifies completed: returns `false` when it is stale (dropped, or the slot reused).
    mutating func completeAwait(_ task: TaskID, token: UInt32, kind: AwaitKind) -> Bool {
        if tasks[task].generation == token, tasks[task].awaiting == kind {
            tasks[task].awaiting = .none
            return true
        }
        if tasks[task].raceToken == token, tasks[task].raceAwaiting == kind {
            tasks[task].raceAwaiting = .none
            tasks[task].isRaceReady = true
            return true
        }
        return false
    }

    /// At a poll of a task with a pending `select`: the branch whose future completed wins (a random one if both
    /// did, as `select!` polls them in random order). Returns `false` when neither completed: the task was woken by a
    /// fired timeout.
    mutating func resolvePendingSelect(_ task: TaskID) -> Bool {
        let aReady = tasks[task].awaiting == .none
        let bReady = tasks[task].isRaceReady
        guard aReady || bReady else { return false }
        let winner = aReady && bReady ? selectRandom.uniformInt(below: 2) : (aReady ? 0 : 1)
        finishSelect(task, winner: winner)
        return true
    }

    /// Drops the losing branch and moves the program to the winner's handler.
    private mutating func finishSelect(_ task: TaskID, winner: Int) {
        let index = Int(tasks[task].pendingSelect)
        let instruction = programs[Int(tasks[task].classIndex)][index]
        dropSelectBranch(of: task, lane: 1 - winner)
        tasks[task].pendingSelect = -1
        tasks[task].isRaceReady = false
        let branchB = index + 1 + Int(instruction.groupLength)
        if winner == 0 {
            tasks[task].programCounter = Int32(index + 2)
            tasks[task].skipFrom = Int32(branchB)
            tasks[task].skipTo = Int32(branchB + Int(instruction.secondLength))
        } else {
            tasks[task].programCounter = Int32(branchB + 1)
        }
        recorder.count(.selectBranchesDropped, at: now)
    }

    /// Drops one branch's pending future: its completion will be ignored; a `spawn_blocking` closure runs on.
    mutating func dropSelectBranch(of task: TaskID, lane: Int) {
        if lane == 0 {
            if tasks[task].awaiting != .none { dropAwait(task) }
        } else {
            guard tasks[task].raceAwaiting != .none else { return }
            if tasks[task].raceAwaiting == .blockingJob { recorder.count(.blockingJobsDetached, at: now) }
            tasks[task].raceAwaiting = .none
            tasks[task].raceToken = 0
        }
    }
}
