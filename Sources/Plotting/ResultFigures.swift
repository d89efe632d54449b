import Foundation
import MetricCatalogue

/// The standard figures of a results folder, built from summary.csv and histograms.csv.
public enum ResultFigures {
    /// p50 and p99 latency against the x column, one line per other swept value, with 95% CI error bars.
    public static func latency(_ folder: ResultFolder, layout: SweepLayout) -> Figure {
        let summary = folder.summary
        let unit = displayUnit(summary, metrics: ["latency_p50_us", "latency_p99_us"], microsecondsPerValue: 1)
        let panels = [("p50", "latency_p50_us"), ("p99", "latency_p99_us")].map { name, metric in
            timePanel(summary, layout: layout, metric: metric, microsecondsPerValue: 1, unit: unit,
                      title: "\(name) latency", axis: "\(name) latency")
        }
        return figure(
            folder, layout: layout, title: "task latency, mean of replications ± 95% CI", panels: panels, columns: 2)
    }

    /// Executor stall time and how workers spent their time against the x column. A panel whose values are all the
    /// same (no stalls at all) is left out.
    public static func utilisation(_ folder: ResultFolder, layout: SweepLayout) -> Figure {
        let specs: [(title: String, metric: String, axis: String)] = [
            ("executor stall time", "stall_ratio", "stalled (% of measured time)"),
            ("worker utilisation: polling", "worker_busy_ratio", "busy polling (% of worker time)"),
            ("worker utilisation: blocked", "worker_blocked_ratio", "blocked in a poll (% of worker time)"),
        ]
        let panels = specs.filter { varies(folder.summary, $0.metric) }.map { spec in
            Panel(
                title: spec.title, x: xAxis(layout), y: AxisSpec(title: spec.axis, includeZero: true),
                series: lines(folder.summary, layout: layout, metric: spec.metric, factor: 100))
        }
        return figure(
            folder, layout: layout, title: "executor stalls and worker utilisation, mean ± 95% CI", panels: panels,
            columns: 3)
    }

    /// The figures of ``MetricTopic/all`` that the results show at work, by file name.
    public static func topics(_ folder: ResultFolder, layout: SweepLayout) -> [(name: String, figure: Figure)] {
        MetricTopic.all.compactMap { topic in
            let panels = topic.panels(folder.summary).map { spec in
                guard let nanoseconds = spec.metric.unit.nanoseconds else {
                    // Shares in %, from 0; counts from 0; a quotient such as busiest / mean around its values.
                    let percent = spec.metric.unit == .ratio && spec.isShare
                    return Panel(
                        title: spec.title, x: xAxis(layout),
                        y: AxisSpec(title: spec.axis + (percent ? " (%)" : ""),
                                    includeZero: spec.metric.unit != .ratio || spec.isShare),
                        series: lines(folder.summary, layout: layout, metric: spec.column, factor: percent ? 100 : 1))
                }
                let unit = displayUnit(folder.summary, metrics: [spec.column], microsecondsPerValue: nanoseconds / 1000)
                return timePanel(
                    folder.summary, layout: layout, metric: spec.column, microsecondsPerValue: nanoseconds / 1000,
                    unit: unit, title: spec.title, axis: spec.axis)
            }
            guard !panels.isEmpty else { return nil }
            return (topic.file, figure(folder, layout: layout, title: topic.title + ", mean ± 95% CI", panels: panels,
                                       columns: min(3, panels.count)))
        }
    }

