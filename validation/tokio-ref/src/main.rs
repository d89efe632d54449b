//! tokio-ref: runs one simexec scenario on a real Tokio runtime and writes latency percentiles with the column names
//! of simexec's summary.csv.
//!
//!     simexec export-scenario FILE.toml [--point N] [--set K=V] > s.scn
//!     tokio-ref s.scn --out real.csv [--seed N] [--spin-us N] [--label TEXT] [--accept-via tcp|channel]
//!
//! Arrivals (`spawned_by outside`, the default) are open loop: a dedicated (non-runtime) thread computes every
//! arrival's *intended* time from the start (Poisson or constant gaps), sleeps until it with absolute deadlines and
//! spawns the task with `Handle::spawn`, so a blocked worker never delays later arrivals. Latency runs from the
//! intended arrival time to the end of the task (no coordinated omission). The lag between intended and actual spawn
//! is reported as `arrival_lag_*`.
//!
//! `spawned_by accept_loop`: a real `tokio::net::TcpListener` on 127.0.0.1 whose accept loop is a task on the runtime
//! (`loop { let (s, _) = listener.accept().await?; tokio::spawn(handler(s)) }`), so each connection is a readiness
//! event the I/O driver delivers and each handler is spawned from a worker (its LIFO slot). A client thread outside
//! the runtime connects at the intended instants (same arrival process and draws as above). The handler's class and
//! durations are planned by the client before it connects and handed over in connection order (the listener's
//! accept queue is FIFO; each plan is checked against the client's port, see `accept_order_*`). The handler does not
//! read from the socket (the model's handler has no request to read); it drops its end when it completes, and the
//! client closes its end after that. `--accept-via channel` replaces the TCP listener by a `tokio::sync::mpsc`
//! channel (the acceptor awaits `recv()`), to compare the two wake-up paths.
//!
//! `arrivals closed N DIST`: N clients driven by one thread outside the runtime: each thinks for a draw of DIST, sends a
//! request (spawns it, or connects under `accept_loop`), waits for its completion, thinks again. Latency runs from
//! the intended send instant (completion + think) to completion; `throughput_per_s` counts requests completed in the
//! window.
//!
//! Steps: `cpu` busy-spins, `block` is `std::thread::sleep` inside the poll, `sleep` is `tokio::time::sleep`,
//! `io` awaits a Unix datagram socket that a separate I/O thread writes to when the duration has passed (so the wake-up
//! comes through the I/O driver, as a socket's would), `spawn_blocking` runs `std::thread::sleep` on the blocking pool,
//! `spawn_blocking_closure N` runs the next N `cpu`/`block` steps on the blocking pool, `yield` is `yield_now`,
//! `block_in_place` sleeps inside `block_in_place`, `acquire`/`release` take and give back a std mutex (a blocking
//! lock without a guard), a tokio mutex (a one-permit `Semaphore`, which is what `tokio::sync::Mutex` is) or a
//! semaphore. `spawn C` is a detached `tokio::spawn` of a task of class C; `join N C1..CN` spawns one task per listed
//! class and then awaits their `JoinHandle`s in order (all are spawned before any is awaited). Durations are sampled
//! when the request is planned (children's too), before it arrives.
//! Overall `latency_*` and `throughput_per_s` count requests only; `latency_CLASS_*` counts every task of the class,
//! children from their spawn to their end.
//! Not supported (the run is refused): `timeout` and `select` steps, local (`!Send`) classes, `onoff` and `trace`
//! arrivals. `cores` is ignored with a warning.

use std::collections::BinaryHeap;
use std::cmp::Reverse;
use std::io::Write;
use std::os::unix::net::UnixDatagram as StdDatagram;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- random numbers (SplitMix64 + xoshiro256**)

