/// Plain-Swift moments of a sample, used to judge draws against analytic values independently of the code under test.
struct SampleMoments {
    var count: Int
    var mean: Double
    /// Sample variance with the n − 1 denominator.
    var variance: Double
    /// Fourth central moment (n denominator).
    var fourthCentralMoment: Double

    init(_ values: [Double]) {
        count = values.count
        let n = Double(values.count)
        mean = values.reduce(0, +) / n
        var squares = 0.0
        var fourths = 0.0
        for value in values {
            let deviation = value - mean
            squares += deviation * deviation
            fourths += deviation * deviation * deviation * deviation
        }
        variance = squares / (n - 1)
        fourthCentralMoment = fourths / n
    }

    /// Standard error of the sample variance, √((m₄ − s⁴)/n) (large-sample approximation).
    var varianceStandardError: Double {
        (Swift.max(fourthCentralMoment - variance * variance, 0) / Double(count)).squareRoot()
    }
}
