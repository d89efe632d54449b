import ResultFiles

/// One partial result file given to `simexec merge`: where it is, what it holds, and its shard.
struct MergeInput {
    /// The file as found or named on the command line, for messages.
    let path: String
    let partial: PartialResultFile
    let shard: Shard

    /// Reads and checks the file on its own (``PartialResultFile/read(path:)``), and that its shard count is one
    /// `run --shard` accepts.
    init(path: String) throws(ExperimentError) {
        do throws(ResultFileError) {
            partial = try PartialResultFile.read(path: path)
        } catch {
            throw ExperimentError(error)
        }
        guard let shard = Shard(index: partial.shardIndex, count: partial.shardCount) else {
            throw ExperimentError(
                .input, file: path,
                message: "shard \(partial.shardIndex)/\(partial.shardCount) has more shards than `run --shard` "
                    + "allows; allowed is K/N with 1 <= K <= N <= \(Shard.maximumCount)")
        }
        self.path = path
        self.shard = shard
    }
}
