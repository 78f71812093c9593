/* bench.c — timing loop, allocation counter and output lines for bench.h. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime in bench.h */
#include "bench.h"

#include <stdlib.h>

static unsigned long long alloc_count;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

void *__wrap_malloc(size_t n) {
  alloc_count++;
  return __real_malloc(n);
}
void *__wrap_calloc(size_t n, size_t m) {
  alloc_count++;
  return __real_calloc(n, m);
}
void *__wrap_realloc(void *p, size_t n) {
  alloc_count++;
  return __real_realloc(p, n);
}

unsigned long long bench_allocs(void) { return alloc_count; }

double bench_ns_per_op(void (*fn)(void *arg), void *arg, double min_ns) {
  double best = 0;
  for (int round = 0; round < 5; round++) {
    unsigned long long iters = 0;
    unsigned long long batch = 64;
    double start = bench_now_ns(), elapsed = 0;
    while (elapsed < min_ns) {
      for (unsigned long long i = 0; i < batch; i++) fn(arg);
      iters += batch;
      elapsed = bench_now_ns() - start;
      if (batch < (1ull << 20)) batch *= 2;
    }
    double per = elapsed / (double)iters;
    if (round == 0 || per < best) best = per;
  }
  return best;
}

void bench_print(const char *name, double value, const char *unit) {
  printf("%s %.3f %s\n", name, value, unit);
  fflush(stdout);
}

void bench_print_ratio(const char *name, double baseline_ns, double xnet_ns) {
  printf("%s.ratio %.3f\n", name, xnet_ns > 0 ? baseline_ns / xnet_ns : 0.0);
  fflush(stdout);
}

void bench_print_allocs(const char *name, void (*fn)(void *arg), void *arg,
                        unsigned n) {
  unsigned long long before = alloc_count;
  for (unsigned i = 0; i < n; i++) fn(arg);
  printf("%s.allocs %.3f allocs/op\n", name,
         (double)(alloc_count - before) / (double)n);
  fflush(stdout);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

double bench_median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return v[n / 2];
}

void bench_compare(const char *name, const char *baseline_name,
                   double (*baseline)(void), double (*xnet)(void), int rounds,
                   double work, const char *unit) {
  double t_base[32], t_x[32], ratio[32];
  if (rounds > 32) rounds = 32;
  /* The order alternates from round to round: a round leaves work behind
   * (closing connections, TIME_WAIT entries, deferred frees, cache state)
   * that lands on whatever runs next, and a fixed order would always hand
   * it to the same side. */
  for (int r = 0; r < rounds; r++) {
    if (r % 2 == 0) {
      t_base[r] = baseline();
      t_x[r] = xnet();
    } else {
      t_x[r] = xnet();
      t_base[r] = baseline();
    }
    ratio[r] = t_base[r] / t_x[r];
  }
  char label[128];
  bench_print(name, work / (bench_median(t_x, rounds) / 1e9), unit);
  snprintf(label, sizeof label, "%s.%s", name, baseline_name);
  bench_print(label, work / (bench_median(t_base, rounds) / 1e9), unit);
  printf("%s.ratio %.3f\n", name, bench_median(ratio, rounds));
  fflush(stdout);
}