struct Rng {
    s: [u64; 4],
}

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng { s: [next(), next(), next(), next()] }
    }
    fn u64(&mut self) -> u64 {
        let r = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        r
    }
    /// Uniform in (0, 1).
    fn open01(&mut self) -> f64 {
        ((self.u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn gaussian(&mut self) -> f64 {
        let (u, v) = (self.open01(), self.open01());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
    /// Marsaglia–Tsang gamma with scale 1.
    fn gamma1(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            let u = self.open01();
            return self.gamma1(shape + 1.0) * u.powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.gaussian();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.open01();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }
}

// ---------------------------------------------------------------- the scenario

#[derive(Clone, Debug)]
enum Dist {
    Constant(f64),
    Exp(f64),
    Uniform(f64, f64),
    Normal(f64, f64),
    Lognormal(f64, f64),
    Gamma(f64, f64),
    Weibull(f64, f64),
    Pareto(f64, f64),
    Empirical(Vec<f64>),
}

impl Dist {
    /// A draw in nanoseconds.
    fn sample(&self, rng: &mut Rng) -> u64 {
        let x = match self {
            Dist::Constant(v) => *v,
            Dist::Exp(mean) => -mean * rng.open01().ln(),
            Dist::Uniform(lo, hi) => lo + (hi - lo) * rng.open01(),
            Dist::Normal(mean, sd) => loop {
                let x = mean + sd * rng.gaussian();
                if x >= 0.0 {
                    break x;
                }
            },
            Dist::Lognormal(zeta, sigma) => (zeta + sigma * rng.gaussian()).exp(),
            Dist::Gamma(shape, scale) => scale * rng.gamma1(*shape),
            Dist::Weibull(scale, shape) => scale * (-rng.open01().ln()).powf(1.0 / shape),
            Dist::Pareto(shape, min) => min * rng.open01().powf(-1.0 / shape),
            Dist::Empirical(v) => v[((rng.open01() * v.len() as f64) as usize).min(v.len() - 1)],
        };
        x.max(0.0).round() as u64
    }
}

/// A reference to a class in a `spawn` or `join` step: its index, or its name (resolved when the file is read).
#[derive(Clone, Debug)]
enum ClassRef {
    Index(usize),
    Name(String),
}

#[derive(Clone, Debug)]
enum StepSpec {
    Cpu(Dist),
    Block(Dist),
    Io(Dist),
    Sleep(Dist),
    SpawnBlocking(Dist),
    /// `spawn_blocking` of a closure running these steps (`true` = cpu, `false` = block).
    SpawnBlockingClosure(Vec<(bool, Dist)>),
    Yield,
    BlockInPlace(Dist),
    Acquire(usize),
    Release(usize),
    Spawn(ClassRef),
    Join(Vec<ClassRef>),
}

/// A step with its duration drawn (ns).
#[derive(Debug)]
enum Step {
    Cpu(u64),
    Block(u64),
    Io(u64),
    Sleep(u64),
    SpawnBlocking(u64),
    SpawnBlockingClosure(Vec<(bool, u64)>),
    Yield,
    BlockInPlace(u64),
    Acquire(usize),
    Release(usize),
    Spawn(Box<Plan>),
    Join(Vec<Plan>),
}

/// One task with every duration drawn, its children's included.
#[derive(Debug)]
struct Plan {
    class: usize,
    steps: Vec<Step>,
}

struct Class {
    name: String,
    weight: f64,
    steps: Vec<StepSpec>,
}

#[derive(Clone, Debug, Default)]
enum Process {
    #[default]
    Poisson,
    Constant,
    Closed { clients: usize, think: Dist },
}

#[derive(Default)]
struct Scenario {
    flavor: String,
    workers: usize,
    max_blocking_threads: usize,
    thread_keep_alive_ns: u64,
    event_interval: u32,
    global_queue_interval: u32,
    warmup_ns: u64,
    duration_ns: u64,
    process: Process,
    rate: f64,
    accept_loop: bool,
    primitives: Vec<(String, String, usize)>,
    classes: Vec<Class>,
    ignored: Vec<String>,
}

fn fail(msg: &str) -> ! {
    eprintln!("tokio-ref: {msg}");
    std::process::exit(2)
}

/// Parses a distribution from `f` (its kind first); returns it and the number of fields it took.
fn parse_dist_n(f: &[&str], line: &str) -> (Dist, usize) {
    let n = |i: usize| -> f64 {
        f.get(i).and_then(|s| s.parse().ok()).unwrap_or_else(|| fail(&format!("bad number in: {line}")))
    };
    match f.first().copied() {
        Some("constant") => (Dist::Constant(n(1)), 2),
        Some("exp") => (Dist::Exp(n(1)), 2),
        Some("uniform") => (Dist::Uniform(n(1), n(2)), 3),
        Some("normal") => (Dist::Normal(n(1), n(2)), 3),
        Some("lognormal") => (Dist::Lognormal(n(1), n(2)), 3),
        Some("gamma") => (Dist::Gamma(n(1), n(2)), 3),
        Some("weibull") => (Dist::Weibull(n(1), n(2)), 3),
        Some("pareto") => (Dist::Pareto(n(1), n(2)), 3),
        Some("empirical") => {
            let count = n(1) as usize;
            (Dist::Empirical((0..count).map(|i| n(2 + i)).collect()), 2 + count)
        }
        _ => fail(&format!("unknown distribution in: {line}")),
    }
}

fn parse_dist(f: &[&str], line: &str) -> Dist {
    parse_dist_n(f, line).0
}

fn class_ref(field: &str) -> ClassRef {
    match field.parse() {
        Ok(i) => ClassRef::Index(i),
        Err(_) => ClassRef::Name(field.to_string()),
    }
}

fn parse_scenario(text: &str) -> Scenario {
    let mut s = Scenario { event_interval: 61, global_queue_interval: 61, ..Default::default() };
    let mut saw_end = false;
    // Steps still to go into the current `spawn_blocking_closure`.
    let mut closure_left = 0usize;
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.is_empty() || f[0].starts_with('#') {
            continue;
        }
        if i == 0 {
            if f != ["simexec-scenario", "1"] {
                fail("not a simexec-scenario 1 file (make it with `simexec export-scenario`)");
            }
            continue;
        }
        let int = |k: usize| -> u64 {
            f.get(k).and_then(|s| s.parse().ok()).unwrap_or_else(|| fail(&format!("bad integer in: {line}")))
        };
        if closure_left > 0 && f[0] != "step" {
            fail(&format!("spawn_blocking_closure ends before its steps: {line}"));
        }
        match f[0] {
            "experiment" | "costs" => {}
            // The model's profile: the runtime measured is the Tokio this binary was built against (tokio-ref for
            // 1.24.2, tokio-ref-1.53 for 1.53.1); validation/run.py pairs each with its profile.
            "profile" => match f.get(1).copied() {
                Some("tokio-1.24") | Some("tokio-1.53") => {}
                _ => fail(&format!("unknown profile: {line}")),
            },
            "flavor" => s.flavor = f[1].to_string(),
            "workers" => s.workers = int(1) as usize,
            "max_blocking_threads" => s.max_blocking_threads = int(1) as usize,
            "thread_keep_alive_ns" => s.thread_keep_alive_ns = int(1),
            "event_interval" => s.event_interval = int(1) as u32,
            "global_queue_interval" => s.global_queue_interval = int(1) as u32,
            "local_queue_capacity" if int(1) != 256 => s.ignored.push(line.to_string()),
            "coop_budget" if int(1) != 128 => s.ignored.push(line.to_string()),
            "lifo_slot" if int(1) != 1 => s.ignored.push(line.to_string()),
            "timer_resolution_ns" if int(1) != 1_000_000 => s.ignored.push(line.to_string()),
            "local_queue_capacity" | "coop_budget" | "lifo_slot" | "timer_resolution_ns" => {}
            // Threads sharing fewer cores: not emulated (the machine's cores are what they are).
            "cores" => s.ignored.push(line.to_string()),
            "warmup_ns" => s.warmup_ns = int(1),
            "duration_ns" => s.duration_ns = int(1),
            "arrivals" => match f.get(1).copied() {
                Some("poisson") | Some("constant") => {
                    s.process = if f[1] == "poisson" { Process::Poisson } else { Process::Constant };
                    s.rate = f.get(2).and_then(|x| x.parse().ok()).unwrap_or_else(|| fail(&format!("bad rate in: {line}")));
                }
                Some("closed") => {
                    let clients = int(2) as usize;
                    if clients == 0 {
                        fail(&format!("a closed process needs at least one client: {line}"));
                    }
                    s.process = Process::Closed { clients, think: parse_dist(&f[3..], line) };
                }
                _ => fail(&format!("arrival process not supported by tokio-ref: {line}")),
            },
            "spawned_by" => {
                s.accept_loop = match f.get(1).copied() {
                    Some("outside") => false,
                    Some("accept_loop") => true,
                    _ => fail(&format!("unknown spawned_by: {line}")),
                }
            }
            "primitive" => s.primitives.push((f[1].to_string(), f[2].to_string(), int(3) as usize)),
            "class" => {
                if f.iter().any(|x| *x == "local=1") {
                    fail(&format!("local (spawn_local) classes are not supported: {line}"));
                }
                let weight = f[2].parse().unwrap_or_else(|_| fail(&format!("bad weight in: {line}")));
                s.classes.push(Class { name: f[1].to_string(), weight, steps: vec![] })
            }
            "step" => {
                let class = s.classes.last_mut().unwrap_or_else(|| fail("step before class"));
                let d = || parse_dist(&f[2..], line);
                if closure_left > 0 {
                    let cpu = match f[1] {
                        "cpu" => true,
                        "block" => false,
                        _ => fail(&format!("a spawn_blocking closure takes only cpu and block steps: {line}")),
                    };
                    match class.steps.last_mut() {
                        Some(StepSpec::SpawnBlockingClosure(v)) => v.push((cpu, d())),
                        _ => unreachable!(),
                    }
                    closure_left -= 1;
                    continue;
                }
                let idx = || f.get(2).and_then(|x| x.parse().ok()).unwrap_or_else(|| fail(&format!("bad index: {line}")));
                class.steps.push(match f[1] {
                    "cpu" => StepSpec::Cpu(d()),
                    "block" => StepSpec::Block(d()),
                    "io" => StepSpec::Io(d()),
                    "sleep" => StepSpec::Sleep(d()),
                    "spawn_blocking" => StepSpec::SpawnBlocking(d()),
                    "spawn_blocking_closure" => {
                        closure_left = int(2) as usize;
                        if closure_left == 0 {
                            fail(&format!("an empty spawn_blocking closure: {line}"));
                        }
                        StepSpec::SpawnBlockingClosure(vec![])
                    }
                    "yield" => StepSpec::Yield,
                    "block_in_place" => StepSpec::BlockInPlace(d()),
                    "acquire" => StepSpec::Acquire(idx()),
                    "release" => StepSpec::Release(idx()),
                    "spawn" if f.len() == 3 => StepSpec::Spawn(class_ref(f[2])),
                    "join" => {
                        // `join N C1 .. CN`
                        let n = int(2) as usize;
                        if n == 0 || f.len() != 3 + n {
                            fail(&format!("join needs a count and that many classes: {line}"));
                        }
                        StepSpec::Join(f[3..].iter().map(|x| class_ref(x)).collect())
                    }
                    other => fail(&format!("step kind {other} is not supported by tokio-ref: {line}")),
                });
            }
            "end" => saw_end = true,
            other => fail(&format!("unknown record {other}: {line}")),
        }
    }
    if !saw_end || closure_left > 0 {
        fail("truncated scenario (no `end` line, or a spawn_blocking closure without its steps)");
    }
    let open = !matches!(s.process, Process::Closed { .. });
    if s.classes.is_empty() || (open && s.rate <= 0.0) || s.duration_ns == 0 {
        fail("scenario needs a class, a positive rate (or a closed process) and a duration");
    }
    if s.classes.iter().all(|c| c.weight <= 0.0) {
        fail("every class has weight 0: nothing arrives");
    }
    // Resolve class names in spawn/join steps to indices.
    let names: Vec<String> = s.classes.iter().map(|c| c.name.clone()).collect();
    let resolve = |r: &mut ClassRef| {
        let i = match r {
            ClassRef::Index(i) => *i,
            ClassRef::Name(n) => names.iter().position(|x| x == n).unwrap_or_else(|| fail(&format!("unknown class {n} in a spawn or join step"))),
        };
        if i >= names.len() {
            fail(&format!("class index {i} out of range in a spawn or join step"));
        }
        *r = ClassRef::Index(i);
    };
    for c in s.classes.iter_mut() {
        for st in c.steps.iter_mut() {
            match st {
                StepSpec::Spawn(r) => resolve(r),
                StepSpec::Join(v) => v.iter_mut().for_each(|r| resolve(r)),
                _ => {}
            }
        }
    }
    if s.flavor == "current_thread"
        && s.classes.iter().any(|c| c.steps.iter().any(|st| matches!(st, StepSpec::BlockInPlace(_))))
    {
        fail("block_in_place panics on a current_thread runtime");
    }
    s
}

fn index(r: &ClassRef) -> usize {
    match r {
        ClassRef::Index(i) => *i,
        ClassRef::Name(_) => unreachable!("resolved in parse_scenario"),
    }
}

/// Draws every duration of a task of class `class` and of the children it will spawn.
fn sample_plan(classes: &[(f64, Vec<StepSpec>)], class: usize, rng: &mut Rng, depth: usize) -> Plan {
    if depth > 32 {
        fail("spawn/join nesting deeper than 32 (a class that spawns itself without end?)");
    }
    let steps = classes[class]
        .1
        .iter()
        .map(|s| match s {
            StepSpec::Cpu(d) => Step::Cpu(d.sample(rng)),
            StepSpec::Block(d) => Step::Block(d.sample(rng)),
            StepSpec::Io(d) => Step::Io(d.sample(rng)),
            StepSpec::Sleep(d) => Step::Sleep(d.sample(rng)),
            StepSpec::SpawnBlocking(d) => Step::SpawnBlocking(d.sample(rng)),
            StepSpec::SpawnBlockingClosure(v) => Step::SpawnBlockingClosure(v.iter().map(|(cpu, d)| (*cpu, d.sample(rng))).collect()),
            StepSpec::Yield => Step::Yield,
            StepSpec::BlockInPlace(d) => Step::BlockInPlace(d.sample(rng)),
            StepSpec::Acquire(i) => Step::Acquire(*i),
            StepSpec::Release(i) => Step::Release(*i),
            StepSpec::Spawn(r) => Step::Spawn(Box::new(sample_plan(classes, index(r), rng, depth + 1))),
            StepSpec::Join(v) => Step::Join(v.iter().map(|r| sample_plan(classes, index(r), rng, depth + 1)).collect()),
        })
        .collect();
    Plan { class, steps }
}

/// Picks a class by weight (classes of weight 0 are never picked).
fn choose_class(classes: &[(f64, Vec<StepSpec>)], total_weight: f64, rng: &mut Rng) -> usize {
    let mut u = rng.open01() * total_weight;
    let mut class = classes.iter().rposition(|c| c.0 > 0.0).unwrap_or(classes.len() - 1);
    for (k, c) in classes.iter().enumerate() {
        if c.0 <= 0.0 {
            continue;
        }
        if u < c.0 {
            class = k;
            break;
        }
        u -= c.0;
    }
    class
}

// ---------------------------------------------------------------- locks

/// A std-mutex-like lock held across awaits: `acquire` blocks the calling (worker) thread until the lock is free,
/// like `std::sync::Mutex::lock` (futex-based, unfair); `release` wakes one waiter.
struct BlockingLock {
    free: Mutex<usize>,
    cv: Condvar,
}

enum Primitive {
    Std(BlockingLock),
    Tokio(tokio::sync::Semaphore),
}

// ---------------------------------------------------------------- the I/O completer

/// Writes one byte to each socket when its deadline comes, from a thread outside the runtime, so an `io` step's task
/// is woken by the I/O driver like a socket becoming readable.
fn io_thread(rx: mpsc::Receiver<(Instant, u64, StdDatagram)>, lags: Arc<Mutex<Vec<u64>>>, spin: Duration) {
    set_timer_slack_1ns();
    let mut heap: BinaryHeap<Reverse<(Instant, u64)>> = BinaryHeap::new();
    let mut sockets = std::collections::HashMap::new();
    loop {
        let now = Instant::now();
        while let Some(Reverse((t, id))) = heap.peek().copied() {
            if t > now {
                break;
            }
            heap.pop();
            if let Some(sock) = sockets.remove(&id) {
                let sock: StdDatagram = sock;
                let _ = sock.send(&[1]);
                lags.lock().unwrap().push(Instant::now().saturating_duration_since(t).as_nanos() as u64);
            }
        }
        // Sleep until `spin` before the earliest deadline, then spin, so sockets become readable on time.
        if let Some(Reverse((t, _))) = heap.peek().copied() {
            if t.saturating_duration_since(Instant::now()) <= spin {
                while Instant::now() < t {
                    std::hint::spin_loop();
                }
                continue;
            }
        }
        let msg = match heap.peek() {
            Some(Reverse((t, _))) => match rx.recv_timeout(t.saturating_duration_since(Instant::now()).saturating_sub(spin)) {
                Ok(m) => Some(m),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            },
            None => match rx.recv() {
                Ok(m) => Some(m),
                Err(_) => return,
            },
        };
        if let Some((t, id, sock)) = msg {
            heap.push(Reverse((t, id)));
            sockets.insert(id, sock);
        }
    }
}

/// Linux's default 50 µs timer slack would make the harness's own threads (arrivals, I/O completer) wake late;
/// the runtime's threads keep the default, as in production.
fn set_timer_slack_1ns() {
    #[cfg(target_os = "linux")]
    {
        extern "C" {
            fn prctl(option: i32, arg2: u64, arg3: u64, arg4: u64, arg5: u64) -> i32;
        }
        const PR_SET_TIMERSLACK: i32 = 29;
        unsafe {
            prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0);
        }
    }
}

// ---------------------------------------------------------------- tasks

/// A finished request: (request id, end instant), sent to the client driver.
type Completion = (u64, Instant);

struct Shared {
    start: Instant,
    warmup_ns: u64,
    primitives: Vec<Primitive>,
    io_tx: Mutex<mpsc::Sender<(Instant, u64, StdDatagram)>>,
    io_ids: AtomicUsize,
    records: Mutex<Vec<Record>>,
    outstanding: AtomicUsize,
    all_spawned: std::sync::atomic::AtomicBool,
    done: tokio::sync::Notify,
}

impl Shared {
    fn measured_at(&self, t: Instant) -> bool {
        t.saturating_duration_since(self.start).as_nanos() as u64 >= self.warmup_ns
    }
}

#[derive(Clone, Copy)]
struct Record {
    class: usize,
    measured: bool,
    /// A request (it arrived) rather than a child spawned by a task.
    request: bool,
    arrival_lag_ns: u64,
    first_poll_ns: u64,
    /// Under `accept_loop`: from the intended arrival to the acceptor's `accept` returning it.
    accept_delay_ns: u64,
    /// Under `accept_loop` over TCP: from the client's `connect` returning (the connection established, a little
    /// after the listener became readable) to the end; 0 otherwise.
    from_connect_ns: u64,
    latency_ns: u64,
    /// Completion time from the start, ns.
    end_ns: u64,
}

/// How a task reports its end beyond its record: requests of a client driver send their id.
struct Origin {
    /// When the task arrived (a request's intended arrival, a child's spawn).
    intended: Instant,
    /// When it was handed to the runtime (spawn, or the client's connect).
    spawned: Instant,
    /// Under `accept_loop`: when the acceptor got the connection.
    accepted: Option<Instant>,
    /// Under `accept_loop` over TCP: when the client's `connect` returned, in ns from the start (0 until it has).
    connected_ns: Option<Arc<AtomicU64>>,
    measured: bool,
    request: bool,
    notify: Option<(mpsc::Sender<Completion>, u64)>,
}

fn spin(ns: u64) {
    let end = Instant::now() + Duration::from_nanos(ns);
    while Instant::now() < end {
        std::hint::spin_loop();
    }
}

/// A child task, boxed so that `run_task` can spawn itself.
fn child_task(shared: Arc<Shared>, plan: Plan) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + 'static>> {
    shared.outstanding.fetch_add(1, Ordering::AcqRel);
    let now = Instant::now();
    let origin = Origin { intended: now, spawned: now, accepted: None, connected_ns: None, measured: shared.measured_at(now), request: false, notify: None };
    Box::pin(run_task(shared, origin, plan, None))
}

