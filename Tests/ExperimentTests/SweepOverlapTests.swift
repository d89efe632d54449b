import Testing

@testable import Experiment

/// Issue 15, sweeps: keys that overlap are refused, and the file's own value at a swept position is still checked and
/// reported on its own line (`baseExperiment`: the handler's steps are on line 17, sync_call's on line 22).
@Suite struct SweepOverlapTests {
    @Test func aWholeStepAndAPartOfItCannotBothBeSwept() {
        let message = errorMessage(
            baseExperiment + """
                [sweep]
                "task.sync_call.steps[1]" = [{ block = "5ms" }, { io = "1ms" }]
                "task.sync_call.steps[1].duration" = ["1ms", "2ms"]

                """)
        #expect(message.hasPrefix("test.toml:25:1: "), "\(message)")
        #expect(message.contains(
            "sweep key \"task.sync_call.steps[1].duration\" overlaps sweep key \"task.sync_call.steps[1]\""))
        #expect(message.contains("sweep only one of them"))
    }

    @Test func aLockStepAndAStepInItsHoldCannotBothBeSwept() {
        let message = errorMessage(
            lockExperiment + """
                [sweep]
                "task.handler.steps[1]" = [{ lock = "db", hold = [{ cpu = "5us" }] }]
                "task.handler.steps[1].hold[0].kind" = ["cpu", "block"]

                """)
        #expect(message.contains("overlaps sweep key \"task.handler.steps[1]\""), "\(message)")
    }

    @Test func theKindAndTheDurationOfOneStepMayBothBeSwept() throws {
        let plan = try makePlan(
            baseExperiment + """
                [sweep]
                "task.sync_call.steps[1].kind" = ["block", "io"]
                "task.sync_call.steps[1].duration" = ["1ms", "2ms"]

                """)
        #expect(plan.points.count == 4)
    }

    @Test func aBadValueUnderASweptStepIsReportedOnItsOwnLine() {
        let file = replacing("{ io = \"exp(1ms)\" }", with: "{ io = 5 }")
            + "[sweep]\n\"task.handler.steps[1]\" = [{ io = \"1ms\" }, { io = \"2ms\" }]\n"
        let message = errorMessage(file)
        #expect(message.hasPrefix("test.toml:17:"), "\(message)")
        #expect(message.contains("task.handler.steps[1].io"))
    }

    @Test func aNegativeDurationUnderASweptStepIsReported() {
        let file = replacing("{ cpu = \"50us\" }, { io", with: "{ cpu = \"-1ms\" }, { io")
            + "[sweep]\n\"task.handler.steps[0]\" = [{ cpu = \"1us\" }]\n"
        let message = errorMessage(file)
        #expect(message.hasPrefix("test.toml:17:"), "\(message)")
        #expect(message.contains("task.handler.steps[0].cpu"))
    }

    @Test func aMisspelledKindUnderASweptKindIsReported() {
        let file = replacing("{ block = \"5ms\" }", with: "{ blocking = \"5ms\" }")
            + "[sweep]\n\"task.sync_call.steps[1].kind\" = [\"block\", \"io\"]\n"
        let message = errorMessage(file)
        #expect(message.hasPrefix("test.toml:22:"), "\(message)")
        #expect(message.contains("blocking"))
        #expect(message.contains("\"block\""))
    }

    @Test func aBareNumberInAStepWithASweptKindIsReportedOnItsOwnLine() {
        let file = replacing("{ block = \"5ms\" }", with: "{ block = 20 }")
            + "[sweep]\n\"task.sync_call.steps[1].kind\" = [\"block\", \"io\"]\n"
        let message = errorMessage(file)
        #expect(message.hasPrefix("test.toml:22:"), "\(message)")
        #expect(message.contains("task.sync_call.steps[1].block"))
        #expect(!message.contains("sweep key"))
    }

    @Test func aSweepKeyWithASpaceIsRefused() {
        let message = errorMessage(baseExperiment + "[sweep]\n\" runtime.workers\" = [1, 2]\n")
        #expect(message.contains("sweep key \" runtime.workers\" starts or ends with a space"), "\(message)")
        #expect(message.contains("(\"runtime.workers\")"))
    }
}

extension SweepOverlapTests {
    @Test func aTimeoutsDeadlineAndItsOtherKeysMayBothBeSwept() throws {
        let plan = try makePlan(
            lockExperiment + """
                [sweep]
                "task.handler.steps[2].duration" = ["5ms", "10ms"]
                "task.handler.steps[2].on_timeout" = ["end", "continue"]
                "task.handler.steps[2].steps[0].hold[0].duration" = ["1ms", "2ms"]

                """)
        #expect(plan.points.count == 8)
    }
}
