/* fuzz_cmsg.c — control-message parsing for every profile, IPv4 and IPv6.
 *
 * Input: byte 0 picks the profile (b[0] % 6) and the family ((b[0] / 6) %
 * 2: IPv4, IPv6); the rest is a control buffer as recvmsg returns it.
 * Checked, with abort() on violation (ASan/UBSan catch the rest):
 *  - the generic iterator yields only messages inside the buffer, at
 *    increasing offsets, and ends with 0 or one of its documented codes;
 *  - parse returns 0, XNET_ETRUNCATED or XNET_EBADLEN, zeroes the result
 *    on EBADLEN, and reports only known flags in has/cut (an option may
 *    be in both when a whole copy is followed by a cut one);
 *  - format obeys snprintf semantics;
 *  - parse∘marshal is a projection: what parse reads back from marshal's
 *    bytes, marshalled and parsed again, comes back unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xnet/cmsg.h"
#include "xnet/error.h"
#include "xnet/ipv4_cmsg.h"
#include "xnet/ipv6_cmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const xnet_profile *const profiles[] = {
    &xnet_profile_linux,   &xnet_profile_freebsd,   &xnet_profile_netbsd,
    &xnet_profile_openbsd, &xnet_profile_dragonfly, &xnet_profile_darwin};

static void check(int ok) {
  if (!ok) abort();
}

static void walk(const xnet_profile *p, const uint8_t *b, size_t n) {
  xnet_cmsg_iter it;
  xnet_cmsg m;
  int rc;
  size_t last = 0;
  int first = 1;
  xnet_cmsg_iter_init(&it, p, b, n);
  while ((rc = xnet_cmsg_iter_next(&it, &m)) == 1) {
    check(m.offset < n && (first || m.offset > last));
    check(m.data >= b && m.data + m.len <= b + n);
    last = m.offset;
    first = 0;
  }
  check(rc == 0 || rc == XNET_ESHORT || rc == XNET_EBADLEN ||
        rc == XNET_ETRUNCATED);
  if (rc == XNET_ETRUNCATED && m.data != NULL)
    check(m.data >= b && m.data + m.len <= b + n);
}

static void check_format(int (*fmt)(const void *, char *, size_t),
                         const void *cm) {
  char big[256], small[16];
  int n = fmt(cm, big, sizeof(big));
  check(n > 0 && (size_t)n < sizeof(big) && strlen(big) == (size_t)n);
  check(fmt(cm, small, sizeof(small)) == n);
  check(strlen(small) == (n < 16 ? (size_t)n : 15));
  check(fmt(cm, NULL, 0) == n);
}

static int fmt4(const void *cm, char *b, size_t n) {
  return xnet_ipv4_cmsg_format(cm, b, n);
}
static int fmt6(const void *cm, char *b, size_t n) {
  return xnet_ipv6_cmsg_format(cm, b, n);
}

static int zeroed(const void *v, size_t n) {
  const uint8_t *b = v;
  for (size_t i = 0; i < n; i++)
    if (b[i]) return 0;
  return 1;
}

/* Marshal into a buffer of exactly the reported size, then parse. */
static void send4(const xnet_profile *p, const xnet_ipv4_cmsg *in,
                  xnet_ipv4_cmsg *back) {
  uint8_t buf[256];
  size_t need = 0, len = 0;
  int rc = xnet_ipv4_cmsg_marshal(p, in, NULL, 0, &need);
  check(rc == 0 || rc == XNET_ENOBUFS);
  check(need <= sizeof(buf) && (rc == 0) == (need == 0));
  check(xnet_ipv4_cmsg_marshal(p, in, buf, need, &len) == 0 && len == need);
  check(xnet_ipv4_cmsg_parse(p, buf, len, back) == 0);
}

