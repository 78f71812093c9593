/* fuzz_sctp_endpoint.c — multi-homed SCTP addresses ("h1/h2/[v6]:port"):
 * core's xnet_sctp_resolve_addr against the codec's xnet_sctp_addr_parse,
 * and the format / parse round trip.
 *
 * No DNS: names are resolved through a replay stack (opened once on an
 * empty capture), whose resolver knows "localhost" only and answers
 * everything else with XNET_ENOHOST without a lookup. Service names in the
 * port go to the services database (xnet_lookup_port: getaddrinfo with no
 * host, a file read, no traffic).
 *
 * The first input byte picks the network ("sctp", "sctp4", "sctp6"); the
 * rest is the address text. Checked on every input:
 *  - resolve either succeeds with count <= XNET_SCTP_ENDPOINT_MAX or fails
 *    leaving *out zeroed;
 *  - where the codec parses the text (literal hosts, numeric port) and
 *    every address suits the network, core gives the same addresses and
 *    port;
 *  - a resolved endpoint formats into a text that resolves back to the same
 *    endpoint (IPv4 addresses compared in either form), and formats the
 *    same again — unless a zone holds '/', '[' or ']': a zone is any text
 *    (Go's too: "[::1%e]]" is not read back by Go either);
 *  - to_addr / from_addr agree with the endpoint. */
#include <stdlib.h>
#include <string.h>

#include "xnet/xnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static xnet_stack *stack(void) {
  /* A pcap file header and no records: LINKTYPE_RAW, nanosecond magic. */
  static const uint8_t empty[24] = {0x4d, 0x3c, 0xb2, 0xa1, 2, 0, 4, 0,
                                    0,    0,    0,    0,    0, 0, 0, 0,
                                    0xff, 0xff, 0,    0,    101, 0, 0, 0};
  static xnet_stack *s;
  if (!s && xnet_replay_stack_open_memory(empty, sizeof empty, NULL, &s) < 0)
    abort();
  return s;
}

static bool same_ip(const xnet_ip *a, const xnet_ip *b) {
  xnet_ip x, y;
  if (a->len == 0 || b->len == 0) return a->len == b->len;
  if (xnet_ip_to16(a, &x) < 0 || xnet_ip_to16(b, &y) < 0) return false;
  return memcmp(x.bytes, y.bytes, 16) == 0 && strcmp(a->zone, b->zone) == 0;
}

static bool same(const xnet_sctp_endpoint *a, const xnet_sctp_endpoint *b) {
  if (a->count != b->count || a->port != b->port) return false;
  for (size_t i = 0; i < a->count; i++)
    if (!same_ip(&a->ips[i], &b->ips[i])) return false;
  return true;
}

/* Whether the text form of e reads back as e (see above). */
static bool printable_zones(const xnet_sctp_endpoint *e) {
  for (size_t i = 0; i < e->count; i++)
    if (strpbrk(e->ips[i].zone, "/[]")) return false;
  return true;
}

static bool zeroed(const xnet_sctp_endpoint *e) {
  static const xnet_sctp_endpoint zero;
  return memcmp(e, &zero, sizeof zero) == 0;
}

static bool suits(const char *net, const xnet_ip *ip) {
  xnet_ip v4;
  bool is4 = ip->len == 4 || (ip->len == 16 && xnet_ip_to4(ip, &v4) == 0);
  if (ip->len == 0) return true;
  if (strcmp(net, "sctp4") == 0) return is4;
  if (strcmp(net, "sctp6") == 0) return !is4;
  return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const nets[] = {"sctp", "sctp4", "sctp6"};
  if (size < 1 || size > 1024) return 0;
  const char *net = nets[data[0] % 3];
  char text[1025];
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  size_t tn = strlen(text); /* the C string the API sees */

  xnet_sctp_endpoint e;
  memset(&e, 0xa5, sizeof e);
  int rc = xnet_sctp_resolve_addr(stack(), net, text, &e);
  if (rc < 0) {
    if (!zeroed(&e)) abort();
  } else if (rc != 0 || e.count > XNET_SCTP_ENDPOINT_MAX) {
    abort();
  }

  /* The codec's literal parse: where it succeeds, core agrees. */
  xnet_ip ips[XNET_SCTP_ENDPOINT_MAX];
  size_t count = 0;
  uint16_t port = 0;
  if (xnet_sctp_addr_parse(text, tn, ips, XNET_SCTP_ENDPOINT_MAX, &count,
                           &port) == 0) {
    bool ok = true;
    for (size_t i = 0; i < count; i++) ok = ok && suits(net, &ips[i]);
    if (ok) {
      if (rc != 0 || e.count != count || e.port != port) abort();
      for (size_t i = 0; i < count; i++)
        if (!same_ip(&ips[i], &e.ips[i])) abort();
    } else if (rc != XNET_ENOSUITABLEADDR) {
      abort();
    }
  }
  if (rc < 0 || !printable_zones(&e)) return 0;

  /* Round trip through the text form. Nil addresses (empty hosts in the
   * middle) format as nothing and read back as nil. */
  char out[XNET_SCTP_ENDPOINT_STRLEN], again[XNET_SCTP_ENDPOINT_STRLEN];
  int n = xnet_sctp_endpoint_format(&e, out, sizeof out);
  if (n < 0 || (size_t)n >= sizeof out) abort();
  xnet_sctp_endpoint back;
  if (xnet_sctp_resolve_addr(stack(), net, out, &back) != 0) abort();
  if (!same(&e, &back)) abort();
  if (xnet_sctp_endpoint_format(&back, again, sizeof again) != n ||
      strcmp(out, again) != 0)
    abort();

  /* Each address as an xnet_addr and back. */
  for (size_t i = 0; i < (e.count ? e.count : 1); i++) {
    xnet_addr a;
    if (xnet_sctp_endpoint_to_addr(&e, i, &a) != 0) abort();
    if (a.kind != XNET_KIND_SCTP || a.port != e.port) abort();
    xnet_sctp_endpoint one;
    if (xnet_sctp_endpoint_from_addr(&a, &one) != 0) abort();
    if (one.port != e.port || one.count != (a.ip.len ? 1u : 0u)) abort();
  }
  xnet_addr a;
  if (xnet_sctp_endpoint_to_addr(&e, e.count ? e.count : 1, &a) !=
      XNET_EINVAL)
    abort();
  return 0;
}
