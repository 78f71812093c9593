/* fuzz_icmp_filter.c — the fixed-size kernel values: ICMPv4 and ICMPv6
 * filters and integer socket options, read from any bytes under every
 * profile. Invariants: a parse either fails with *out zeroed or succeeds
 * and marshals back to the same bytes (filters), and the functions never
 * read outside the input. The first byte picks the profile and the
 * option. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xnet/icmp_filter.h"
#include "xnet/profile.h"
#include "xnet/sockopt_table.h"

static const xnet_profile *const profiles[] = {
    &xnet_profile_linux,     &xnet_profile_freebsd, &xnet_profile_netbsd,
    &xnet_profile_openbsd,   &xnet_profile_dragonfly, &xnet_profile_darwin};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const xnet_profile *p = profiles[data[0] % 6];
  xnet_so opt = (xnet_so)((data[0] / 6) % XNET_SO__MAX);
  const uint8_t *b = data + 1;
  size_t n = size - 1;
  /* Exact-size copies so that any read past n is an ASan finding. */
  uint8_t *copy = malloc(n ? n : 1);
  if (!copy) return 0;
  memcpy(copy, b, n);

  xnet_icmp4_filter f4;
  uint8_t out[32];
  size_t len;
  if (xnet_icmp4_filter_parse(p, copy, n, &f4) == 0) {
    if (xnet_icmp4_filter_marshal(p, &f4, out, sizeof out, &len) != 0 ||
        len != n || memcmp(out, copy, n) != 0)
      abort();
  } else if (f4.block != 0) {
    abort();
  }
  xnet_icmp6_filter f6;
  if (xnet_icmp6_filter_parse(p, copy, n, &f6) == 0) {
    if (xnet_icmp6_filter_marshal(p, &f6, out, sizeof out, &len) != 0 ||
        len != n || memcmp(out, copy, n) != 0)
      abort();
  } else {
    for (int i = 0; i < 8; i++)
      if (f6.block[i] != 0) abort();
  }
  int v = 0;
  (void)xnet_sockopt_int_parse(p, opt, copy, n, &v);
  free(copy);
  return 0;
}