/// Runs one task's steps. `conn` is the accepted connection of an `accept_loop` handler, dropped when it ends.
async fn run_task(shared: Arc<Shared>, origin: Origin, plan: Plan, conn: Option<tokio::net::TcpStream>) {
    let first_poll = Instant::now();
    let class = plan.class;
    for step in plan.steps {
        match step {
            Step::Cpu(ns) => spin(ns),
            Step::Block(ns) => std::thread::sleep(Duration::from_nanos(ns)),
            Step::Sleep(ns) => tokio::time::sleep(Duration::from_nanos(ns)).await,
            Step::Io(ns) => {
                let deadline = Instant::now() + Duration::from_nanos(ns);
                let (a, b) = StdDatagram::pair().expect("socketpair");
                a.set_nonblocking(true).expect("nonblocking");
                let a = tokio::net::UnixDatagram::from_std(a).expect("register socket");
                let id = shared.io_ids.fetch_add(1, Ordering::Relaxed) as u64;
                shared.io_tx.lock().unwrap().send((deadline, id, b)).expect("io thread");
                let mut buf = [0u8; 1];
                a.recv(&mut buf).await.expect("io recv");
            }
            Step::SpawnBlocking(ns) => {
                tokio::task::spawn_blocking(move || std::thread::sleep(Duration::from_nanos(ns))).await.unwrap()
            }
            Step::SpawnBlockingClosure(steps) => tokio::task::spawn_blocking(move || {
                for (cpu, ns) in steps {
                    if cpu {
                        spin(ns)
                    } else {
                        std::thread::sleep(Duration::from_nanos(ns))
                    }
                }
            })
            .await
            .unwrap(),
            Step::Yield => tokio::task::yield_now().await,
            Step::BlockInPlace(ns) => tokio::task::block_in_place(|| std::thread::sleep(Duration::from_nanos(ns))),
            Step::Acquire(i) => match &shared.primitives[i] {
                Primitive::Std(lock) => {
                    let mut free = lock.free.lock().unwrap();
                    while *free == 0 {
                        free = lock.cv.wait(free).unwrap();
                    }
                    *free -= 1;
                }
                Primitive::Tokio(sem) => sem.acquire().await.expect("semaphore").forget(),
            },
            Step::Release(i) => match &shared.primitives[i] {
                Primitive::Std(lock) => {
                    *lock.free.lock().unwrap() += 1;
                    lock.cv.notify_one();
                }
                Primitive::Tokio(sem) => sem.add_permits(1),
            },
            Step::Spawn(child) => {
                tokio::spawn(child_task(shared.clone(), *child));
            }
            Step::Join(children) => {
                // join_all over the JoinHandles: every child is spawned before any is awaited.
                let handles: Vec<_> = children.into_iter().map(|c| tokio::spawn(child_task(shared.clone(), c))).collect();
                for h in handles {
                    h.await.expect("child task");
                }
            }
        }
    }
    let end = Instant::now();
    drop(conn);
    let rec = Record {
        class,
        measured: origin.measured,
        request: origin.request,
        arrival_lag_ns: origin.spawned.saturating_duration_since(origin.intended).as_nanos() as u64,
        first_poll_ns: first_poll.saturating_duration_since(origin.intended).as_nanos() as u64,
        accept_delay_ns: origin.accepted.map(|a| a.saturating_duration_since(origin.intended).as_nanos() as u64).unwrap_or(0),
        from_connect_ns: match origin.connected_ns.as_ref().map(|c| c.load(Ordering::Acquire)) {
            Some(c) if c > 0 => (end.saturating_duration_since(shared.start).as_nanos() as u64).saturating_sub(c),
            _ => 0,
        },
        latency_ns: end.saturating_duration_since(origin.intended).as_nanos() as u64,
        end_ns: end.saturating_duration_since(shared.start).as_nanos() as u64,
    };
    shared.records.lock().unwrap().push(rec);
    if let Some((tx, id)) = origin.notify {
        let _ = tx.send((id, end));
    }
    if shared.outstanding.fetch_sub(1, Ordering::AcqRel) == 1 && shared.all_spawned.load(Ordering::Acquire) {
        shared.done.notify_one();
    }
}

