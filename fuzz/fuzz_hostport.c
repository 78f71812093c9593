/* fuzz_hostport.c — libFuzzer target for host:port text, numeric ports and
 * the multi-homed SCTP address text. The first byte selects the check, the
 * rest is the text.
 *
 * Invariants checked (abort on violation):
 *  - split views lie inside the input; join of a split result splits back
 *    to the same host and port; on error the result is zeroed;
 *  - a parsed port prints as a decimal that parses to the same port;
 *  - SCTP parse → format → parse gives the same addresses and port (except
 *    IPv4-mapped addresses with a zone, which print unparsably as in Go),
 *    and capacity errors report the count the full parse finds.
 */
#include <stdlib.h>
#include <string.h>

#include "xnet/hostport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_view(const char *a, size_t an, const char *b, size_t bn) {
  return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

static void check_split(const char *s, size_t n) {
  xnet_hostport hp, again;
  if (xnet_hostport_split(s, n, &hp) != 0) {
    static const xnet_hostport zero;
    if (memcmp(&hp, &zero, sizeof hp) != 0)
      abort();
    return;
  }
  if (hp.host < s || hp.host + hp.host_len > s + n || hp.port < s ||
      hp.port + hp.port_len > s + n)
    abort();
  int len = xnet_hostport_join(hp.host, hp.host_len, hp.port, hp.port_len,
                               NULL, 0);
  char *buf = malloc((size_t)len + 1);
  if (!buf || xnet_hostport_join(hp.host, hp.host_len, hp.port, hp.port_len,
                                 buf, (size_t)len + 1) != len)
    abort();
  if (xnet_hostport_split(buf, (size_t)len, &again) != 0 ||
      !same_view(hp.host, hp.host_len, again.host, again.host_len) ||
      !same_view(hp.port, hp.port_len, again.port, again.port_len))
    abort();
  free(buf);
}

static void check_port(const char *s, size_t n) {
  uint16_t port, again;
  int rc = xnet_port_parse(s, n, &port);
  if (rc != 0) {
    if (port != 0)
      abort();
    return;
  }
  char text[8];
  int len = 0;
  unsigned v = port;
  char rev[6];
  do {
    rev[len++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  for (int i = 0; i < len; i++)
    text[i] = rev[len - 1 - i];
  if (xnet_port_parse(text, (size_t)len, &again) != 0 || again != port)
    abort();
}

static void check_sctp(const char *s, size_t n) {
  enum { CAP = 8 };
  xnet_ip addrs[CAP], again[CAP];
  size_t count, count2;
  uint16_t port, port2;
  int rc = xnet_sctp_addr_parse(s, n, addrs, CAP, &count, &port);
  if (rc == XNET_ENOBUFS) {
    if (count <= CAP || port != 0)
      abort();
    return;
  }
  if (rc != 0) {
    if (count != 0 || port != 0)
      abort();
    return;
  }
  for (size_t i = 0; i < count; i++) {
    xnet_ip v4;
    if (addrs[i].zone[0] && xnet_ip_to4(&addrs[i], &v4) == 0)
      return;
  }
  int len = xnet_sctp_addr_format(addrs, count, port, NULL, 0);
  char *buf = malloc((size_t)len + 1);
  if (!buf || xnet_sctp_addr_format(addrs, count, port, buf,
                                    (size_t)len + 1) != len)
    abort();
  if (xnet_sctp_addr_parse(buf, (size_t)len, again, CAP, &count2, &port2) !=
          0 ||
      count2 != count || port2 != port ||
      memcmp(addrs, again, count * sizeof addrs[0]) != 0)
    abort();
  free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  const char *s = (const char *)data + 1;
  size_t n = size - 1;
  switch (data[0] % 3) {
  case 0:
    check_split(s, n);
    break;
  case 1:
    check_port(s, n);
    break;
  default:
    check_sctp(s, n);
    break;
  }
  return 0;
}
