//! tokio-ref: runs one simexec scenario on a real Tokio runtime and writes latency percentiles with the column names
//! of simexec's summary.csv.
//!
//!     simexec export-scenario FILE.toml [--point N] [--set K=V] > s.scn
//!     tokio-ref s.scn --out real.csv [--seed N] [--spin-us N] [--label TEXT]
//!
//! Arrivals are open loop: a dedicated (non-runtime) thread computes every arrival's *intended* time from the start
//! (Poisson or constant gaps), sleeps until it with absolute deadlines and spawns the task with `Handle::spawn`, so a
//! blocked worker never delays later arrivals. Latency runs from the intended arrival time to the end of the task
//! (no coordinated omission). The lag between intended and actual spawn is reported as `arrival_lag_*`.
//!
//! Steps: `cpu` busy-spins, `block` is `std::thread::sleep` inside the poll, `sleep` is `tokio::time::sleep`,
//! `io` awaits a Unix datagram socket that a separate I/O thread writes to when the duration has passed (so the wake-up
//! comes through the I/O driver, as a socket's would), `spawn_blocking` runs `std::thread::sleep` on the blocking pool,
//! `yield` is `yield_now`, `block_in_place` sleeps inside `block_in_place`, `acquire`/`release` take and give back a
//! std mutex (a blocking lock without a guard), a tokio mutex (a one-permit `Semaphore`, which is what
//! `tokio::sync::Mutex` is) or a semaphore. Durations are sampled at arrival, as simexec does.
//! Not supported (the run is refused): `timeout` steps, local (`!Send`) classes.

use std::collections::BinaryHeap;
use std::cmp::Reverse;
use std::io::Write;
use std::os::unix::net::UnixDatagram as StdDatagram;
use std::sync::atomic::{AtomicUsize, Ordering};
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

#[derive(Clone, Debug)]
enum StepSpec {
    Cpu(Dist),
    Block(Dist),
    Io(Dist),
    Sleep(Dist),
    SpawnBlocking(Dist),
    Yield,
    BlockInPlace(Dist),
    Acquire(usize),
    Release(usize),
}

/// A step with its duration drawn (ns).
#[derive(Clone, Copy, Debug)]
enum Step {
    Cpu(u64),
    Block(u64),
    Io(u64),
    Sleep(u64),
    SpawnBlocking(u64),
    Yield,
    BlockInPlace(u64),
    Acquire(usize),
    Release(usize),
}

struct Class {
    name: String,
    weight: f64,
    steps: Vec<StepSpec>,
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
    poisson: bool,
    rate: f64,
    primitives: Vec<(String, String, usize)>,
    classes: Vec<Class>,
    ignored: Vec<String>,
}

fn fail(msg: &str) -> ! {
    eprintln!("tokio-ref: {msg}");
    std::process::exit(2)
}

fn parse_dist(f: &[&str], line: &str) -> Dist {
    let n = |i: usize| -> f64 {
        f.get(i).and_then(|s| s.parse().ok()).unwrap_or_else(|| fail(&format!("bad number in: {line}")))
    };
    match f.first().copied() {
        Some("constant") => Dist::Constant(n(1)),
        Some("exp") => Dist::Exp(n(1)),
        Some("uniform") => Dist::Uniform(n(1), n(2)),
        Some("normal") => Dist::Normal(n(1), n(2)),
        Some("lognormal") => Dist::Lognormal(n(1), n(2)),
        Some("gamma") => Dist::Gamma(n(1), n(2)),
        Some("weibull") => Dist::Weibull(n(1), n(2)),
        Some("pareto") => Dist::Pareto(n(1), n(2)),
        Some("empirical") => Dist::Empirical((0..n(1) as usize).map(|i| n(2 + i)).collect()),
        _ => fail(&format!("unknown distribution in: {line}")),
    }
}