// ---------------------------------------------------------------- the accept loop

/// A request planned by the client driver, waiting to be accepted.
struct Conn {
    id: u64,
    intended: Instant,
    /// When the client started to connect (or sent it on the channel).
    sent: Instant,
    measured: bool,
    plan: Plan,
    /// The client's local port, filled in when `connect` returns (0 until then).
    port: Arc<AtomicUsize>,
    /// When `connect` returned, ns from the start (0 until then; stays 0 with `--accept-via channel`).
    connected_ns: Arc<AtomicU64>,
    notify: mpsc::Sender<Completion>,
}

#[derive(Default)]
struct AcceptStats {
    polls: AtomicUsize,
    /// Time spent inside the acceptor's polls (accept syscalls, registering the socket, spawning), ns.
    busy_ns: AtomicU64,
    accepted: AtomicUsize,
    /// Connections whose plan was not the first waiting one (the accept queue reordered them).
    out_of_order: AtomicUsize,
    /// Connections accepted before the client had recorded its port (matched by order alone).
    unverified: AtomicUsize,
    /// Connections for which no plan was waiting (closed at once; should stay 0).
    unplanned: AtomicUsize,
}

/// Counts the polls of the future it wraps.
struct CountPolls<F> {
    inner: std::pin::Pin<Box<F>>,
    stats: Arc<AcceptStats>,
}

