import Testing

@testable import MetricCatalogue

/// The short labels the run table and the report share.
@Suite struct TableLabelTests {
    @Test func everyLabelledNameIsACatalogueMetric() {
        let names = Set(MetricCatalogue.all.map(\.name))
        #expect(MetricCatalogue.tableLabels.keys.allSatisfy(names.contains))
    }

    @Test func labelsNameTheClassOrLock() {
        #expect(MetricCatalogue.tableLabel(forColumn: "latency_p99_us") == "p99")
        #expect(MetricCatalogue.tableLabel(forColumn: "latency_sync_call_p99_us") == "sync_call p99")
        #expect(MetricCatalogue.tableLabel(forColumn: "lock_db_wait_p99_us") == "db wait p99")
        #expect(MetricCatalogue.tableLabel(forColumn: "worker_park_count") == nil)
    }
}
