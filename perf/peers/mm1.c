/*
 * M/M/1 by hand: the baseline simexec is compared against (perf/peers/run.sh).
 *
 * Poisson arrivals at rate LAMBDA, one FIFO server, exponential service with mean 1/MU. An event-driven loop over a
 * binary heap of value events ordered by (time, seq); random numbers from GSL's mt19937. Prints the customers served,
 * the mean sojourn time (expected 1/(MU - LAMBDA) = 1 ms at the defaults), the wall time of the loop and the
 * customers per second.
 *
 *   gcc -O2 -o mm1 mm1.c -lgsl -lgslcblas -lm && ./mm1 [customers] [seed]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define LAMBDA 9000.0  /* arrivals per second */
#define MU 10000.0     /* services per second: mean service 100 us */

enum kind { ARRIVAL, DEPARTURE };

typedef struct {
    double time;
    uint64_t seq;
    enum kind kind;
} event;

/* Binary min-heap of events by (time, seq). */
static event *heap;
static size_t heap_len, heap_cap;

static int before(const event *a, const event *b) {
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static void push(event e) {
    if (heap_len == heap_cap) {
        heap_cap = heap_cap ? 2 * heap_cap : 16;
        heap = realloc(heap, heap_cap * sizeof *heap);
        if (!heap) { perror("realloc"); exit(1); }
    }
    size_t i = heap_len++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!before(&e, &heap[parent])) break;
        heap[i] = heap[parent];
        i = parent;
    }
    heap[i] = e;
}

static event pop(void) {
    event top = heap[0], last = heap[--heap_len];
    size_t i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= heap_len) break;
        if (child + 1 < heap_len && before(&heap[child + 1], &heap[child])) child++;
        if (!before(&heap[child], &last)) break;
        heap[i] = heap[child];
        i = child;
    }
    if (heap_len > 0) heap[i] = last;
    return top;
}

/* FIFO of the arrival times of the customers in the system (the one in service first), a growable ring buffer. */
static double *fifo;
static size_t fifo_head, fifo_len, fifo_cap;

static void enqueue(double t) {
    if (fifo_len == fifo_cap) {
        size_t cap = fifo_cap ? 2 * fifo_cap : 1024;
        double *grown = malloc(cap * sizeof *grown);
        if (!grown) { perror("malloc"); exit(1); }
        for (size_t k = 0; k < fifo_len; k++) grown[k] = fifo[(fifo_head + k) % fifo_cap];
        free(fifo);
        fifo = grown, fifo_head = 0, fifo_cap = cap;
    }
    fifo[(fifo_head + fifo_len++) % fifo_cap] = t;
}

static double dequeue(void) {
    double t = fifo[fifo_head];
    fifo_head = (fifo_head + 1) % fifo_cap;
    fifo_len--;
    return t;
}

int main(int argc, char **argv) {
    uint64_t customers = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
    unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 10) : 1;

    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);

    uint64_t seq = 0, arrived = 0, served = 0;
    double sojourn_sum = 0;
    push((event){gsl_ran_exponential(rng, 1 / LAMBDA), seq++, ARRIVAL});
    arrived++;

    while (served < customers) {
        event e = pop();
        if (e.kind == ARRIVAL) {
            enqueue(e.time);
            if (fifo_len == 1)  /* the server was idle: start serving this customer */
                push((event){e.time + gsl_ran_exponential(rng, 1 / MU), seq++, DEPARTURE});
            if (arrived < customers) {
                push((event){e.time + gsl_ran_exponential(rng, 1 / LAMBDA), seq++, ARRIVAL});
                arrived++;
            }
        } else {
            sojourn_sum += e.time - dequeue();
            served++;
            if (fifo_len > 0)  /* serve the next customer in line */
                push((event){e.time + gsl_ran_exponential(rng, 1 / MU), seq++, DEPARTURE});
        }
    }

    clock_gettime(CLOCK_MONOTONIC, &end);
    double wall = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) * 1e-9;

    printf("customers %llu\n", (unsigned long long)served);
    printf("mean_sojourn_ms %.4f\n", sojourn_sum / (double)served * 1e3);
    printf("wall_s %.3f\n", wall);
    printf("customers_per_s %.0f\n", (double)served / wall);

    gsl_rng_free(rng);
    free(heap);
    free(fifo);
    return 0;
}
