/// Swept columns that vary together: a `[sweep.zip.*]` group, or one key swept on its own, recovered from the points
/// of summary.csv. The points are the cross product of the factors' value tuples.
struct SweepFactor: Equatable {
    /// Indices into the sweep columns, in file order.
    var columns: [Int]

    /// The varying columns of `rows` (each a point's swept values) grouped into factors: two columns belong to one
    /// factor when their values do not combine freely (fewer distinct pairs than the product of their counts).
    static func factors(_ rows: [[String]], columnCount: Int) -> [SweepFactor] {
        let varying = (0..<columnCount).filter { distinctCount(rows, [$0]) > 1 }
        var groups = varying.map { [$0] }
        var merged = true
        while merged {
            merged = false
            search: for a in groups.indices {
                for b in groups.indices where b > a {
                    let joint = distinctCount(rows, groups[a] + groups[b])
                    if joint < distinctCount(rows, groups[a]) * distinctCount(rows, groups[b]) {
                        groups[a] = (groups[a] + groups[b]).sorted()
                        groups.remove(at: b)
                        merged = true
                        break search
                    }
                }
            }
        }
        return groups.map { SweepFactor(columns: $0) }
    }

    /// How many different value tuples `columns` take over `rows`.
    static func distinctCount(_ rows: [[String]], _ columns: [Int]) -> Int {
        Set(rows.map { row in columns.map { row[$0] } }).count
    }

    /// Whether each of the two columns' values fixes the other's over `rows` (a zip partner that only renames it).
    static func isBijective(_ rows: [[String]], _ a: Int, _ b: Int) -> Bool {
        let pairs = distinctCount(rows, [a, b])
        return pairs == distinctCount(rows, [a]) && pairs == distinctCount(rows, [b])
    }
}
