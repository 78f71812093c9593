/* bench_ip_addr.c — IP address text: parse and format of an IPv4 and an
 * IPv6 address, against glibc inet_pton / inet_ntop measured in the same
 * run as the baseline (the .ratio lines: glibc ns / xnet ns). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime in bench.h */
#include <arpa/inet.h>
#include <string.h>

#include "bench.h"
#include "xnet/address.h"

typedef struct {
  const char *text;
  size_t len;
  int af;
  uint8_t bytes[16];
  xnet_ip ip;
} sample;

static sample v4 = {"192.168.100.200", 15, AF_INET, {0}, {{0}, 0, ""}};
static sample v6 = {"2001:db8:85a3::8a2e:370:7334", 28, AF_INET6, {0},
                    {{0}, 0, ""}};

static void do_parse(void *arg) {
  sample *s = arg;
  xnet_ip ip;
  BENCH_CLOBBER();
  int err = xnet_ip_parse(s->text, s->len, &ip);
  BENCH_KEEP(err);
  BENCH_KEEP(ip.bytes[15]);
}

static void do_pton(void *arg) {
  sample *s = arg;
  uint8_t out[16];
  BENCH_CLOBBER();
  int ok = inet_pton(s->af, s->text, out);
  BENCH_KEEP(ok);
  BENCH_KEEP(out[3]);
}

static void do_format(void *arg) {
  sample *s = arg;
  char buf[XNET_IP_STRLEN];
  BENCH_CLOBBER();
  int n = xnet_ip_format(&s->ip, buf, sizeof buf);
  BENCH_KEEP(n);
  BENCH_KEEP(buf[0]);
}

static void do_ntop(void *arg) {
  sample *s = arg;
  char buf[INET6_ADDRSTRLEN];
  BENCH_CLOBBER();
  const char *r = inet_ntop(s->af, s->bytes, buf, sizeof buf);
  BENCH_KEEP(r);
  BENCH_KEEP(buf[0]);
}

static void run(const char *name, sample *s) {
  enum { MIN_NS = 200 * 1000 * 1000 };
  char label[64];

  double parse = bench_ns_per_op(do_parse, s, MIN_NS);
  double pton = bench_ns_per_op(do_pton, s, MIN_NS);
  snprintf(label, sizeof label, "ip_addr.parse_%s", name);
  bench_print(label, parse, "ns/op");
  bench_print_ratio(label, pton, parse);
  bench_print_allocs(label, do_parse, s, 1000);

  double format = bench_ns_per_op(do_format, s, MIN_NS);
  double ntop = bench_ns_per_op(do_ntop, s, MIN_NS);
  snprintf(label, sizeof label, "ip_addr.format_%s", name);
  bench_print(label, format, "ns/op");
  bench_print_ratio(label, ntop, format);
  bench_print_allocs(label, do_format, s, 1000);
}

/* Both sides must agree on the samples before they are timed. */
static int prepare(sample *s) {
  char a[XNET_IP_STRLEN], b[INET6_ADDRSTRLEN];
  if (xnet_ip_parse(s->text, s->len, &s->ip) != 0 ||
      inet_pton(s->af, s->text, s->bytes) != 1)
    return -1;
  if (s->af == AF_INET && xnet_ip_to4(&s->ip, &s->ip) != 0)
    return -1;
  xnet_ip_format(&s->ip, a, sizeof a);
  inet_ntop(s->af, s->bytes, b, sizeof b);
  return strcmp(a, b) == 0 && strcmp(a, s->text) == 0 ? 0 : -1;
}

int main(void) {
  if (prepare(&v4) != 0 || prepare(&v6) != 0)
    return 1;
  run("v4", &v4);
  run("v6", &v6);
  return 0;
}
