/* fuzz_ipv6_header.c — libFuzzer target for the IPv6 header codec.
 *
 * Invariants checked (abort on violation): a successful parse marshals
 * back to exactly the 40 header bytes and re-parses to the same struct; a
 * failed parse leaves the struct zeroed; the String form never overflows
 * and reports its full length.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xnet/ipv6_header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond) {
  if (!cond)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  xnet_ipv6_header h, h2;
  if (xnet_ipv6_header_parse(data, size, &h) != 0) {
    static const xnet_ipv6_header zero;
    check(memcmp(&h, &zero, sizeof h) == 0);
    return 0;
  }
  uint8_t out[XNET_IPV6_HEADER_LEN];
  size_t n = 0;
  check(xnet_ipv6_header_marshal(&h, out, sizeof out, &n) == 0);
  check(n == XNET_IPV6_HEADER_LEN && memcmp(out, data, n) == 0);
  check(xnet_ipv6_header_parse(out, n, &h2) == 0);
  check(memcmp(&h, &h2, sizeof h) == 0);
  char full[256], small[31];
  int len = xnet_ipv6_header_format(&h, full, sizeof full);
  check(len > 0 && (size_t)len < sizeof full && strlen(full) == (size_t)len);
  memset(small, 'x', sizeof small);
  check(xnet_ipv6_header_format(&h, small, 30) == len);
  check(small[29] == '\0' && small[30] == 'x');
  return 0;
}