fn parse_scenario(text: &str) -> Scenario {
    let mut s = Scenario { event_interval: 61, global_queue_interval: 61, ..Default::default() };
    let mut saw_end = false;
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
        match f[0] {
            "experiment" | "costs" => {}
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
            "warmup_ns" => s.warmup_ns = int(1),
            "duration_ns" => s.duration_ns = int(1),
            "arrivals" => {
                s.poisson = match f[1] {
                    "poisson" => true,
                    "constant" => false,
                    other => fail(&format!("unknown arrival process {other}")),
                };
                s.rate = f[2].parse().unwrap_or_else(|_| fail(&format!("bad rate in: {line}")));
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
                let idx = || f.get(2).and_then(|x| x.parse().ok()).unwrap_or_else(|| fail(&format!("bad index: {line}")));
                class.steps.push(match f[1] {
                    "cpu" => StepSpec::Cpu(d()),
                    "block" => StepSpec::Block(d()),
                    "io" => StepSpec::Io(d()),
                    "sleep" => StepSpec::Sleep(d()),
                    "spawn_blocking" => StepSpec::SpawnBlocking(d()),
                    "yield" => StepSpec::Yield,
                    "block_in_place" => StepSpec::BlockInPlace(d()),
                    "acquire" => StepSpec::Acquire(idx()),
                    "release" => StepSpec::Release(idx()),
                    other => fail(&format!("step kind {other} is not supported by tokio-ref: {line}")),
                });
            }
            "end" => saw_end = true,
            other => fail(&format!("unknown record {other}: {line}")),
        }
    }
    if !saw_end {
        fail("truncated scenario (no `end` line)");
    }
    if s.classes.is_empty() || s.rate <= 0.0 || s.duration_ns == 0 {
        fail("scenario needs a class, a positive rate and a duration");
    }
    if s.flavor == "current_thread"
        && s.classes.iter().any(|c| c.steps.iter().any(|st| matches!(st, StepSpec::BlockInPlace(_))))
    {
        fail("block_in_place panics on a current_thread runtime");
    }
    s
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

struct Shared {
    primitives: Vec<Primitive>,
    io_tx: Mutex<mpsc::Sender<(Instant, u64, StdDatagram)>>,
    io_ids: AtomicUsize,
    records: Mutex<Vec<Record>>,
    outstanding: AtomicUsize,
    all_spawned: std::sync::atomic::AtomicBool,
    done: tokio::sync::Notify,
}

#[derive(Clone, Copy)]
struct Record {
    class: usize,
    measured: bool,
    arrival_lag_ns: u64,
    first_poll_ns: u64,
    latency_ns: u64,
    /// Completion time from the start, ns.
    end_ns: u64,
}

fn spin(ns: u64) {
    let end = Instant::now() + Duration::from_nanos(ns);
    while Instant::now() < end {
        std::hint::spin_loop();
    }
}

