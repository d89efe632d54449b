"""M/M/1 in SimPy, the same model as mm1.c (perf/peers/run.sh compares them).

Poisson arrivals at 9,000/s, one FIFO server (a simpy.Resource of capacity 1), exponential service with mean 100 us,
written the way the SimPy documentation writes a queue: a source process starts one process per customer, which
requests the server, holds it for its service time and releases it. Stops when `customers` have been served. Prints
the mean sojourn time (expected 1/(mu - lambda) = 1 ms), the wall time of the simulation (after the imports) and the
customers per second.

    python mm1_simpy.py [customers] [seed]
"""

import random
import sys
import time

import simpy

LAMBDA = 9000.0  # arrivals per second
MU = 10000.0  # services per second


def main():
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)

    start = time.perf_counter()
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    done = env.event()
    stats = {"served": 0, "sojourn_sum": 0.0}

    def customer():
        arrival = env.now
        with server.request() as req:
            yield req
            yield env.timeout(rng.expovariate(MU))
        stats["sojourn_sum"] += env.now - arrival
        stats["served"] += 1
        if stats["served"] == customers:
            done.succeed()

    def source():
        for _ in range(customers):
            yield env.timeout(rng.expovariate(LAMBDA))
            env.process(customer())

    env.process(source())
    env.run(until=done)
    wall = time.perf_counter() - start

    served = stats["served"]
    print(f"customers {served}")
    print(f"mean_sojourn_ms {stats['sojourn_sum'] / served * 1e3:.4f}")
    print(f"wall_s {wall:.3f}")
    print(f"customers_per_s {served / wall:.0f}")


if __name__ == "__main__":
    main()