impl<F: std::future::Future> std::future::Future for CountPolls<F> {
    type Output = F::Output;
    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<F::Output> {
        self.stats.polls.fetch_add(1, Ordering::Relaxed);
        let t0 = Instant::now();
        let r = self.inner.as_mut().poll(cx);
        self.stats.busy_ns.fetch_add(t0.elapsed().as_nanos() as u64, Ordering::Relaxed);
        r
    }
}

/// Takes the plan of the connection from `port`: the waiting plan with that port, else the first one whose client has
/// not yet recorded its port; `None` (counted, and the connection closed) when there is neither.
fn take_conn(queue: &Mutex<std::collections::VecDeque<Conn>>, port: u16, stats: &AcceptStats) -> Option<Conn> {
    let mut q = queue.lock().unwrap();
    // One load per plan: the client may record a port between two passes over the queue.
    let ports: Vec<usize> = q.iter().map(|c| c.port.load(Ordering::Acquire)).collect();
    if let Some(k) = ports.iter().position(|p| *p == port as usize) {
        if k != 0 {
            stats.out_of_order.fetch_add(1, Ordering::Relaxed);
        }
        return q.remove(k);
    }
    let Some(k) = ports.iter().position(|p| *p == 0) else {
        eprintln!("tokio-ref: warning: accepted a connection from port {port} that no waiting plan has (their ports: {ports:?})");
        stats.unplanned.fetch_add(1, Ordering::Relaxed);
        return None;
    };
    stats.unverified.fetch_add(1, Ordering::Relaxed);
    if k != 0 {
        stats.out_of_order.fetch_add(1, Ordering::Relaxed);
    }
    q.remove(k)
}

fn handler_origin(conn: &Conn, accepted: Instant) -> Origin {
    Origin { intended: conn.intended, spawned: conn.sent, accepted: Some(accepted), connected_ns: Some(conn.connected_ns.clone()), measured: conn.measured, request: true, notify: Some((conn.notify.clone(), conn.id)) }
}

/// `loop { let (s, peer) = listener.accept().await; tokio::spawn(handler(s)) }`, as a task on the runtime.
async fn accept_loop(shared: Arc<Shared>, listener: tokio::net::TcpListener, queue: Arc<Mutex<std::collections::VecDeque<Conn>>>, stats: Arc<AcceptStats>) {
    loop {
        let (stream, peer) = listener.accept().await.unwrap_or_else(|e| fail(&format!("accept: {e}")));
        let accepted = Instant::now();
        stats.accepted.fetch_add(1, Ordering::Relaxed);
        let Some(conn) = take_conn(&queue, peer.port(), &stats) else { continue };
        let origin = handler_origin(&conn, accepted);
        tokio::spawn(run_task(shared.clone(), origin, conn.plan, Some(stream)));
    }
}

/// The same loop fed by a channel instead of a listener (`--accept-via channel`).
async fn accept_channel(shared: Arc<Shared>, mut rx: tokio::sync::mpsc::UnboundedReceiver<Conn>, stats: Arc<AcceptStats>) {
    while let Some(conn) = rx.recv().await {
        let accepted = Instant::now();
        stats.accepted.fetch_add(1, Ordering::Relaxed);
        let origin = handler_origin(&conn, accepted);
        tokio::spawn(run_task(shared.clone(), origin, conn.plan, None));
    }
}

// ---------------------------------------------------------------- the client driver (accept loop, closed loop)

/// How the driver hands a request to the runtime.
enum Submit {
    Outside(tokio::runtime::Handle),
    Tcp { addr: std::net::SocketAddr, queue: Arc<Mutex<std::collections::VecDeque<Conn>>> },
    Channel(tokio::sync::mpsc::UnboundedSender<Conn>),
}

struct DriverResult {
    submitted: u64,
    connect_ns: Vec<u64>,
}

/// Sleeps until `spin` before `t`, then spins to it. Returns early with a completion if one arrives first.
fn wait_until(t: Instant, spin_for: Duration, rx: &mpsc::Receiver<Completion>) -> Option<Completion> {
    loop {
        let now = Instant::now();
        if now >= t {
            return None;
        }
        let coarse = t.saturating_duration_since(now);
        if coarse > spin_for {
            match rx.recv_timeout(coarse - spin_for) {
                Ok(c) => return Some(c),
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => unreachable!("the driver holds a sender"),
            }
        }
        if let Ok(c) = rx.try_recv() {
            return Some(c);
        }
        while Instant::now() < t {
            std::hint::spin_loop();
        }
        return None;
    }
}

