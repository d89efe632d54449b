import Foundation
import MetricCatalogue
import Testing

@Suite("Metric catalogue")
struct MetricCatalogueTests {
    @Test("every metric name is unique and ends with its unit")
    func namesCarryUnits() {
        let names = MetricCatalogue.all.map(\.name)
        #expect(Set(names).count == names.count)
        for metric in MetricCatalogue.all {
            #expect(metric.name.hasSuffix(metric.unit.nameSuffix), "\(metric.name) is in \(metric.unit)")
        }
    }

    @Test("family templates carry their placeholder, runtime names none")
    func templates() {
        for metric in MetricCatalogue.all {
            switch metric.family {
            case .runtime: #expect(!metric.name.contains("<"), "\(metric.name)")
            case .taskClass: #expect(metric.name.contains("<class>"), "\(metric.name)")
            case .primitive: #expect(metric.name.contains("<name>"), "\(metric.name)")
            }
        }
    }

    @Test("columns repeat each family for every class and primitive, in order")
    func columnExpansion() {
        let names = MetricCatalogue.columns(classNames: ["a", "b"], primitiveNames: ["db"]).map(\.name)
        let a50 = try! #require(names.firstIndex(of: "latency_a_p50_us"))
        #expect(names[a50...].prefix(4) == ["latency_a_p50_us", "latency_a_p99_us", "latency_b_p50_us", "latency_b_p99_us"])
        #expect(names.contains("lock_db_wait_p99_us"))
        #expect(names.first == "deadlocked_ratio")
        #expect(names.last == "events_count")
        let none = MetricCatalogue.columns(classNames: ["a"], primitiveNames: [])
        #expect(!none.contains { $0.name.hasPrefix("lock_") })
    }

    @Test("a column name leads back to its catalogue entry")
    func lookupByColumn() {
        #expect(MetricCatalogue.metric(forColumn: "latency_p99_us")?.name == "latency_p99_us")
        #expect(MetricCatalogue.metric(forColumn: "latency_handler_p99_us")?.name == "latency_<class>_p99_us")
        #expect(MetricCatalogue.metric(forColumn: "lock_db_worker_blocked_ms")?.name == "lock_<name>_worker_blocked_ms")
        #expect(MetricCatalogue.metric(forColumn: "latency_p98_us") == nil)
        #expect(MetricCatalogue.metric(forColumn: "throughput_per_s")?.better == .higher)
    }

    @Test("the README's metric table is the catalogue's")
    func readmeTable() throws {
        let readme = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        #expect(text.contains(MetricCatalogue.markdownTable), "regenerate it with `simexec metrics`")
    }
}
