/* bench.h — the measuring loop every benchmark uses.
 *
 * Output contract (bench/run collects it): one line per figure,
 *   NAME VALUE UNIT
 * and, where a baseline is measured in the same run,
 *   NAME.ratio VALUE      (baseline cost / xnet cost; >= 1: xnet is as fast)
 *
 * Allocation counting: bench executables link with --wrap=malloc etc., so
 * every allocation made by the statically linked library is counted;
 * bench_allocs() returns the running total.
 */
#ifndef XNET_BENCH_H
#define XNET_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

/* Keeps a value alive so the compiler cannot drop the work producing it. */
#define BENCH_KEEP(v) __asm__ volatile("" : : "g"(v) : "memory")
#define BENCH_CLOBBER() __asm__ volatile("" : : : "memory")

static inline double bench_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

unsigned long long bench_allocs(void);

/* Runs fn(arg) in batches until at least min_ns have passed, five times,
 * and returns the best (lowest) nanoseconds per call: the figure least
 * disturbed by a shared, noisy machine. */
double bench_ns_per_op(void (*fn)(void *arg), void *arg, double min_ns);

/* Prints "NAME VALUE UNIT". */
void bench_print(const char *name, double value, const char *unit);

/* Prints "NAME.ratio VALUE" for baseline_ns / xnet_ns. */
void bench_print_ratio(const char *name, double baseline_ns, double xnet_ns);

/* Measures fn's allocations per call over n calls and prints
 * "NAME.allocs VALUE allocs/op". */
void bench_print_allocs(const char *name, void (*fn)(void *arg), void *arg,
                        unsigned n);

/* The median of v[0..n) (reorders v). */
double bench_median(double *v, int n);

/* Runs `rounds` rounds of baseline() and xnet() (in alternating order),
 * same `work` took, and prints the median rates ("NAME rate UNIT" and
 * "NAME.baseline rate UNIT", rate = work per second) and "NAME.ratio", the
 * median of the per-round ratios baseline ns ÷ xnet ns: pairing the two
 * runs of a round cancels the drift of a shared, noisy machine.
 * rounds <= 32. */
void bench_compare(const char *name, const char *baseline_name,
                   double (*baseline)(void), double (*xnet)(void), int rounds,
                   double work, const char *unit);

#endif /* XNET_BENCH_H */