    /// The latency distribution of every point as a CCDF on log-log axes: one panel per line of the other figures,
    /// one curve per x value. The x axis spans where the values are (``CCDF/occupiedRange(_:)``). Nil without
    /// histograms.
    public static func distributions(_ folder: ResultFolder, layout: SweepLayout, metric: String = "latency")
        -> Figure?
    {
        guard let histograms = folder.histograms else { return nil }
        let summary = folder.summary
        var xNames: [String] = []
        for name in layout.xLabels where !xNames.contains(name) { xNames.append(name) }
        if layout.categories == nil {
            // Numbers: the sequential colours follow their order, not the order of the sweep.
            xNames.sort { (Double($0) ?? 0) < (Double($1) ?? 0) }
        }
        let colors = Palette.sequential(xNames.count)
        // The x setting's name without the unit of its axis title.
        let xName = layout.xColumns.isEmpty ? "point" : String(layout.xTitle.split(separator: " (")[0])
        let ranges = summary.points.compactMap {
            CCDF.occupiedRange(histograms.buckets(point: $0.index, metric: metric))
        }
        guard let low = ranges.map(\.low).min(), let high = ranges.map(\.high).max() else { return nil }
        let unit = LatencyUnit(maximumMicroseconds: high)
        let name = metric.replacingOccurrences(of: "_", with: " ")
        var panels: [Panel] = []
        for group in layout.groups {
            var series: [Series] = []
            var deadlocked: [String] = []
            for row in group.rows {
                let point = summary.points[row]
                if isDeadlocked(summary, row: row) { deadlocked.append(layout.xLabels[row]) }
                let curve = CCDF.points(histograms.buckets(point: point.index, metric: metric), from: low)
                guard !curve.isEmpty else { continue }
                let color = colors[xNames.firstIndex(of: layout.xLabels[row]) ?? 0]
                series.append(
                    Series(
                        label: "\(xName) = \(layout.xLabels[row])",
                        style: SeriesStyle(color: color, markers: false),
                        points: curve.map { DataPoint(x: $0.x * unit.factor, y: $0.probability) }))
            }
            let title = group.label.isEmpty ? "all points" : group.label
            panels.append(
                Panel(
                    title: deadlocked.isEmpty
                        ? title : "\(title) (DEADLOCK at \(xName) = \(deadlocked.joined(separator: ", ")))",
                    x: AxisSpec(title: "\(name) x (\(unit.name), log scale)", kind: .logarithmic),
                    y: AxisSpec(title: "P(\(name) > x)", kind: .logarithmic), series: series))
        }
        guard panels.contains(where: { !$0.series.isEmpty }) else { return nil }
        let legend = xNames.enumerated().map {
            LegendEntry(label: "\(xName) = \($0.element)", style: SeriesStyle(color: colors[$0.offset], markers: false))
        }
        var notes = layout.notes
        if panels.contains(where: { $0.title.contains("(DEADLOCK at ") }) {
            notes.append("DEADLOCK: some replications of the point deadlocked; its curve covers them up to the deadlock "
                    + "(no curve when all of them deadlocked in the warm-up).")
        }
        notes.append(
            "The x axis starts where the smallest \(TickLabel.format(CCDF.leftOutBelow * 100))% of the values end "
                + "(\(String(format: "%.3g", low * unit.factor)) \(unit.name)).")
        return Figure(
            title: "\(folder.manifest.experiment): \(name) distribution (CCDF, all replications)",
            subtitle: folder.manifest.description, panels: panels, columns: min(3, panels.count),
            legendTitle: xName, legend: legend, sharedAxes: true, notes: notes)
    }

    // MARK: helpers

    /// A figure of `panels` with the experiment's name and description, the layout's legend, and notes for its
    /// abbreviations and DEADLOCK marks.
    static func figure(_ folder: ResultFolder, layout: SweepLayout, title: String, panels: [Panel], columns: Int)
        -> Figure
    {
        var notes = layout.notes
        if panels.contains(where: { $0.series.contains { $0.points.contains(where: \.deadlocked) } }) {
            notes.append(
                "× DEADLOCK: some replications of the point deadlocked (summary.csv's deadlocked_ratio > 0); its "
                    + "values cover those replications up to the deadlock.")
        }
        return Figure(
            title: "\(folder.manifest.experiment): \(title)", subtitle: folder.manifest.description, panels: panels,
            columns: columns, legendTitle: layout.legendTitle, legend: legend(layout), notes: notes)
    }

    /// The unit (µs or ms) that keeps the largest mean of `metrics` short; their values are in µs times
    /// `microsecondsPerValue`.
    static func displayUnit(_ summary: ResultSummary, metrics: [String], microsecondsPerValue: Double) -> LatencyUnit {
        let means = metrics.flatMap { metric in
            summary.points.indices.compactMap { summary.interval(metric, row: $0)?.mean }
        }
        return LatencyUnit(maximumMicroseconds: (means.max() ?? 0) * microsecondsPerValue)
    }

