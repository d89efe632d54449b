"""M/M/1 in ciw, the same model as mm1.c (perf/peers/run.sh compares them).

Poisson arrivals at 9,000/s, one FIFO server, exponential service with mean 100 us (time in seconds). Runs until
`customers` have been served, then takes the mean sojourn time (exit_date - arrival_date) over their records (expected
1/(mu - lambda) = 1 ms). Prints it, the wall time of the simulation (after the imports; building the network and
reading the records included) and the customers per second.

    python mm1_ciw.py [customers] [seed]
"""

import sys
import time

import ciw

LAMBDA = 9000.0  # arrivals per second
MU = 10000.0  # services per second


def main():
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1

    start = time.perf_counter()
    ciw.seed(seed)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=LAMBDA)],
        service_distributions=[ciw.dists.Exponential(rate=MU)],
        number_of_servers=[1],
    )
    sim = ciw.Simulation(network)
    sim.simulate_until_max_customers(customers, method="Finish")
    records = sim.get_all_records()
    sojourn_sum = sum(r.exit_date - r.arrival_date for r in records)
    wall = time.perf_counter() - start

    served = len(records)
    print(f"customers {served}")
    print(f"mean_sojourn_ms {sojourn_sum / served * 1e3:.4f}")
    print(f"wall_s {wall:.3f}")
    print(f"customers_per_s {served / wall:.0f}")


if __name__ == "__main__":
    main()
