import MetricCatalogue

/// The fixed columns of summary.csv and replications.csv, and the metric columns' names in replications.csv.
///
/// Both files start with ``point``, then one column per swept key. summary.csv goes on with ``replications`` and three
/// columns per metric (see ``SummaryStatistic``); replications.csv with ``replication``, ``seed`` and one column per
/// metric.
public enum ResultColumn {
    /// The sweep point's 0-based index, in sweep order.
    public static let point = "point"
    /// summary.csv: how many replications each mean and interval is over.
    public static let replications = "replications"
    /// replications.csv: the replication's 0-based number.
    public static let replication = "replication"
    /// replications.csv: the experiment seed the replication's random streams derive from.
    public static let seed = "seed"

    /// The replications.csv column of `metric`: the metric's own name, except that the deadlock flag
    /// `deadlocked_ratio` is called `deadlocked`, since per replication it is a yes (1) or no (0) and only its mean in
    /// summary.csv is a ratio.
    public static func replicationsColumn(forMetric metric: String) -> String {
        metric == MetricCatalogue.deadlocked.name ? "deadlocked" : metric
    }
}
