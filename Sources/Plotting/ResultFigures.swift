import Foundation

/// The standard figures of a results folder, built from summary.csv and histograms.csv.
public enum ResultFigures {
    /// p50 and p99 latency against the x column, one line per other swept value, with 95% CI error bars.
    public static func latency(_ folder: ResultFolder, layout: SweepLayout) -> Figure {
        let summary = folder.summary
        let all = ["latency_p50_us", "latency_p99_us"].flatMap { metric in
            summary.points.indices.compactMap { summary.interval(metric, row: $0)?.mean }
        }
        let unit = LatencyUnit(maximumMicroseconds: all.max() ?? 0)
        let panels = [("p50", "latency_p50_us"), ("p99", "latency_p99_us")].map { name, metric in
            let series = lines(summary, layout: layout, metric: metric, factor: unit.factor)
            let values = series.flatMap(\.points).map(\.y)
            let kind = spread(values) >= 8 ? AxisKind.logarithmic : .linear
            return Panel(
                title: "\(name) latency",
                x: xAxis(layout),
                y: AxisSpec(title: "\(name) latency (\(unit.name))\(kind == .logarithmic ? ", log scale" : "")",
                            kind: kind, includeZero: kind == .linear && (values.min() ?? 0) < (values.max() ?? 0) / 3),
                series: series)
        }
        return Figure(
            title: "\(folder.manifest.experiment): task latency, mean of replications ± 95% CI",
            subtitle: folder.manifest.description, panels: panels, columns: 2, legendTitle: layout.legendTitle,
            legend: legend(layout))
    }

    /// Executor stall time and how workers spent their time against the x column.
    public static func utilisation(_ folder: ResultFolder, layout: SweepLayout) -> Figure {
        let specs: [(title: String, metric: String, axis: String)] = [
            ("executor stall time", "stall_ratio", "stalled (% of measured time)"),
            ("worker utilisation: polling", "worker_busy_ratio", "busy polling (% of worker time)"),
            ("worker utilisation: blocked", "worker_blocked_ratio", "blocked in a poll (% of worker time)"),
        ]
        let panels = specs.filter { folder.summary.has($0.metric) }.map { spec in
            Panel(
                title: spec.title, x: xAxis(layout), y: AxisSpec(title: spec.axis, includeZero: true),
                series: lines(folder.summary, layout: layout, metric: spec.metric, factor: 100))
        }
        return Figure(
            title: "\(folder.manifest.experiment): executor stalls and worker utilisation, mean ± 95% CI",
            subtitle: folder.manifest.description, panels: panels, columns: 3, legendTitle: layout.legendTitle,
            legend: legend(layout))
    }

    /// The latency distribution of every point as a CCDF on log-log axes: one panel per line of the other figures,
    /// one curve per x value. Nil without histograms.
    public static func distributions(_ folder: ResultFolder, layout: SweepLayout, metric: String = "latency")
        -> Figure?
    {
        guard let histograms = folder.histograms else { return nil }
        let summary = folder.summary
        let xNames: [String] = layout.xColumn.map { column in
            var seen: [String] = []
            for point in summary.points where !seen.contains(point.swept[column]) { seen.append(point.swept[column]) }
            return seen
        } ?? summary.points.map { String($0.index) }
        let colors = Palette.sequential(xNames.count)
        let xName = layout.xColumn.map { SweepLayout.shortName(summary.sweepColumns[$0]) } ?? "point"
        var maximum = 0.0
        var panels: [Panel] = []
        for group in layout.groups {
            var series: [Series] = []
            for row in group.rows {
                let point = summary.points[row]
                let name = layout.xColumn.map { point.swept[$0] } ?? String(point.index)
                let curve = CCDF.points(histograms.buckets(point: point.index, metric: metric))
                guard !curve.isEmpty else { continue }
                maximum = max(maximum, curve.map(\.x).max() ?? 0)
                let color = colors[xNames.firstIndex(of: name) ?? 0]
                series.append(
                    Series(
                        label: "\(xName) = \(name)", style: SeriesStyle(color: color, markers: false),
                        points: curve.map { DataPoint(x: $0.x, y: $0.probability) }))
            }
            panels.append(
                Panel(title: group.label.isEmpty ? "all points" : group.label, x: AxisSpec(title: ""),
                      y: AxisSpec(title: "P(\(metric.replacingOccurrences(of: "_", with: " ")) > x)",
                                  kind: .logarithmic),
                      series: series))
        }
        guard panels.contains(where: { !$0.series.isEmpty }) else { return nil }
        let unit = LatencyUnit(maximumMicroseconds: maximum)
        for index in panels.indices {
            panels[index].x = AxisSpec(
                title: "\(metric.replacingOccurrences(of: "_", with: " ")) x (\(unit.name), log scale)",
                kind: .logarithmic)
            for s in panels[index].series.indices {
                panels[index].series[s].points = panels[index].series[s].points.map {
                    DataPoint(x: $0.x * unit.factor, y: $0.y)
                }
            }
        }
        let legend = xNames.enumerated().map {
            LegendEntry(label: "\(xName) = \($0.element)", style: SeriesStyle(color: colors[$0.offset], markers: false))
        }
        return Figure(
            title: "\(folder.manifest.experiment): \(metric.replacingOccurrences(of: "_", with: " ")) distribution "
                + "(CCDF, all replications)",
            subtitle: folder.manifest.description, panels: panels, columns: min(3, panels.count),
            legendTitle: xName,
            legend: legend, sharedAxes: true)
    }

    // MARK: helpers

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

    /// One series per group: `metric` at each of the group's points, sorted by x, in the chosen unit.
    static func lines(_ summary: ResultSummary, layout: SweepLayout, metric: String, factor: Double) -> [Series] {
        layout.groups.map { group in
            let points = group.rows.compactMap { row -> DataPoint? in
                guard let interval = summary.interval(metric, row: row)?.scaled(by: factor) else { return nil }
                return DataPoint(x: layout.xValues[row], y: interval.mean, lower: interval.lower, upper: interval.upper)
            }.sorted { $0.x < $1.x }
            return Series(label: group.label.isEmpty ? metric : group.label, style: group.style, points: points)
        }
    }

    /// max / min of the positive values (1 when there are none).
    static func spread(_ values: [Double]) -> Double {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        guard let low = positive.min(), let high = positive.max() else { return 1 }
        return high / low
    }
}
