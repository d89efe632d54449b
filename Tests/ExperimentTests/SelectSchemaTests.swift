import ExecutorModel
import Foundation
import Testing

@testable import Experiment

/// `{ select = [ [A...], [B...] ] }` read, flattened and checked.
@Suite struct SelectSchemaTests {
    let selectStep = """
        steps = [ { cpu = "10us" }, { select = [ [ { io = "5ms" }, { cpu = "20us" } ], [ { sleep = "2ms" } ] ] } ]
        """

    @Test func branchesAreFlattenedAfterTheSelectStep() throws {
        let text = replacing(
            "steps = [ { cpu = \"50us\" }, { io = \"exp(1ms)\" }, { cpu = \"20us\" } ]", with: selectStep)
        let handler = try #require(try makePlan(text).points[0].scenario.workload.classes.first)
        #expect(
            handler.steps == [
                .cpu(.constant(10_000)),
                .select(first: 2, second: 1),
                .io(.constant(5e6)), .cpu(.constant(20_000)),
                .sleep(.constant(2e6)),
            ])
    }

    @Test func aBranchMustStartWithAFuture() throws {
        let text = replacing(
            "steps = [ { cpu = \"50us\" }, { io = \"exp(1ms)\" }, { cpu = \"20us\" } ]",
            with: "steps = [ { select = [ [ { cpu = \"5ms\" } ], [ { sleep = \"2ms\" } ] ] } ]")
        let message = errorMessage(text)
        #expect(message.contains("task.handler.steps[0].select[0][0]"))
        #expect(message.contains("a select branch starts with the future it waits for"))
        let three = replacing(
            "steps = [ { cpu = \"50us\" }, { io = \"exp(1ms)\" }, { cpu = \"20us\" } ]",
            with: "steps = [ { select = [ [ { io = \"1ms\" } ] ] } ]")
        #expect(errorMessage(three).contains("expected two branches"))
    }
}