/// The driver's book of requests in flight.
struct Clients {
    /// Closed loop: the number of clients and the think time.
    closed: Option<(usize, Dist)>,
    /// Closed loop: (intended send time in ns from the start, client), earliest first.
    due: BinaryHeap<Reverse<(u64, usize)>>,
    /// Closed loop: the client of each request in flight.
    client_of: std::collections::HashMap<u64, usize>,
    /// Open client connections by request id, closed once their handler has finished.
    streams: std::collections::HashMap<u64, std::net::TcpStream>,
    total_ns: u64,
    start: Instant,
}

impl Clients {
    fn complete(&mut self, (id, end): Completion, rng: &mut Rng) {
        self.streams.remove(&id);
        if let Some((_, think)) = &self.closed {
            let client = self.client_of.remove(&id).expect("request of a client");
            let t = end.saturating_duration_since(self.start).as_nanos() as u64 + think.sample(rng);
            if t < self.total_ns {
                self.due.push(Reverse((t, client)));
            }
        }
    }
}

/// One thread that plays every client: open-loop arrivals under `accept_loop`, or N closed-loop clients.
#[allow(clippy::too_many_arguments)]
fn drive_clients(
    shared: Arc<Shared>, submit: Submit, classes: Vec<(f64, Vec<StepSpec>)>, process: Process, rate: f64,
    total_ns: u64, seed: u64, spin_for: Duration,
) -> DriverResult {
    set_timer_slack_1ns();
    let start = shared.start;
    let mut rng = Rng::new(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5EED);
    let total_weight: f64 = classes.iter().map(|c| c.0.max(0.0)).sum();
    let (tx, rx) = mpsc::channel::<Completion>();
    let mut result = DriverResult { submitted: 0, connect_ns: Vec::new() };
    let mut book = Clients {
        closed: match &process {
            Process::Closed { clients, think } => Some((*clients, think.clone())),
            _ => None,
        },
        due: BinaryHeap::new(),
        client_of: std::collections::HashMap::new(),
        streams: std::collections::HashMap::new(),
        total_ns,
        start,
    };
    let is_closed = book.closed.is_some();
    let poisson = matches!(process, Process::Poisson);
    let mut next_open: f64 = 0.0;
    if let Some((clients, think)) = book.closed.clone() {
        // Each client sends its first request after one think.
        for c in 0..clients {
            let t = think.sample(&mut rng);
            if t < total_ns {
                book.due.push(Reverse((t, c)));
            }
        }
    } else {
        next_open += if poisson { -1e9 / rate * rng.open01().ln() } else { 1e9 / rate };
    }
    let mut next_id = 0u64;
    loop {
        // The next request's intended time (ns from the start).
        let next_t: Option<u64> = if is_closed {
            book.due.peek().map(|Reverse((t, _))| *t)
        } else if next_open < total_ns as f64 {
            Some(next_open as u64)
        } else {
            None
        };
        let Some(t) = next_t else {
            if !book.client_of.is_empty() {
                // Closed loop past the end: wait for the last requests so that their clients retire.
                let c = rx.recv().expect("completion");
                book.complete(c, &mut rng);
                continue;
            }
            break;
        };
        // Plan the request (draw its class and durations) before its time, so that it is sent at the deadline.
        let class = choose_class(&classes, total_weight, &mut rng);
        let plan = sample_plan(&classes, class, &mut rng, 0);
        let intended = start + Duration::from_nanos(t);
        // Wait for the deadline, handling completions meanwhile; one may make another client due sooner, and then
        // this plan is dropped and a fresh one drawn for that client.
        let mut preempted = false;
        while let Some(c) = wait_until(intended, spin_for, &rx) {
            book.complete(c, &mut rng);
            if is_closed && book.due.peek().map(|Reverse((t2, _))| *t2 < t).unwrap_or(false) {
                preempted = true;
                break;
            }
        }
        if preempted {
            continue;
        }
        let id = next_id;
        next_id += 1;
        if is_closed {
            let Reverse((_, client)) = book.due.pop().unwrap();
            book.client_of.insert(id, client);
        } else {
            next_open += if poisson { -1e9 / rate * rng.open01().ln() } else { 1e9 / rate };
        }
        let measured = t >= shared.warmup_ns;
        let sent = Instant::now();
        shared.outstanding.fetch_add(1, Ordering::AcqRel);
        match &submit {
            Submit::Outside(handle) => {
                let origin = Origin { intended, spawned: sent, accepted: None, connected_ns: None, measured, request: true, notify: Some((tx.clone(), id)) };
                handle.spawn(run_task(shared.clone(), origin, plan, None));
            }
            Submit::Tcp { addr, queue } => {
                let port = Arc::new(AtomicUsize::new(0));
                let connected_ns = Arc::new(AtomicU64::new(0));
                queue.lock().unwrap().push_back(Conn {
                    id, intended, sent, measured, plan, port: port.clone(), connected_ns: connected_ns.clone(), notify: tx.clone(),
                });
                let s = std::net::TcpStream::connect(addr).unwrap_or_else(|e| fail(&format!("connect: {e}")));
                let connected = Instant::now();
                connected_ns.store(connected.saturating_duration_since(start).as_nanos().max(1) as u64, Ordering::Release);
                result.connect_ns.push(connected.saturating_duration_since(sent).as_nanos() as u64);
                port.store(s.local_addr().map(|a| a.port() as usize).unwrap_or(0), Ordering::Release);
                book.streams.insert(id, s);
            }
            Submit::Channel(ch) => {
                let port = Arc::new(AtomicUsize::new(0));
                let connected_ns = Arc::new(AtomicU64::new(0));
                ch.send(Conn { id, intended, sent, measured, plan, port, connected_ns, notify: tx.clone() }).unwrap_or_else(|_| fail("acceptor gone"));
            }
        }
        result.submitted += 1;
        // Close the connections of finished handlers (open loop) or book completions (closed loop).
        while let Ok(c) = rx.try_recv() {
            book.complete(c, &mut rng);
        }
    }
    // Open loop: wait for the last handlers before closing their connections.
    while !book.streams.is_empty() {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(c) => book.complete(c, &mut rng),
            Err(_) => break,
        }
    }
    result
}

// ---------------------------------------------------------------- statistics

/// Nearest-rank percentile of sorted values, in µs.
fn pct(sorted: &[u64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1] as f64 / 1000.0
}