    /// A time metric (in µs times `microsecondsPerValue` in summary.csv) drawn in `unit`, on a log axis when it
    /// spans a factor of 8 or more.
    static func timePanel(
        _ summary: ResultSummary, layout: SweepLayout, metric: String, microsecondsPerValue: Double, unit: LatencyUnit,
        title: String, axis: String
    ) -> Panel {
        let series = lines(summary, layout: layout, metric: metric, factor: microsecondsPerValue * unit.factor)
        let values = series.flatMap(\.points).map(\.y)
        let kind = spread(values) >= 8 ? AxisKind.logarithmic : .linear
        return Panel(
            title: title, x: xAxis(layout),
            y: AxisSpec(title: "\(axis) (\(unit.name))\(kind == .logarithmic ? ", log scale" : "")", kind: kind,
                        includeZero: kind == .linear && (values.min() ?? 0) < (values.max() ?? 0) / 3),
            series: series)
    }

    /// The x axis: categorical for names, logarithmic when positive values span a factor of 10 or more
    /// (`max_blocking_threads` 2 to 64), linear otherwise.
    static func xAxis(_ layout: SweepLayout) -> AxisSpec {
        if layout.categories == nil, layout.xValues.allSatisfy({ $0 > 0 }), spread(layout.xValues) >= 10 {
            return AxisSpec(title: layout.xTitle + ", log scale", kind: .logarithmic)
        }
        return AxisSpec(title: layout.xTitle, categories: layout.categories)
    }

    static func legend(_ layout: SweepLayout) -> [LegendEntry] {
        layout.groups.count > 1 || !layout.groups.allSatisfy({ $0.label.isEmpty })
            ? layout.groups.map { LegendEntry(label: $0.label, style: $0.style) } : []
    }

    /// One series per group: `metric` at each of the group's points, sorted by x, in the chosen unit. Every metric
    /// of the catalogue is non-negative, so an interval's lower end is clipped at 0; a point some of whose
    /// replications deadlocked is marked.
    static func lines(_ summary: ResultSummary, layout: SweepLayout, metric: String, factor: Double) -> [Series] {
        let nonNegative = MetricCatalogue.metric(forColumn: metric) != nil
        return layout.groups.map { group in
            let points = group.rows.compactMap { row -> DataPoint? in
                guard let interval = summary.interval(metric, row: row)?.scaled(by: factor) else {
                    // Every replication deadlocked before the metric had a value: the mark alone, on the x axis. (A
                    // value missing for another reason, such as a class without tasks at the point, is not marked.)
                    let allDeadlocked = (summary.interval(MetricCatalogue.deadlocked.name, row: row)?.mean ?? 0) >= 1
                    return allDeadlocked ? DataPoint(x: layout.xValues[row], y: .nan, deadlocked: true) : nil
                }
                return DataPoint(
                    x: layout.xValues[row], y: interval.mean, lower: nonNegative ? max(0, interval.lower) : interval.lower,
                    upper: interval.upper, deadlocked: isDeadlocked(summary, row: row))
            }.sorted { $0.x < $1.x }
            return Series(label: group.label.isEmpty ? metric : group.label, style: group.style, points: points)
        }
    }

    /// Whether some replication of the `row`-th point deadlocked.
    static func isDeadlocked(_ summary: ResultSummary, row: Int) -> Bool {
        (summary.interval(MetricCatalogue.deadlocked.name, row: row)?.mean ?? 0) > 0
    }

    /// Whether `metric`'s means differ between points (not all zero, not all the same).
    static func varies(_ summary: ResultSummary, _ metric: String) -> Bool {
        let means = summary.points.indices.compactMap { summary.interval(metric, row: $0)?.mean }
        guard let low = means.min(), let high = means.max() else { return false }
        return high - low > 1e-9 * max(abs(high), abs(low))
    }

    /// max / min of the positive values (1 when there are none).
    static func spread(_ values: [Double]) -> Double {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        guard let low = positive.min(), let high = positive.max() else { return 1 }
        return high / low
    }
}
