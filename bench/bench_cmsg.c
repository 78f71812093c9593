/* bench_cmsg.c — control-message parsing cost on the Linux profile.
 *
 * Figures:
 *   cmsg.ipv4_parse_linux     ns/op  xnet_ipv4_cmsg_parse, IP_PKTINFO + IP_TTL
 *   cmsg.ipv6_parse_linux     ns/op  xnet_ipv6_cmsg_parse, IPV6_TCLASS +
 *                                    IPV6_HOPLIMIT + IPV6_PKTINFO +
 *                                    IPV6_PATHMTU (every flag)
 *   *.allocs                         allocations per parse (must be 0)
 *   *.glibc                   ns/op  the same buffer walked with glibc's
 *                                    CMSG_FIRSTHDR/CMSG_NXTHDR, copying the
 *                                    same fields out (the baseline)
 *   *.ratio                          glibc ns / xnet ns
 * The buffers are laid out as the kernel writes them (built once with the
 * generic writer, which test_cmsg_kernel.c checks against the kernel).
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "bench.h"
#include "xnet/cmsg.h"
#include "xnet/ipv4_cmsg.h"
#include "xnet/ipv6_cmsg.h"

typedef struct buf {
  uint8_t b[256] __attribute__((aligned(8)));
  size_t n;
} buf;

static void put(buf *c, int level, int type, const void *p, size_t n) {
  size_t len;
  if (xnet_cmsg_put(&xnet_profile_linux, c->b + c->n, sizeof(c->b) - c->n,
                    &len, level, type, p, n) == 0)
    c->n += len;
}

static void build_v4(buf *c) {
  struct in_pktinfo pi = {1, {htonl(0x7f000001)}, {htonl(0x7f000001)}};
  int ttl = 64;
  c->n = 0;
  put(c, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi));
  put(c, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl));
}

static void build_v6(buf *c) {
  int tclass = 0x28, hlim = 64;
  struct in6_pktinfo pi;
  struct ip6_mtuinfo mi;
  memset(&pi, 0, sizeof(pi));
  memset(&mi, 0, sizeof(mi));
  pi.ipi6_addr = in6addr_loopback;
  pi.ipi6_ifindex = 1;
  mi.ip6m_addr.sin6_family = AF_INET6;
  mi.ip6m_addr.sin6_addr = in6addr_loopback;
  mi.ip6m_mtu = 65536;
  c->n = 0;
  put(c, IPPROTO_IPV6, IPV6_TCLASS, &tclass, sizeof(tclass));
  put(c, IPPROTO_IPV6, IPV6_HOPLIMIT, &hlim, sizeof(hlim));
  put(c, IPPROTO_IPV6, IPV6_PKTINFO, &pi, sizeof(pi));
  put(c, IPPROTO_IPV6, IPV6_PATHMTU, &mi, sizeof(mi));
}

static buf v4, v6;

static void xnet_v4(void *arg) {
  xnet_ipv4_cmsg cm;
  (void)arg;
  BENCH_CLOBBER();
  int rc = xnet_ipv4_cmsg_parse(&xnet_profile_linux, v4.b, v4.n, &cm);
  BENCH_KEEP(rc);
  BENCH_KEEP(cm.ttl + cm.ifindex + cm.dst[3]);
}

static void xnet_v6(void *arg) {
  xnet_ipv6_cmsg cm;
  (void)arg;
  BENCH_CLOBBER();
  int rc = xnet_ipv6_cmsg_parse(&xnet_profile_linux, v6.b, v6.n, &cm);
  BENCH_KEEP(rc);
  BENCH_KEEP(cm.hop_limit + cm.traffic_class + cm.ifindex + cm.mtu + cm.dst[15]);
}

/* The baseline: the loop a C program writes with the host's macros. */
static void glibc_v4(void *arg) {
  struct msghdr m;
  int ttl = 0;
  struct in_pktinfo pi = {0};
  (void)arg;
  BENCH_CLOBBER();
  memset(&m, 0, sizeof(m));
  m.msg_control = v4.b;
  m.msg_controllen = v4.n;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
    if (c->cmsg_level != IPPROTO_IP) continue;
    if (c->cmsg_type == IP_TTL && c->cmsg_len == CMSG_LEN(sizeof(ttl)))
      memcpy(&ttl, CMSG_DATA(c), sizeof(ttl));
    else if (c->cmsg_type == IP_PKTINFO && c->cmsg_len == CMSG_LEN(sizeof(pi)))
      memcpy(&pi, CMSG_DATA(c), sizeof(pi));
  }
  BENCH_KEEP(ttl + pi.ipi_ifindex + (int)pi.ipi_addr.s_addr);
}

static void glibc_v6(void *arg) {
  struct msghdr m;
  int tclass = 0, hlim = 0;
  struct in6_pktinfo pi;
  struct ip6_mtuinfo mi;
  (void)arg;
  BENCH_CLOBBER();
  memset(&pi, 0, sizeof(pi));
  memset(&mi, 0, sizeof(mi));
  memset(&m, 0, sizeof(m));
  m.msg_control = v6.b;
  m.msg_controllen = v6.n;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
    if (c->cmsg_level != IPPROTO_IPV6) continue;
    if (c->cmsg_type == IPV6_TCLASS && c->cmsg_len == CMSG_LEN(sizeof(int)))
      memcpy(&tclass, CMSG_DATA(c), sizeof(int));
    else if (c->cmsg_type == IPV6_HOPLIMIT && c->cmsg_len == CMSG_LEN(sizeof(int)))
      memcpy(&hlim, CMSG_DATA(c), sizeof(int));
    else if (c->cmsg_type == IPV6_PKTINFO && c->cmsg_len == CMSG_LEN(sizeof(pi)))
      memcpy(&pi, CMSG_DATA(c), sizeof(pi));
    else if (c->cmsg_type == IPV6_PATHMTU && c->cmsg_len == CMSG_LEN(sizeof(mi)))
      memcpy(&mi, CMSG_DATA(c), sizeof(mi));
  }
  BENCH_KEEP(tclass + hlim + (int)pi.ipi6_ifindex + (int)mi.ip6m_mtu +
             pi.ipi6_addr.s6_addr[15]);
}

static void run(const char *name, void (*xn)(void *), void (*base)(void *)) {
  char n2[96];
  double x = bench_ns_per_op(xn, NULL, 5e7);
  double g = bench_ns_per_op(base, NULL, 5e7);
  bench_print(name, x, "ns/op");
  snprintf(n2, sizeof(n2), "%s.glibc", name);
  bench_print(n2, g, "ns/op");
  bench_print_ratio(name, g, x);
  bench_print_allocs(name, xn, NULL, 10000);
}

int main(void) {
  build_v4(&v4);
  build_v6(&v6);
  xnet_ipv4_cmsg c4;
  xnet_ipv6_cmsg c6;
  /* Measure only what parses: a broken buffer would time an error path. */
  if (v4.n != 56 || v6.n != 136 ||
      xnet_ipv4_cmsg_parse(&xnet_profile_linux, v4.b, v4.n, &c4) != 0 ||
      xnet_ipv6_cmsg_parse(&xnet_profile_linux, v6.b, v6.n, &c6) != 0 ||
      c4.ttl != 64 || c6.mtu != 65536) {
    fprintf(stderr, "bench_cmsg: test buffers do not parse\n");
    return 1;
  }
  run("cmsg.ipv4_parse_linux", xnet_v4, glibc_v4);
  run("cmsg.ipv6_parse_linux", xnet_v6, glibc_v6);
  return 0;
}
