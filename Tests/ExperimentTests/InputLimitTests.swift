import Testing

@testable import Experiment

/// Inputs that once validated and then trapped in the run ("Double value cannot be converted to Int64") are rejected
/// up front with a message that names the setting.
@Suite struct InputLimitTests {
    func file(io duration: String, rate: String = "500") -> String {
        """
        [arrivals]
        rate = \(rate)
        [[task]]
        name = "t"
        steps = [ { io = "\(duration)" } ]
        """
    }

    @Test(arguments: ["weibull(shape=0.01, scale=1ms)", "gamma(shape=1e300, scale=1ms)", "lognormal(median=1ms, p99=1000000s)"])
    func stepMeansBeyondAnHourAreRejected(_ duration: String) {
        let message = errorMessage(file(io: duration))
        #expect(message.contains("task.t.steps[0].io: in \"\(duration)\", the mean duration is"), "\(message)")
        #expect(message.contains("above the 1 hour that simexec measures"))
    }

    @Test func aVanishingArrivalRateIsRejected() {
        let message = errorMessage(file(io: "1ms", rate: "1e-300"))
        #expect(message.contains("arrivals.rate: expected a positive number of tasks per second, from 0.001"), "\(message)")
    }
}
