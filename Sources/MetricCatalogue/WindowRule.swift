/// Which part of a replication a metric covers.
///
/// A replication runs a warm-up, the measurement window and a drain; a replication that stops early (a deadlock) stops
/// every clock at that moment, so the window ends there.
public enum WindowRule: String, Sendable, Hashable, CaseIterable {
    /// Tasks that arrived inside the window, followed to their completion (even after the window ended).
    case tasksArrivedInWindow = "tasks arrived in the window"
    /// Events and time inside the window: an event counts when its virtual time t satisfies start ≤ t < end; a time
    /// span counts its part inside [start, end).
    case window = "window"
    /// The whole run, warm-up included: a loss that carries over (leaked guards and permits).
    case wholeRun = "whole run"
}