async fn run_task(shared: Arc<Shared>, start: Instant, intended: Instant, spawned: Instant, class: usize, measured: bool, steps: Vec<Step>) {
    let first_poll = Instant::now();
    for step in steps {
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
        }
    }
    let end = Instant::now();
    let rec = Record {
        class,
        measured,
        arrival_lag_ns: spawned.saturating_duration_since(intended).as_nanos() as u64,
        first_poll_ns: first_poll.saturating_duration_since(intended).as_nanos() as u64,
        latency_ns: end.saturating_duration_since(intended).as_nanos() as u64,
        end_ns: end.saturating_duration_since(start).as_nanos() as u64,
    };
    shared.records.lock().unwrap().push(rec);
    if shared.outstanding.fetch_sub(1, Ordering::AcqRel) == 1 && shared.all_spawned.load(Ordering::Acquire) {
        shared.done.notify_one();
    }
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
    let mut i = 1;
    while i < args.len() {
        let val = |i: usize| args.get(i + 1).cloned().unwrap_or_else(|| fail(&format!("{} needs a value", args[i])));
        match args[i].as_str() {
            "--out" => { out = Some(val(i)); i += 1 }
            "--seed" => { seed = val(i).parse().unwrap_or_else(|_| fail("--seed needs an integer")); i += 1 }
            "--spin-us" => { spin_us = val(i).parse().unwrap_or_else(|_| fail("--spin-us needs an integer")); i += 1 }
            "--label" => { label = val(i); i += 1 }
            "-h" | "--help" => {
                println!("usage: tokio-ref SCENARIO (from `simexec export-scenario`) [--out FILE.csv] [--seed N] [--spin-us N] [--label TEXT]");
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
        eprintln!("tokio-ref: warning: not configurable in Tokio 1.24, ignored: {line}");
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
        .event_interval(sc.event_interval)
        .global_queue_interval(sc.global_queue_interval);
    let rt = builder.build().expect("runtime");
    let handle = rt.handle().clone();

    let (io_tx, io_rx) = mpsc::channel();
    let io_lags = Arc::new(Mutex::new(Vec::new()));
    let thread_lags = io_lags.clone();
    std::thread::Builder::new().name("io-completer".into()).spawn(move || io_thread(io_rx, thread_lags, Duration::from_micros(spin_us))).unwrap();
    let shared = Arc::new(Shared {
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
        records: Mutex::new(Vec::with_capacity(((sc.warmup_ns + sc.duration_ns) as f64 * sc.rate / 1e9 * 1.2) as usize + 16)),
        outstanding: AtomicUsize::new(1),
        all_spawned: std::sync::atomic::AtomicBool::new(false),
        done: tokio::sync::Notify::new(),
    });

    // Give the runtime's threads time to start and park before the first arrival.
    let start = Instant::now() + Duration::from_millis(100);
    let total_ns = sc.warmup_ns + sc.duration_ns;
    let class_specs: Vec<(f64, Vec<StepSpec>)> = sc.classes.iter().map(|c| (c.weight.max(0.0), c.steps.clone())).collect();
    let (poisson, rate, warmup_ns) = (sc.poisson, sc.rate, sc.warmup_ns);
    let gen_shared = shared.clone();
    let generator = std::thread::Builder::new().name("arrivals".into()).spawn(move || {
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
            let mut u = rng.open01() * total_weight;
            let mut class = class_specs.len() - 1;
            for (k, c) in class_specs.iter().enumerate() {
                if u < c.0 {
                    class = k;
                    break;
                }
                u -= c.0;
            }
            let steps: Vec<Step> = class_specs[class]
                .1
                .iter()
                .map(|s| match s {
                    StepSpec::Cpu(d) => Step::Cpu(d.sample(&mut rng)),
                    StepSpec::Block(d) => Step::Block(d.sample(&mut rng)),
                    StepSpec::Io(d) => Step::Io(d.sample(&mut rng)),
                    StepSpec::Sleep(d) => Step::Sleep(d.sample(&mut rng)),
                    StepSpec::SpawnBlocking(d) => Step::SpawnBlocking(d.sample(&mut rng)),
                    StepSpec::Yield => Step::Yield,
                    StepSpec::BlockInPlace(d) => Step::BlockInPlace(d.sample(&mut rng)),
                    StepSpec::Acquire(i) => Step::Acquire(*i),
                    StepSpec::Release(i) => Step::Release(*i),
                })
                .collect();
            let intended = start + Duration::from_nanos(t as u64);
            let coarse = intended.checked_sub(Duration::from_micros(spin_us)).unwrap_or(intended);
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
            handle.spawn(run_task(gen_shared.clone(), start, intended, spawned, class, measured, steps));
            spawned_count += 1;
        }
        gen_shared.all_spawned.store(true, Ordering::Release);
        if gen_shared.outstanding.fetch_sub(1, Ordering::AcqRel) == 1 {
            gen_shared.done.notify_one();
        }
        spawned_count
    }).unwrap();

    // The main thread only waits (block_on drives a current_thread runtime; on multi_thread it is not a worker).
    let limit = Duration::from_nanos(total_ns) + Duration::from_secs(60);
    std::thread::spawn(move || {
        std::thread::sleep(limit);
        fail("the run did not finish within warmup + duration + 60 s (overloaded?)");
    });
    let waiter = shared.clone();
    rt.block_on(async move { waiter.done.notified().await });
    let spawned_count = generator.join().unwrap();
    rt.shutdown_timeout(Duration::from_secs(1));

    let records = std::mem::take(&mut *shared.records.lock().unwrap());
    let measured: Vec<&Record> = records.iter().filter(|r| r.measured).collect();
    let window = (sc.warmup_ns, sc.warmup_ns + sc.duration_ns);
    let completed_in_window = records.iter().filter(|r| r.end_ns >= window.0 && r.end_ns < window.1).count();

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
        let mut v: Vec<u64> = measured.iter().filter(|r| r.class == k).map(|r| r.latency_ns).collect();
        v.sort_unstable();
        for (name, q) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p999", 0.999)] {
            cols.push((format!("latency_{}_{name}_us", c.name), pct(&v, q)));
        }
    }
    let mut fp: Vec<u64> = measured.iter().map(|r| r.first_poll_ns).collect();
    fp.sort_unstable();
    cols.push(("first_poll_delay_mean_us".into(), mean_us(&fp)));
    cols.push(("first_poll_delay_p50_us".into(), pct(&fp, 0.5)));
    cols.push(("first_poll_delay_p99_us".into(), pct(&fp, 0.99)));
    let mut lag: Vec<u64> = records.iter().map(|r| r.arrival_lag_ns).collect();
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

    let header = format!("label,seed,{}", cols.iter().map(|c| c.0.clone()).collect::<Vec<_>>().join(","));
    let row = format!(
        "{label},{seed},{}",
        cols.iter().map(|c| if c.1.is_nan() { "nan".to_string() } else { format!("{:.3}", c.1) }).collect::<Vec<_>>().join(",")
    );
    eprintln!(
        "tokio-ref: {} tasks measured; p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, p99.9 {:.3} ms; arrival lag p99 {:.1} us",
        measured.len(), pct(&lat, 0.5) / 1e3, pct(&lat, 0.9) / 1e3, pct(&lat, 0.99) / 1e3, pct(&lat, 0.999) / 1e3, pct(&lag, 0.99)
    );
    match out {
        Some(file) => {
            let mut f = std::fs::File::create(&file).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
            writeln!(f, "{header}\n{row}").unwrap();
        }
        None => println!("{header}\n{row}"),
    }
}
