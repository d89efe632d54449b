/// Lower bounds on how long a request keeps a primitive or a task slot, for the checks that refuse a configuration
/// that cannot reach a steady state or would not fit in memory.
///
/// Every bound counts the means of step durations only: a timeout group counts at most its deadline's mean, and a
/// `select` branch, a wait for a lock or permit, a `yield` and a `join` count nothing, so the true time is never
/// smaller.
extension Workload {
    /// The mean time a request holds `primitive` (an index into ``primitives``), summed over its holds and those of
    /// the child tasks it spawns, weighted over classes, in ns.
    public func meanHoldTimePerTask(ofPrimitive primitive: Int) -> Double {
        weightedMean { perRequest(ofClass: $0) { holdTime(ofPrimitive: primitive, steps: classes[$0].steps) } }
    }

    /// The mean total lifetime of a request's tasks (the request and every child it spawns, each counted for its own
    /// steps), weighted over classes, in ns: by Little's law, × the arrival rate it is the mean number of live tasks.
    /// Poll overhead is not included.
    public var meanTaskTimePerRequest: Double {
        weightedMean { perRequest(ofClass: $0) { meanTime(of: classes[$0].steps, in: classes[$0].steps.indices) } }
    }

    /// The least mean time a task of class `index` spends in its own steps (children not included), in ns.
    public func meanOwnTime(ofClass index: Int) -> Double {
        meanTime(of: classes[index].steps, in: classes[index].steps.indices)
    }

    /// `value` of class `index` plus that of every child it spawns or joins, to any depth. The depth bound keeps a
    /// cyclic spawn graph (rejected by validation) from recursing without end.
    private func perRequest(ofClass index: Int, depth: Int = 0, _ value: (Int) -> Double) -> Double {
        guard depth < classes.count else { return 0 }
        var total = value(index)
        for step in classes[index].steps {
            switch step {
            case let .spawn(child): total += perRequest(ofClass: child, depth: depth + 1, value)
            case let .join(children):
                total += children.reduce(0.0) { $0 + perRequest(ofClass: $1, depth: depth + 1, value) }
            default: break
            }
        }
        return total
    }

    /// The time between each `acquire` of `primitive` and its `release` in `steps`, summed. An acquisition inside a
    /// `select` branch may never run and counts nothing; one inside a timeout group counts at most its deadline.
    private func holdTime(ofPrimitive primitive: Int, steps: [Step]) -> Double {
        var total = 0.0
        /// Open timeout groups and select branches: where each ends and the most time it can add.
        var enclosing: [(end: Int, cap: Double)] = []
        for (position, step) in steps.enumerated() {
            enclosing.removeAll { $0.end <= position }
            switch step {
            case let .timeout(deadline, count, _): enclosing.append((position + 1 + count, deadline.mean))
            case let .select(first, second): enclosing.append((position + 1 + first + second, 0))
            case .acquire(primitive: primitive, cleanup: _):
                guard let release = matchingRelease(of: primitive, after: position, in: steps) else { break }
                let cap = enclosing.map(\.cap).min() ?? .infinity
                total += min(cap, meanTime(of: steps, in: (position + 1)..<release))
            default: break
            }
        }
        return total
    }

    /// The index of the `release` that ends the hold begun by the `acquire` at `position`.
    private func matchingRelease(of primitive: Int, after position: Int, in steps: [Step]) -> Int? {
        var depth = 1
        for index in (position + 1)..<steps.count {
            switch steps[index] {
            case .acquire(primitive: primitive, cleanup: _): depth += 1
            case .release(primitive: primitive):
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }

    /// The least mean time the steps in `range` take, in ns (see the extension's note).
    private func meanTime(of steps: [Step], in range: Range<Int>) -> Double {
        var total = 0.0
        var position = range.lowerBound
        while position < range.upperBound {
            switch steps[position] {
            case let .timeout(deadline, count, _):
                let end = min(position + 1 + count, range.upperBound)
                total += min(deadline.mean, meanTime(of: steps, in: (position + 1)..<end))
                position = end
                continue
            case let .select(first, second):
                position = min(position + 1 + first + second, range.upperBound)
                continue
            case let .cpu(duration), let .block(duration), let .io(duration), let .sleep(duration),
                let .spawnBlocking(duration), let .blockInPlace(duration):
                total += duration.mean
            case .yield, .acquire, .release, .spawn, .join, .spawnBlockingClosure:
                break
            }
            position += 1
        }
        return total
    }
}
