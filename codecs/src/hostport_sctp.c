/* hostport_sctp.c — the multi-homed SCTP address text "h1/h2/[v6]:port".
 *
 * ishidawataru/sctp's ResolveSCTPAddr splits the text at every '/', resolves
 * each element but the last as the TCP address element + ":" and the last
 * as a TCP address; SCTPAddr.String prints it back. Both are mirrored here
 * for literal addresses.
 */
#include <string.h>

#include "ip_addr_int.h"
#include "xnet/hostport.h"

/* The address of one host view: empty gives Go's nil IP. */
static int parse_host(const xnet_hostport *hp, xnet_ip *ip) {
  if (hp->host_len == 0) {
    memset(ip, 0, sizeof *ip);
    return 0;
  }
  return xnet_ip_parse_zone(hp->host, hp->host_len, ip);
}

int xnet_sctp_addr_parse(const char *s, size_t n, xnet_ip *addrs, size_t cap,
                         size_t *count, uint16_t *port) {
  size_t k = 0, start = 0;
  int err = 0;

  *count = 0;
  *port = 0;
  for (;;) {
    const char *slash = start < n ? memchr(s + start, '/', n - start) : NULL;
    size_t end = slash ? (size_t)(slash - s) : n;
    xnet_hostport hp;
    xnet_ip ip;

    if (slash == NULL) {
      /* The last element carries the port; Go checks it before the host. */
      err = xnet__hostport_split(s + start, end - start, false, &hp);
      if (err == 0)
        err = xnet_port_parse(hp.port, hp.port_len, port);
      if (err == 0 && hp.host_len == 0) {
        /* An empty last host makes the Go package drop every address. */
        if (k > 0 && cap > 0)
          memset(addrs, 0, (k < cap ? k : cap) * sizeof *addrs);
        return 0;
      }
    } else {
      err = xnet__hostport_split(s + start, end - start, true, &hp);
    }
    if (err == 0)
      err = parse_host(&hp, &ip);
    if (err != 0)
      break;
    if (k < cap)
      addrs[k] = ip;
    k++;
    if (slash == NULL)
      break;
    start = end + 1;
  }
  if (err == 0 && k <= cap) {
    *count = k;
    return 0;
  }
  if (cap > 0)
    memset(addrs, 0, cap * sizeof *addrs);
  *port = 0;
  if (err != 0)
    return err;
  *count = k;
  return XNET_ENOBUFS;
}

int xnet_sctp_addr_format(const xnet_ip *addrs, size_t count, uint16_t port,
                          char *buf, size_t cap) {
  xnet__sbuf b = xnet__sbuf_make(buf, cap);
  char text[XNET_IP_STRLEN];
  xnet_ip v4;

  for (size_t i = 0; i < count; i++) {
    const xnet_ip *ip = &addrs[i];
    bool is_v4 = xnet_ip_to4(ip, &v4) == 0;
    if (is_v4 || ip->len == 16) {
      int len = xnet_ip_format(ip, text, sizeof text);
      if (!is_v4)
        xnet__sbuf_putc(&b, '[');
      xnet__sbuf_put(&b, text, (size_t)len);
      if (!is_v4)
        xnet__sbuf_putc(&b, ']');
    }
    if (i + 1 < count)
      xnet__sbuf_putc(&b, '/');
  }
  xnet__sbuf_putc(&b, ':');
  char digits[5];
  size_t nd = 0;
  do {
    digits[nd++] = (char)('0' + port % 10);
    port /= 10;
  } while (port != 0);
  while (nd > 0)
    xnet__sbuf_putc(&b, digits[--nd]);
  return xnet__sbuf_finish(&b);
}
