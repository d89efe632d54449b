/// Which Tokio scheduler a simulated runtime uses.
public enum RuntimeFlavor: String, Sendable, Hashable, CaseIterable {
    /// `Builder::new_multi_thread()`: N workers, LIFO slots, local queues, an inject queue and work stealing.
    case multiThread = "multi_thread"
    /// `Builder::new_current_thread()`: one thread, FIFO local and inject queues, no LIFO slot, no stealing.
    case currentThread = "current_thread"
}
