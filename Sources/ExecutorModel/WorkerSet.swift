/// A set of worker indices `0 ..< capacity`, one bit each, written in place.
///
/// Stealing visits the other workers in cyclic order from a random start and takes from the first with work
/// (`steal_work`). Visiting them one by one costs O(workers) per attempt, which at 512 workers was 17% of a run; this
/// set finds that first member 64 workers at a time (``firstMember(from:excluding:)``), with the same answer.
struct WorkerSet {
    /// Bit `w % 64` of word `w / 64` is set when worker `w` is a member.
    private let words: InPlaceTable<UInt64>
    /// One past the largest index the set can hold.
    let capacity: Int
    /// The number of members.
    private(set) var count = 0

    /// An empty set for workers `0 ..< capacity`.
    init(capacity: Int) {
        let wordCount = (capacity + 63) / 64
        words = InPlaceTable(Array(repeating: 0, count: wordCount), capacity: wordCount)
        self.capacity = capacity
    }

    /// Whether no worker is a member.
    var isEmpty: Bool { count == 0 }

    /// Whether `worker` is a member.
    func contains(_ worker: Int) -> Bool {
        words[worker >> 6] & (1 &<< UInt64(worker & 63)) != 0
    }

    /// Adds `worker` (`isMember`) or removes it.
    @inline(__always)
    mutating func update(_ worker: Int, isMember: Bool) {
        let mask: UInt64 = 1 &<< UInt64(worker & 63)
        let wasMember = words[worker >> 6] & mask != 0
        guard wasMember != isMember else { return }
        words[worker >> 6] ^= mask
        count += isMember ? 1 : -1
    }

    /// The first member other than `excluded` in the cyclic order `start, start + 1, …, capacity − 1, 0, …,
    /// start − 1`, or `nil` if there is none. O(capacity / 64).
    func firstMember(from start: Int, excluding excluded: Int) -> Int? {
        guard count > 0 else { return nil }
        return firstMember(in: start ..< capacity, excluding: excluded)
            ?? firstMember(in: 0 ..< start, excluding: excluded)
    }

    private func firstMember(in range: Range<Int>, excluding excluded: Int) -> Int? {
        guard !range.isEmpty else { return nil }
        var word = range.lowerBound >> 6
        var bits = words[word] & (~0 &<< UInt64(range.lowerBound & 63))
        while true {
            if excluded >> 6 == word { bits &= ~(1 &<< UInt64(excluded & 63)) }
            if bits != 0 {
                let member = word << 6 + bits.trailingZeroBitCount
                return member < range.upperBound ? member : nil
            }
            word += 1
            guard word << 6 < range.upperBound else { return nil }
            bits = words[word]
        }
    }
}
