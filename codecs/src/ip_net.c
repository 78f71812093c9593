/* ip_net.c — IP networks: ParseCIDR, IPNet.Contains, IPNet.String.
 */
#include <string.h>

#include "ip_addr_int.h"
#include "xnet/ip_net.h"

/* Go's networkNumberAndMask: the network address in its shortest form and
 * the mask cut to match, or false when their lengths do not fit. */
static bool number_and_mask(const xnet_ip_net *net, xnet_ip *nn,
                            xnet_ip_mask *m) {
  if (xnet_ip_to4(&net->ip, nn) != 0) {
    if (net->ip.len != 16)
      return false;
    *nn = net->ip;
  }
  *m = net->mask;
  if (m->len == 4) {
    if (nn->len != 4)
      return false;
  } else if (m->len == 16) {
    if (nn->len == 4) {
      memmove(m->bytes, m->bytes + 12, 4);
      memset(m->bytes + 4, 0, 12);
      m->len = 4;
    }
  } else {
    return false;
  }
  return true;
}

bool xnet_ip_net_contains(const xnet_ip_net *net, const xnet_ip *ip) {
  xnet_ip nn, x;
  xnet_ip_mask m;
  if (!number_and_mask(net, &nn, &m)) {
    /* Go compares against a nil network number: only a nil ip "fits". */
    return ip->len == 0;
  }
  if (xnet_ip_to4(ip, &x) != 0)
    x = *ip;
  if (x.len != nn.len)
    return false;
  for (size_t i = 0; i < x.len; i++)
    if ((nn.bytes[i] & m.bytes[i]) != (x.bytes[i] & m.bytes[i]))
      return false;
  return true;
}

int xnet_ip_net_format(const xnet_ip_net *net, char *buf, size_t cap) {
  xnet__sbuf b = xnet__sbuf_make(buf, cap);
  xnet_ip nn;
  xnet_ip_mask m;
  char text[XNET_IP_STRLEN];
  if (!number_and_mask(net, &nn, &m)) {
    xnet__sbuf_puts(&b, "<nil>");
    return xnet__sbuf_finish(&b);
  }
  nn.zone[0] = '\0'; /* IPNet prints an IP, which has no zone */
  int len = xnet_ip_format(&nn, text, sizeof text);
  xnet__sbuf_put(&b, text, (size_t)len);
  xnet__sbuf_putc(&b, '/');
  int ones = xnet__ip_mask_prefix_len(&m);
  if (ones < 0) {
    len = xnet_ip_mask_format(&m, text, sizeof text);
    xnet__sbuf_put(&b, text, (size_t)len);
  } else {
    if (ones >= 100)
      xnet__sbuf_putc(&b, (char)('0' + ones / 100));
    if (ones >= 10)
      xnet__sbuf_putc(&b, (char)('0' + ones / 10 % 10));
    xnet__sbuf_putc(&b, (char)('0' + ones % 10));
  }
  return xnet__sbuf_finish(&b);
}

const char *xnet_ip_net_network(const xnet_ip_net *net) {
  (void)net;
  return "ip+net";
}

int xnet_ip_net_parse(const char *s, size_t n, xnet_ip *ip, xnet_ip_net *net) {
  const char *slash = memchr(s, '/', n);
  xnet_ip addr;
  xnet_ip_mask mask;
  size_t an, i;
  unsigned prefix = 0;
  int bits;

  memset(net, 0, sizeof *net);
  if (ip)
    memset(ip, 0, sizeof *ip);
  if (slash == NULL)
    return XNET_EBADCIDR;
  an = (size_t)(slash - s);
  if (xnet_ip_parse(s, an, &addr) != 0)
    return XNET_EBADCIDR;
  /* The prefix limit follows the text's family: dotted text is IPv4
   * (netip's Is4), any text with a colon IPv6, mapped or not. */
  bits = memchr(s, ':', an) ? 128 : 32;
  /* Go's dtoi: at least one digit, all digits, below 0xFFFFFF. */
  for (i = an + 1; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
    prefix = prefix * 10 + (unsigned)(s[i] - '0');
    if (prefix >= 0xFFFFFF)
      return XNET_EBADCIDR;
  }
  if (i == an + 1 || i != n || prefix > (unsigned)bits)
    return XNET_EBADCIDR;
  if (xnet_ip_mask_cidr((int)prefix, bits, &mask) != 0 ||
      xnet_ip_apply_mask(&addr, &mask, &net->ip) != 0) {
    memset(net, 0, sizeof *net);
    return XNET_EBADCIDR; /* unreachable: lengths and prefix are checked */
  }
  net->mask = mask;
  if (ip)
    *ip = addr;
  return 0;
}
