/* fuzz_ipv4_header.c — libFuzzer target for the IPv4 header codec.
 *
 * Invariants checked (abort on violation):
 *  - a wire parse that succeeds marshals back to exactly the header bytes,
 *    and re-parsing those gives the same struct;
 *  - checksum_ok agrees with xnet_ipv4_header_verify and with a byte-wise
 *    RFC 1071 sum, and the fast checksum equals the byte-wise one on the
 *    whole input;
 *  - on every profile, raw parse then raw marshal gives the bytes back (the
 *    received length minus the header, where the profile adds it);
 *  - the String form never overflows and reports its full length.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xnet/inet_checksum.h"
#include "xnet/ipv4_header.h"
#include "xnet/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint16_t ref_checksum(const uint8_t *b, size_t n) {
  uint64_t sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += (i % 2 == 0) ? (uint64_t)b[i] << 8 : b[i];
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)~sum;
}

static void check(int cond) {
  if (!cond)
    abort();
}

static int same(const xnet_ipv4_header *a, const xnet_ipv4_header *b) {
  xnet_ipv4_header x = *a, y = *b;
  x.options = y.options = NULL;
  return memcmp(&x, &y, sizeof x) == 0;
}

static void check_format(const xnet_ipv4_header *h) {
  char full[256], small[17];
  int n = xnet_ipv4_header_format(h, full, sizeof full);
  check(n > 0 && (size_t)n < sizeof full && strlen(full) == (size_t)n);
  memset(small, 'x', sizeof small);
  check(xnet_ipv4_header_format(h, small, 16) == n);
  check(small[15] == '\0' && small[16] == 'x');
}

static void check_raw(const xnet_profile *p, const uint8_t *data, size_t size) {
  xnet_ipv4_header h, h2;
  if (xnet_ipv4_header_parse_raw(p, data, size, &h) != 0)
    return;
  uint8_t out[60];
  size_t n;
  if (p->ipv4_raw_host_order)
    h.total_len = (uint16_t)(h.total_len - h.len);
  check(xnet_ipv4_header_marshal_raw(p, &h, out, sizeof out, &n) == 0);
  check(n == h.len && memcmp(out, data, n) == 0);
  check(xnet_ipv4_header_parse_raw(p, out, n, &h2) == 0);
  if (p->ipv4_raw_host_order)
    h2.total_len = (uint16_t)(h2.total_len - h2.len);
  check(same(&h, &h2));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  check(xnet_inet_checksum(data, size) == ref_checksum(data, size));

  xnet_ipv4_header h, h2;
  int err = xnet_ipv4_header_parse(data, size, &h);
  int verify = xnet_ipv4_header_verify(data, size);
  if (err == 0) {
    uint8_t out[60];
    size_t n = 0;
    check(h.version == 4 && h.len >= 20 && h.len <= size);
    check(h.checksum_ok == (verify == 0));
    check(h.checksum_ok == (ref_checksum(data, h.len) == 0));
    check(xnet_ipv4_header_size(&h) == h.len);
    check(xnet_ipv4_header_marshal(&h, out, sizeof out, &n) == 0);
    check(n == h.len && memcmp(out, data, n) == 0);
    check(xnet_ipv4_header_parse(out, n, &h2) == 0 && same(&h, &h2));
    uint16_t sum;
    check(xnet_ipv4_header_checksum(data, size, &sum) == 0);
    check(xnet_ipv4_header_marshal_checksum(&h, out, sizeof out, &n) == 0);
    check(out[10] == sum >> 8 && out[11] == (sum & 0xff));
    uint8_t zeroed[60];
    memcpy(zeroed, data, h.len);
    zeroed[10] = zeroed[11] = 0;
    check(sum == ref_checksum(zeroed, h.len));
    check(xnet_ipv4_header_verify(out, n) == 0);
    check_format(&h);
  } else {
    static const xnet_ipv4_header zero;
    check(memcmp(&h, &zero, sizeof h) == 0);
  }

  static const xnet_profile *const profiles[] = {
      &xnet_profile_linux,   &xnet_profile_freebsd,   &xnet_profile_netbsd,
      &xnet_profile_openbsd, &xnet_profile_dragonfly, &xnet_profile_darwin};
  for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++)
    check_raw(profiles[i], data, size);
  return 0;
}
