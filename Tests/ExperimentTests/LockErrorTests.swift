import ExecutorModel
import Foundation
import Testing

@testable import Experiment

/// Mistakes with mutexes, semaphores, lock and timeout steps, `local` and `block_in_place`: one message each, at the
/// key and line where they are written, nested steps included.
@Suite struct LockErrorTests {
    func lockError(_ old: String, _ new: String) -> String {
        errorMessage(replacing(old, with: new, in: lockExperiment))
    }

    @Test func unknownMutexSuggestsTheClosest() {
        #expect(
            lockError("{ lock = \"db\", hold", "{ lock = \"dbb\", hold")
                == "test.toml:30:5: task.handler.steps[1].lock: no mutex named \"dbb\" (did you mean \"db\"?); "
                + "mutexes: db, cache")
        // Nested: the lock inside the timeout group.
        #expect(
            lockError("{ lock = \"cache\"", "{ lock = \"cach\"")
                == "test.toml:33:9: task.handler.steps[2].steps[1].lock: no mutex named \"cach\" (did you mean \"cache\"?); "
                + "mutexes: db, cache")
        #expect(
            lockError("{ acquire = \"pool\"", "{ acquire = \"poll\"").hasPrefix(
                "test.toml:32:9: task.handler.steps[2].steps[0].acquire: no semaphore named \"poll\" (did you mean \"pool\"?); semaphores: pool"))
    }

    @Test func lockAndAcquireNameTheRightKindOfPrimitive() {
        #expect(
            lockError("{ lock = \"db\", hold", "{ lock = \"pool\", hold").hasSuffix(
                "task.handler.steps[1].lock: \"pool\" is a semaphore; take a permit with { acquire = \"pool\", hold = [...] }"))
        #expect(
            lockError("{ acquire = \"pool\"", "{ acquire = \"db\"").hasSuffix(
                "task.handler.steps[2].steps[0].acquire: \"db\" is a mutex; lock it with { lock = \"db\", hold = [...] }"))
        let none = errorMessage(replacing("{ block = \"5ms\" }", with: "{ lock = \"db\", hold = [ { cpu = \"1us\" } ] }"))
        #expect(
            none == "test.toml:22:31: task.sync_call.steps[1].lock: no mutex named \"db\"; none is declared; add a "
                + "[[mutex]] section, e.g. [[mutex]] name = \"db\", kind = \"async\"")
    }

    @Test func badCleanupAndOnTimeoutValues() {
        #expect(
            lockError("cleanup = \"after_await\"", "cleanup = \"after\"")
                == "test.toml:32:27: task.handler.steps[2].steps[0].cleanup: found string \"after\" "
                + "(did you mean \"after_await\"?); allowed: \"drop\" or \"after_await\"")
        #expect(
            lockError("on_timeout = \"continue\"", "on_timeout = \"contine\"")
                == "test.toml:31:22: task.handler.steps[2].on_timeout: found string \"contine\" "
                + "(did you mean \"continue\"?); allowed: \"continue\" or \"end\"")
        #expect(lockError("cleanup = \"after_await\"", "cleanup = true").contains(
            "expected one of \"drop\" or \"after_await\", found boolean true"))
    }

    @Test func emptyAndMissingLists() {
        #expect(
            lockError("hold = [ { cpu = \"10us\" }, { io = \"1ms\" } ]", "hold = [ ]")
                == "test.toml:30:18: task.handler.steps[1].hold: hold is empty; give at least one step, "
                + "e.g. hold = [ { cpu = \"20us\" } ]")
        #expect(lockError("{ lock = \"db\", hold = [ { cpu = \"10us\" }, { io = \"1ms\" } ] }", "{ lock = \"db\" }").hasPrefix(
            "test.toml:30:3: task.handler.steps[1].hold: missing: give the steps that run while the guard is held"))
        #expect(
            lockError("{ timeout = \"5ms\", on_timeout = \"continue\", steps = [", "{ timeout = \"5ms\", on_timeout = \"continue\", steps = [ ], other = [")
                .contains("unknown key \"other\" in a timeout step"))
        let emptyGroup = replacing(
            "{ block = \"5ms\" }", with: "{ timeout = \"1ms\", steps = [] }")
        #expect(
            errorMessage(emptyGroup)
                == "test.toml:22:48: task.sync_call.steps[1].steps: steps is empty; give at least one step, "
                + "e.g. steps = [ { cpu = \"20us\" } ]")
        #expect(errorMessage(replacing("{ block = \"5ms\" }", with: "{ steps = [ { io = \"1ms\" } ] }")).contains(
            "task.sync_call.steps[1].timeout: missing: a step with steps = [...] is a timeout group and needs its deadline"))
        #expect(errorMessage(replacing("{ block = \"5ms\" }", with: "{ timeout = \"0ms\", steps = [ { io = \"1ms\" } ] }")).contains(
            "task.sync_call.steps[1].timeout: a timeout step needs a positive duration"))
    }

    @Test func malformedLockSteps() {
        #expect(
            lockError("{ lock = \"db\", hold", "{ lok = \"db\", hold").hasPrefix(
                "test.toml:30:5: task.handler.steps[1].lok: unknown key \"lok\" in a lock step (did you mean \"lock\"?); "
                    + "allowed keys: lock, acquire, hold, cleanup"))
        #expect(lockError("{ lock = \"db\", hold", "{ hold").contains(
            "task.handler.steps[1]: a step with hold = [...] needs lock = \"MUTEX\" (a [[mutex]]) or acquire = \"SEMAPHORE\""))
        #expect(lockError("{ lock = \"db\", hold", "{ lock = \"db\", acquire = \"pool\", hold").contains(
            "a step takes one thing: lock = \"MUTEX\" or acquire = \"SEMAPHORE\", not both"))
        #expect(lockError("{ cpu = \"5us\" }", "{ cpu = 5 }").contains(
            "task.handler.steps[2].steps[1].hold[0].cpu: expected a duration or a distribution"))
        #expect(lockError("{ cpu = \"5us\" }", "{ blok = \"5us\" }").contains(
            "task.handler.steps[2].steps[1].hold[0]: unknown step kind \"blok\" (did you mean \"block\"?)"))
        #expect(lockError("{ cpu = \"5us\" }", "{ blok = \"5us\" }").contains(
            "allowed kinds: cpu, block, io, sleep, spawn_blocking, yield, block_in_place, lock, acquire, timeout"))
    }

    @Test func declarationsAreChecked() {
        #expect(
            lockError("name = \"pool\"", "name = \"db\"")
                == "test.toml:23:1: semaphore.db.name: name \"db\" is already used by mutex[0]; "
                + "mutex and semaphore names must be unique")
        #expect(lockError("name = \"cache\"", "name = \"db\"").contains("name \"db\" is already used by mutex[0]"))
        #expect(
            lockError("permits = 4", "permits = 0")
                == "test.toml:24:1: semaphore.pool.permits: expected an integer from 1 to 1000000 (the number of permits), "
                + "found integer 0")
        #expect(
            lockError("kind = \"std\"", "kind = \"Std\"")
                == "test.toml:20:1: mutex.cache.kind: found string \"Std\" (did you mean \"std\"?); allowed: \"std\" or \"async\"")
        #expect(lockError("kind = \"std\"\n", "").contains(
            "mutex.cache.kind: missing: say which mutex this is, kind = \"std\" (std::sync::Mutex) or kind = \"async\""))
        #expect(lockError("permits = 4", "permit = 4").contains(
            "semaphore.pool.permit: unknown key \"permit\" in [[semaphore]] (did you mean \"permits\"?)"))
        #expect(lockError("name = \"cache\"", "name = \"a cache\"").contains("a mutex name may use ASCII letters, digits, _ and -, not starting with -"))
        #expect(errorMessage(baseExperiment + "[mutex]\nname = \"x\"\n").contains("mutex must be written as [[mutex]] sections"))
        #expect(lockError("name = \"handler\"\n", "name = \"handler\"\nlocal = 1\n").contains(
            "task.handler.local: expected true or false, found integer 1"))
    }

    @Test func stdGuardAcrossAnAwaitNeedsALocalTask() throws {
        // db is held across the io in its hold: fine for tokio::sync::Mutex, rejected for std on multi_thread.
        let message = lockError("kind = \"async\"", "kind = \"std\"")
        #expect(
            message
                == "test.toml:30:45: task.handler.steps[1].hold[1]: awaits while holding a std::sync::MutexGuard, "
                + "which is !Send: tokio::spawn rejects this at compile time. Release the guard before the await, use an "
                + "async mutex, or mark the class local")
        // Deep inside a timeout group too.
        let nested = lockError("{ lock = \"cache\", hold = [ { cpu = \"5us\" } ] }", "{ lock = \"cache\", hold = [ { cpu = \"5us\" }, { yield = true } ] }")
        #expect(nested.hasPrefix("test.toml:33:51: task.handler.steps[2].steps[1].hold[1]: awaits while holding a std::sync::MutexGuard"))
        // Legal for a local (spawn_local) task, and on current_thread.
        let local = replacing("kind = \"async\"", with: "kind = \"std\"", in: lockExperiment)
        _ = try makePlan(replacing("name = \"handler\"\n", with: "name = \"handler\"\nlocal = true\n", in: replacing(
            "{ block_in_place = \"100us\" }", with: "{ yield = true }", in: local)))
        _ = try makePlan(replacing("workers = 2", with: "flavor = \"current_thread\"", in: replacing(
            "{ block_in_place = \"100us\" }", with: "{ yield = true }", in: local)))
    }

    @Test func blockInPlaceNeedsAMultiThreadRuntime() {
        #expect(
            lockError("workers = 2", "flavor = \"current_thread\"")
                == "test.toml:35:3: task.handler.steps[3]: block_in_place panics on a current_thread runtime; "
                + "use spawn_blocking")
        #expect(lockError("name = \"handler\"\n", "name = \"handler\"\nlocal = true\n").contains(
            "task.handler.steps[3]: block_in_place panics inside a LocalSet (local = true); use spawn_blocking"))
    }

    @Test func selfDeadlockIsRejectedAtTheInnerLock() {
        #expect(lockError("{ cpu = \"10us\" }, { io = \"1ms\" }", "{ lock = \"db\", hold = [ { cpu = \"1us\" } ] }").hasPrefix(
            "test.toml:30:27: task.handler.steps[1].hold[0]: locks db while already holding it (a self-deadlock)"))
    }

    @Test func aSweptValueThatMakesAProgramInvalidIsNamed() {
        let text = lockExperiment + "[sweep]\n\"mutex.db.kind\" = [\"async\", \"std\"]\n"
        #expect(
            errorMessage(text).hasPrefix("test.toml:30:45: task.handler.steps[1].hold[1]: awaits while holding a std::sync::MutexGuard"))
        #expect(errorMessage(text).hasSuffix("(with sweep key \"mutex.db.kind\" = \"std\", value [1])"))
        let zipped = lockExperiment + "[sweep.zip.mix]\n\"mutex.db.kind\" = [\"async\", \"std\"]\n\"semaphore.pool.permits\" = [4, 2]\n"
        #expect(errorMessage(zipped).hasSuffix(
            "(with zip group \"mix\" at value [1]: \"mutex.db.kind\" = \"std\", \"semaphore.pool.permits\" = 2)"))
        // The first value is blamed as well when it is the culprit.
        let first = lockExperiment + "[sweep]\n\"runtime.flavor\" = [\"current_thread\", \"multi_thread\"]\n"
        #expect(errorMessage(first).hasSuffix(
            "block_in_place panics on a current_thread runtime; use spawn_blocking (with sweep key \"runtime.flavor\" = \"current_thread\", value [0])"))
    }
}