fn mean_us(v: &[u64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.iter().map(|x| *x as f64).sum::<f64>() / v.len() as f64 / 1000.0
}

// ---------------------------------------------------------------- main

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut path = None;
    let mut out = None;
    let mut seed: u64 = 1;
    let mut spin_us: u64 = 20;
    let mut label = String::new();
    let mut accept_via_channel = false;
    let mut i = 1;
    while i < args.len() {
        let val = |i: usize| args.get(i + 1).cloned().unwrap_or_else(|| fail(&format!("{} needs a value", args[i])));
        match args[i].as_str() {
            "--out" => { out = Some(val(i)); i += 1 }
            "--seed" => { seed = val(i).parse().unwrap_or_else(|_| fail("--seed needs an integer")); i += 1 }
            "--spin-us" => { spin_us = val(i).parse().unwrap_or_else(|_| fail("--spin-us needs an integer")); i += 1 }
            "--label" => { label = val(i); i += 1 }
            "--accept-via" => {
                accept_via_channel = match val(i).as_str() {
                    "tcp" => false,
                    "channel" => true,
                    _ => fail("--accept-via takes tcp or channel"),
                };
                i += 1
            }
            "-h" | "--help" => {
                println!("usage: tokio-ref SCENARIO (from `simexec export-scenario`) [--out FILE.csv] [--seed N] [--spin-us N] [--label TEXT] [--accept-via tcp|channel]");
                return;
            }
            a if path.is_none() && !a.starts_with("--") => path = Some(a.to_string()),
            a => fail(&format!("unexpected argument {a}")),
        }
        i += 1;
    }
    let path = path.unwrap_or_else(|| fail("usage: tokio-ref SCENARIO [--out FILE.csv] [--seed N]"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    let sc = parse_scenario(&text);
    for line in &sc.ignored {
        eprintln!("tokio-ref: warning: not configurable in Tokio 1.24 or on this machine, ignored: {line}");
    }

    let mut builder = if sc.flavor == "current_thread" {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(sc.workers);
        b
    };
    builder
        .enable_all()
        .max_blocking_threads(sc.max_blocking_threads.max(1))
        .thread_keep_alive(Duration::from_nanos(sc.thread_keep_alive_ns.max(1)))
        .event_interval(sc.event_interval);
    // Tokio 1.24's own value (61, or 31 for current_thread) is left to the runtime: the same on 1.24, and on Tokio
    // 1.29+ (validation/tokio-ref-1.53) any explicit value turns off the self-tuning interval of its default.
    if sc.global_queue_interval != if sc.flavor == "current_thread" { 31 } else { 61 } {
        builder.global_queue_interval(sc.global_queue_interval);
    }
    let rt = builder.build().expect("runtime");
    let handle = rt.handle().clone();

    // Give the runtime's threads time to start and park before the first arrival.
    let start = Instant::now() + Duration::from_millis(100);
    let total_ns = sc.warmup_ns + sc.duration_ns;
    let (io_tx, io_rx) = mpsc::channel();
    let io_lags = Arc::new(Mutex::new(Vec::new()));
    let thread_lags = io_lags.clone();
    std::thread::Builder::new().name("io-completer".into()).spawn(move || io_thread(io_rx, thread_lags, Duration::from_micros(spin_us))).unwrap();
    let expected_tasks = match sc.process {
        Process::Closed { .. } => 100_000,
        _ => (total_ns as f64 * sc.rate / 1e9 * 1.2) as usize + 16,
    };
    let shared = Arc::new(Shared {
        start,
        warmup_ns: sc.warmup_ns,
        primitives: sc
            .primitives
            .iter()
            .map(|(_, kind, n)| match kind.as_str() {
                "std" => Primitive::Std(BlockingLock { free: Mutex::new(*n), cv: Condvar::new() }),
                _ => Primitive::Tokio(tokio::sync::Semaphore::new(*n)),
            })
            .collect(),
        io_tx: Mutex::new(io_tx),
        io_ids: AtomicUsize::new(0),
        records: Mutex::new(Vec::with_capacity(expected_tasks)),
        outstanding: AtomicUsize::new(1),
        all_spawned: std::sync::atomic::AtomicBool::new(false),
        done: tokio::sync::Notify::new(),
    });

    let class_specs: Vec<(f64, Vec<StepSpec>)> = sc.classes.iter().map(|c| (c.weight.max(0.0), c.steps.clone())).collect();
    let (rate, warmup_ns) = (sc.rate, sc.warmup_ns);
    let accept_stats = Arc::new(AcceptStats::default());
    let gen_shared = shared.clone();
    let spin_for = Duration::from_micros(spin_us);
    let legacy = !sc.accept_loop && !matches!(sc.process, Process::Closed { .. });
    let submit = if !sc.accept_loop {
        Submit::Outside(handle.clone())
    } else if accept_via_channel {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let stats = accept_stats.clone();
        handle.spawn(CountPolls { inner: Box::pin(accept_channel(shared.clone(), rx, stats.clone())), stats });
        Submit::Channel(tx)
    } else {
        let _guard = rt.enter();
        let socket = tokio::net::TcpSocket::new_v4().unwrap_or_else(|e| fail(&format!("socket: {e}")));
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap_or_else(|e| fail(&format!("bind: {e}")));
        let listener = socket.listen(4096).unwrap_or_else(|e| fail(&format!("listen: {e}")));
        let addr = listener.local_addr().unwrap();
        let queue = Arc::new(Mutex::new(std::collections::VecDeque::new()));
        let stats = accept_stats.clone();
        handle.spawn(CountPolls { inner: Box::pin(accept_loop(shared.clone(), listener, queue.clone(), stats.clone())), stats });
        Submit::Tcp { addr, queue }
    };
    let process = sc.process.clone();
    let generator = std::thread::Builder::new().name("arrivals".into()).spawn(move || {
        if !legacy {
            let r = drive_clients(gen_shared.clone(), submit, class_specs, process, rate, total_ns, seed, spin_for);
            gen_shared.all_spawned.store(true, Ordering::Release);
            if gen_shared.outstanding.fetch_sub(1, Ordering::AcqRel) == 1 {
                gen_shared.done.notify_one();
            }
            return r;
        }
        // Open loop, spawned from outside (what tokio-ref always did; the draws are unchanged).
        let poisson = matches!(process, Process::Poisson);
        set_timer_slack_1ns();
        let mut rng = Rng::new(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5EED);
        let total_weight: f64 = class_specs.iter().map(|c| c.0).sum();
        let mut t = 0.0f64;
        let mut spawned_count = 0u64;
        loop {
            t += if poisson { -1e9 / rate * rng.open01().ln() } else { 1e9 / rate };
            if t >= total_ns as f64 {
                break;
            }
            // Choose the class and draw its durations before sleeping, so the spawn happens at the deadline.
            let class = choose_class(&class_specs, total_weight, &mut rng);
            let plan = sample_plan(&class_specs, class, &mut rng, 0);
            let intended = start + Duration::from_nanos(t as u64);
            let coarse = intended.checked_sub(spin_for).unwrap_or(intended);
            let now = Instant::now();
            if coarse > now {
                std::thread::sleep(coarse - now);
            }
            while Instant::now() < intended {
                std::hint::spin_loop();
            }
            let spawned = Instant::now();
            gen_shared.outstanding.fetch_add(1, Ordering::AcqRel);
            let measured = t >= warmup_ns as f64;
            let origin = Origin { intended, spawned, accepted: None, connected_ns: None, measured, request: true, notify: None };
            handle.spawn(run_task(gen_shared.clone(), origin, plan, None));
            spawned_count += 1;
        }
        gen_shared.all_spawned.store(true, Ordering::Release);
        if gen_shared.outstanding.fetch_sub(1, Ordering::AcqRel) == 1 {
            gen_shared.done.notify_one();
        }
        DriverResult { submitted: spawned_count, connect_ns: Vec::new() }
    }).unwrap();

    // The main thread only waits (block_on drives a current_thread runtime; on multi_thread it is not a worker).
    let limit = Duration::from_nanos(total_ns) + Duration::from_secs(60);
    std::thread::spawn(move || {
        std::thread::sleep(limit);
        fail("the run did not finish within warmup + duration + 60 s (overloaded?)");
    });
    let waiter = shared.clone();
    rt.block_on(async move { waiter.done.notified().await });
    let driven = generator.join().unwrap();
    let spawned_count = driven.submitted;
    rt.shutdown_timeout(Duration::from_secs(1));

    let records = std::mem::take(&mut *shared.records.lock().unwrap());
    let requests: Vec<&Record> = records.iter().filter(|r| r.request).collect();
    let measured: Vec<&Record> = requests.iter().copied().filter(|r| r.measured).collect();
    let window = (sc.warmup_ns, sc.warmup_ns + sc.duration_ns);
    let completed_in_window = requests.iter().filter(|r| r.end_ns >= window.0 && r.end_ns < window.1).count();

    let mut cols: Vec<(String, f64)> = Vec::new();
    let mut lat: Vec<u64> = measured.iter().map(|r| r.latency_ns).collect();
    lat.sort_unstable();
    cols.push(("throughput_per_s".into(), completed_in_window as f64 / (sc.duration_ns as f64 / 1e9)));
    for (name, q) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p999", 0.999)] {
        cols.push((format!("latency_{name}_us"), pct(&lat, q)));
    }
    cols.push(("latency_max_us".into(), lat.last().map(|x| *x as f64 / 1000.0).unwrap_or(f64::NAN)));
    cols.push(("latency_mean_us".into(), mean_us(&lat)));
    for (k, c) in sc.classes.iter().enumerate() {
        // Every task of the class: requests and children.
        let mut v: Vec<u64> = records.iter().filter(|r| r.measured && r.class == k).map(|r| r.latency_ns).collect();
        v.sort_unstable();
        for (name, q) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p999", 0.999)] {
            cols.push((format!("latency_{}_{name}_us", c.name), pct(&v, q)));
        }
        if class_specs_have_children(&sc) {
            cols.push((format!("latency_{}_mean_us", c.name), mean_us(&v)));
            cols.push((format!("tasks_{}_count", c.name), v.len() as f64));
        }
    }
    let mut fp: Vec<u64> = measured.iter().map(|r| r.first_poll_ns).collect();
    fp.sort_unstable();
    cols.push(("first_poll_delay_mean_us".into(), mean_us(&fp)));
    cols.push(("first_poll_delay_p50_us".into(), pct(&fp, 0.5)));
    cols.push(("first_poll_delay_p99_us".into(), pct(&fp, 0.99)));
    let mut lag: Vec<u64> = requests.iter().map(|r| r.arrival_lag_ns).collect();
    lag.sort_unstable();
    cols.push(("arrival_lag_p50_us".into(), pct(&lag, 0.5)));
    cols.push(("arrival_lag_p99_us".into(), pct(&lag, 0.99)));
    // How late the I/O completer made sockets readable (a harness artefact simexec's `io` does not have).
    let mut io_lag = std::mem::take(&mut *io_lags.lock().unwrap());
    io_lag.sort_unstable();
    cols.push(("io_lag_p50_us".into(), pct(&io_lag, 0.5)));
    cols.push(("io_lag_p99_us".into(), pct(&io_lag, 0.99)));
    cols.push(("tasks_arrived_count".into(), spawned_count as f64));
    cols.push(("tasks_measured_count".into(), measured.len() as f64));
    if sc.accept_loop {
        let mut conn = driven.connect_ns;
        conn.sort_unstable();
        cols.push(("connect_p50_us".into(), pct(&conn, 0.5)));
        cols.push(("connect_p99_us".into(), pct(&conn, 0.99)));
        let mut ad: Vec<u64> = measured.iter().map(|r| r.accept_delay_ns).collect();
        ad.sort_unstable();
        cols.push(("accept_delay_p50_us".into(), pct(&ad, 0.5)));
        cols.push(("accept_delay_p99_us".into(), pct(&ad, 0.99)));
        cols.push(("acceptor_polls_count".into(), accept_stats.polls.load(Ordering::Relaxed) as f64));
        let accepted = accept_stats.accepted.load(Ordering::Relaxed).max(1) as f64;
        cols.push(("acceptor_busy_per_accept_us".into(), accept_stats.busy_ns.load(Ordering::Relaxed) as f64 / accepted / 1000.0));
        let mut fc: Vec<u64> = measured.iter().map(|r| r.from_connect_ns).filter(|x| *x > 0).collect();
        fc.sort_unstable();
        for (name, q) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p999", 0.999)] {
            cols.push((format!("latency_from_connect_{name}_us"), pct(&fc, q)));
        }
        cols.push(("accepted_count".into(), accept_stats.accepted.load(Ordering::Relaxed) as f64));
        cols.push(("accept_out_of_order_count".into(), accept_stats.out_of_order.load(Ordering::Relaxed) as f64));
        cols.push(("accept_unverified_count".into(), accept_stats.unverified.load(Ordering::Relaxed) as f64));
        cols.push(("accept_unplanned_count".into(), accept_stats.unplanned.load(Ordering::Relaxed) as f64));
    }

    let header = format!("label,seed,{}", cols.iter().map(|c| c.0.clone()).collect::<Vec<_>>().join(","));
    let row = format!(
        "{label},{seed},{}",
        cols.iter().map(|c| if c.1.is_nan() { "nan".to_string() } else { format!("{:.3}", c.1) }).collect::<Vec<_>>().join(",")
    );
    eprintln!(
        "tokio-ref: {} requests measured; p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, p99.9 {:.3} ms; {:.0} requests/s; arrival lag p99 {:.1} us",
        measured.len(), pct(&lat, 0.5) / 1e3, pct(&lat, 0.9) / 1e3, pct(&lat, 0.99) / 1e3, pct(&lat, 0.999) / 1e3,
        completed_in_window as f64 / (sc.duration_ns as f64 / 1e9), pct(&lag, 0.99)
    );
    match out {
        Some(file) => {
            let mut f = std::fs::File::create(&file).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
            writeln!(f, "{header}\n{row}").unwrap();
        }
        None => println!("{header}\n{row}"),
    }
}

fn class_specs_have_children(sc: &Scenario) -> bool {
    sc.classes.iter().any(|c| c.steps.iter().any(|s| matches!(s, StepSpec::Spawn(_) | StepSpec::Join(_))))
}
