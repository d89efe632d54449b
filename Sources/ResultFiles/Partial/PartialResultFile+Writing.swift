extension PartialResultFile {
    /// The file's text: pretty-printed JSON and a final line break.
    public func serialized() -> String {
        func number(_ value: Double) -> JSONValue { .string(String(value)) }
        let itemValues = items.map { item in
            var entries: [(String, JSONValue)] = [
                ("point", .integer(Int64(item.point))),
                ("replication", .integer(Int64(item.replication))),
                ("values", .array(item.values.map(number))),
            ]
            if let deadlock = item.deadlock {
                entries.append(("deadlock", .object([
                    ("time_ns", .integer(deadlock.timeNanoseconds)),
                    ("primitive", .string(deadlock.primitive)),
                    ("holder", .string(deadlock.holder)),
                    ("waiters", .array(deadlock.waiters.map(JSONValue.string))),
                ])))
            }
            return JSONValue.object(entries)
        }
        let histogramValues = histograms.map { histogram in
            JSONValue.object([
                ("point", .integer(Int64(histogram.point))),
                ("metric", .string(histogram.metric)),
                ("buckets", .array(histogram.buckets.map { bucket in
                    .array([
                        .integer(bucket.lowerNanoseconds), .integer(bucket.upperNanoseconds), .unsigned(bucket.count),
                    ])
                })),
            ])
        }
        let document = JSONValue.object([
            ("format", .string(Self.format)),
            ("file", .string(file)),
            ("file_sha256", .string(fileSHA256)),
            ("sets", .array(sets.map(JSONValue.string))),
            ("seed", .unsigned(seed)),
            ("replications", .integer(Int64(replications))),
            ("shard", .string("\(shardIndex)/\(shardCount)")),
            ("points", .integer(Int64(pointCount))),
            ("metrics", .array(metricNames.map(JSONValue.string))),
            ("events_processed", .unsigned(eventsProcessed)),
            ("wall_time_s", .string(String(wallSeconds))),
            ("items", .array(itemValues)),
            ("histograms", .array(histogramValues)),
        ])
        return document.serialized() + "\n"
    }
}
