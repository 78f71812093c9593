/* fuzz_ip_addr.c — libFuzzer target for IP address text.
 *
 * Invariants checked (abort on violation):
 *  - parse → format → parse gives the same address and zone (except an
 *    IPv4-mapped address with a zone, which prints as "a.b.c.d%zone", text
 *    Go does not accept either);
 *  - the plain parser accepts exactly the zone-free texts the zoned one
 *    accepts, with the same bytes;
 *  - on zone-free text without NULs, acceptance and bytes agree with glibc
 *    inet_pton (AF_INET as ::ffff:a.b.c.d, or AF_INET6): both implement
 *    the same grammar, leading-zero rule included;
 *  - any 16 bytes format as glibc inet_ntop prints them (outside the
 *    ::/96 and ::ffff:0:0/96 ranges, where glibc prints a dotted tail and
 *    Go does not), and that text parses back to the bytes;
 *  - to4/to16/equal agree, and formatting never exceeds XNET_IP_STRLEN and
 *    reports its full length whatever the buffer size.
 */
#define _POSIX_C_SOURCE 200809L /* inet_pton, inet_ntop */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "xnet/address.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_format(const xnet_ip *ip) {
  char full[XNET_IP_STRLEN], small[8];
  int n = xnet_ip_format(ip, full, sizeof full);
  if (n < 0 || n >= XNET_IP_STRLEN || (size_t)n != strlen(full))
    abort();
  if (xnet_ip_format(ip, small, sizeof small) != n ||
      strncmp(small, full, sizeof small - 1) != 0)
    abort();
}

static void check_text(const char *s, size_t n) {
  xnet_ip z, p, again;
  int rz = xnet_ip_parse_zone(s, n, &z);
  int rp = xnet_ip_parse(s, n, &p);
  if (rp == 0 && (rz != 0 || z.zone[0] != '\0' || !xnet_ip_equal(&p, &z)))
    abort();
  if (rz == 0 && z.zone[0] == '\0' && rp != 0)
    abort();
  if (rz != 0) {
    static const xnet_ip zero;
    if (memcmp(&z, &zero, sizeof z) != 0)
      abort();
    return;
  }
  if (z.len != 16)
    abort();
  check_format(&z);
  char text[XNET_IP_STRLEN];
  int tn = xnet_ip_format(&z, text, sizeof text);
  xnet_ip v4;
  bool mapped = xnet_ip_to4(&z, &v4) == 0;
  if (!(mapped && z.zone[0] != '\0')) {
    if (xnet_ip_parse_zone(text, (size_t)tn, &again) != 0 ||
        memcmp(&again, &z, sizeof z) != 0)
      abort();
  }
  if (mapped && (!xnet_ip_equal(&v4, &z) || v4.len != 4))
    abort();
  xnet_ip back;
  if (xnet_ip_to16(&z, &back) != 0 || !xnet_ip_equal(&back, &z))
    abort();
}

/* Differential check against glibc on zone-free text. */
static void check_pton(const char *s, size_t n) {
  if (n > 64 || memchr(s, '\0', n) || memchr(s, '%', n))
    return;
  char cstr[65];
  memcpy(cstr, s, n);
  cstr[n] = '\0';
  uint8_t b[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  bool ok = inet_pton(AF_INET, cstr, b + 12) == 1 ||
            inet_pton(AF_INET6, cstr, b) == 1;
  xnet_ip ip;
  int rc = xnet_ip_parse(s, n, &ip);
  if ((rc == 0) != ok || (ok && memcmp(ip.bytes, b, 16) != 0))
    abort();
}

static void check_ntop(const uint8_t b[16]) {
  static const uint8_t zero12[12];
  if (memcmp(b, zero12, 10) == 0 &&
      ((b[10] == 0 && b[11] == 0) || (b[10] == 0xff && b[11] == 0xff)))
    return;
  char want[INET6_ADDRSTRLEN], got[XNET_IP_STRLEN];
  xnet_ip ip, back;
  xnet_ip_from16(b, &ip);
  if (!inet_ntop(AF_INET6, b, want, sizeof want))
    abort();
  int n = xnet_ip_format(&ip, got, sizeof got);
  if (strcmp(want, got) != 0)
    abort();
  if (xnet_ip_parse(got, (size_t)n, &back) != 0 || !xnet_ip_equal(&back, &ip))
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  check_text(s, size);
  check_pton(s, size);
  if (size >= 16)
    check_ntop(data);
  /* Raw bytes of every length print (Go's "?" + hex) and classify. */
  xnet_ip raw;
  size_t rn = size > 0 ? data[0] % 17 : 0;
  if (rn + 1 <= size && xnet_ip_from_bytes(data + 1, rn, &raw) == 0) {
    check_format(&raw);
    xnet_ip_mask m;
    (void)xnet_ip_is_global_unicast(&raw);
    (void)xnet_ip_is_private(&raw);
    (void)xnet_ip_is_link_local_multicast(&raw);
    if (xnet_ip_default_mask(&raw, &m) == 0 && m.len != 4)
      abort();
  }
  return 0;
}
