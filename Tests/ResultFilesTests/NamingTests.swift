import Testing

@testable import ResultFiles

@Suite("File and column names")
struct NamingTests {
    @Test func resultFolderFiles() {
        #expect(ResultFileName.runOutputs == ["summary.csv", "replications.csv", "histograms.csv", "run.json"])
        #expect(ResultFileName.partial(index: 2, count: 16) == "partial-2-of-16.json")
        #expect(ResultFileName.isPartial("partial-2-of-16.json"))
        #expect(!ResultFileName.isPartial("summary.csv"))
        #expect(!ResultFileName.isPartial("partial-1-of-2.json.tmp"))
    }

    @Test func summaryColumnsAreTheMetricAndASuffix() {
        #expect(SummaryStatistic.columns(for: "latency_p99_us")
            == ["latency_p99_us_mean", "latency_p99_us_ci95_lo", "latency_p99_us_ci95_hi"])
        #expect(SummaryStatistic.mean.metric(inColumn: "stall_time_ms_mean") == "stall_time_ms")
        #expect(SummaryStatistic.ci95Upper.metric(inColumn: "stall_time_ms_ci95_hi") == "stall_time_ms")
        #expect(SummaryStatistic.mean.metric(inColumn: "stall_time_ms_ci95_lo") == nil)
    }

    @Test func fixedColumns() {
        #expect([ResultColumn.point, ResultColumn.replications, ResultColumn.replication, ResultColumn.seed]
            == ["point", "replications", "replication", "seed"])
        #expect(HistogramsColumn.header == ["point", "metric", "bucket_lower_us", "bucket_upper_us", "count"])
    }

    @Test func replicationsCallTheDeadlockFlagDeadlocked() {
        #expect(ResultColumn.replicationsColumn(forMetric: "deadlocked_ratio") == "deadlocked")
        #expect(ResultColumn.replicationsColumn(forMetric: "stall_ratio") == "stall_ratio")
    }
}