static void fuzz4(const xnet_profile *p, const uint8_t *b, size_t n) {
  xnet_ipv4_cmsg cm;
  int rc = xnet_ipv4_cmsg_parse(p, b, n, &cm);
  check(rc == 0 || rc == XNET_ETRUNCATED || rc == XNET_EBADLEN);
  if (rc == XNET_EBADLEN) check(zeroed(&cm, sizeof(cm)));
  const uint32_t all4 = XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_DST |
                        XNET_IPV4_FLAG_INTERFACE | XNET_IPV4_FLAG_TOS;
  check((cm.has & ~all4) == 0 && (cm.cut & ~all4) == 0);
  check(rc == XNET_ETRUNCATED || cm.cut == 0);
  check_format(fmt4, &cm);
  /* What was received, sent back: received dst as src, same interface. */
  xnet_ipv4_cmsg out = {0}, p1, p2;
  memcpy(out.src, cm.dst, 4);
  out.has = cm.has & XNET_IPV4_FLAG_DST ? XNET_IPV4_FLAG_SRC : 0;
  out.ifindex = cm.ifindex;
  send4(p, &out, &p1);
  xnet_ipv4_cmsg again = {0};
  memcpy(again.src, p1.dst, 4);
  again.has = p1.has & XNET_IPV4_FLAG_DST ? XNET_IPV4_FLAG_SRC : 0;
  again.ifindex = p1.ifindex;
  send4(p, &again, &p2);
  check(memcmp(&p1, &p2, sizeof(p1)) == 0);
}

static void send6(const xnet_profile *p, const xnet_ipv6_cmsg *in,
                  xnet_ipv6_cmsg *back) {
  uint8_t buf[256];
  size_t need = 0, len = 0;
  int rc = xnet_ipv6_cmsg_marshal(p, in, NULL, 0, &need);
  check(rc == 0 || rc == XNET_ENOBUFS);
  check(need <= sizeof(buf) && (rc == 0) == (need == 0));
  check(xnet_ipv6_cmsg_marshal(p, in, buf, need, &len) == 0 && len == need);
  check(xnet_ipv6_cmsg_parse(p, buf, len, back) == 0);
}

static void as_sent6(const xnet_ipv6_cmsg *rx, xnet_ipv6_cmsg *tx) {
  memset(tx, 0, sizeof(*tx));
  tx->traffic_class = rx->traffic_class;
  tx->hop_limit = rx->hop_limit;
  memcpy(tx->src, rx->dst, 16);
  memcpy(tx->next_hop, rx->dst, 16);
  tx->ifindex = rx->ifindex;
  if (rx->has & XNET_IPV6_FLAG_DST)
    tx->has = XNET_IPV6_FLAG_SRC | XNET_IPV6_FLAG_NEXT_HOP;
}

static void fuzz6(const xnet_profile *p, const uint8_t *b, size_t n) {
  xnet_ipv6_cmsg cm;
  int rc = xnet_ipv6_cmsg_parse(p, b, n, &cm);
  check(rc == 0 || rc == XNET_ETRUNCATED || rc == XNET_EBADLEN);
  if (rc == XNET_EBADLEN) check(zeroed(&cm, sizeof(cm)));
  const uint32_t all6 = XNET_IPV6_FLAG_TRAFFIC_CLASS | XNET_IPV6_FLAG_HOP_LIMIT |
                        XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE |
                        XNET_IPV6_FLAG_PATH_MTU;
  check((cm.has & ~all6) == 0 && (cm.cut & ~all6) == 0);
  check(rc == XNET_ETRUNCATED || cm.cut == 0);
  check_format(fmt6, &cm);
  xnet_ipv6_cmsg out, p1, again, p2;
  as_sent6(&cm, &out);
  send6(p, &out, &p1);
  as_sent6(&p1, &again);
  send6(p, &again, &p2);
  check(memcmp(&p1, &p2, sizeof(p1)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const xnet_profile *p = profiles[data[0] % 6];
  int ipv6 = (data[0] / 6) % 2;
  const uint8_t *b = data + 1;
  size_t n = size - 1;
  walk(p, b, n);
  if (ipv6)
    fuzz6(p, b, n);
  else
    fuzz4(p, b, n);
  return 0;
}
