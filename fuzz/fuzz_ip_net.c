/* fuzz_ip_net.c — libFuzzer target for CIDR text and IP networks.
 *
 * Invariants checked (abort on violation):
 *  - a parsed network contains its address (unless mapped text with a
 *    prefix below /96 masked it out of IPv4), its address is the address
 *    masked, and its mask is canonical with the parsed prefix length;
 *  - format → parse → format is stable (the text of a network is a
 *    fixed point; the byte form may shrink from mapped 16 to 4 bytes);
 *  - on error both outputs are zeroed;
 *  - any raw address/mask bytes (the input's first byte chooses lengths)
 *    format within XNET_IP_NET_STRLEN and Contains never misbehaves.
 */
#include <stdlib.h>
#include <string.h>

#include "xnet/ip_net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_cidr(const char *s, size_t n) {
  xnet_ip ip, masked;
  xnet_ip_net net, again;
  if (xnet_ip_net_parse(s, n, &ip, &net) != 0) {
    static const xnet_ip zip;
    static const xnet_ip_net znet;
    if (memcmp(&ip, &zip, sizeof ip) || memcmp(&net, &znet, sizeof net))
      abort();
    return;
  }
  /* Go quirk kept: "::ffff:1.2.3.4/20" masks to "::/20", an IPv6 network
   * that an IPv4(-mapped) address can never be in. */
  xnet_ip a4, n4;
  bool split_family =
      xnet_ip_to4(&ip, &a4) == 0 && xnet_ip_to4(&net.ip, &n4) != 0;
  if (xnet_ip_net_contains(&net, &ip) == split_family)
    abort();
  if (xnet_ip_apply_mask(&ip, &net.mask, &masked) != 0 ||
      !xnet_ip_equal(&masked, &net.ip))
    abort();
  int ones, bits;
  xnet_ip_mask_size(&net.mask, &ones, &bits);
  if (bits != 8 * net.mask.len)
    abort();
  char t1[XNET_IP_NET_STRLEN], t2[XNET_IP_NET_STRLEN];
  int n1 = xnet_ip_net_format(&net, t1, sizeof t1);
  if (n1 < 0 || n1 >= XNET_IP_NET_STRLEN)
    abort();
  if (xnet_ip_net_parse(t1, (size_t)n1, NULL, &again) != 0)
    abort();
  int n2 = xnet_ip_net_format(&again, t2, sizeof t2);
  if (n1 != n2 || strcmp(t1, t2) != 0)
    abort();
}

static void check_raw(const uint8_t *d, size_t size) {
  if (size < 1 + 32 + 16)
    return;
  static const uint8_t lens[4] = {0, 4, 16, 5};
  xnet_ip_net net;
  xnet_ip ip;
  memset(&net, 0, sizeof net);
  net.ip.len = lens[d[0] & 3];
  net.mask.len = lens[(d[0] >> 2) & 3];
  memcpy(net.ip.bytes, d + 1, net.ip.len);
  memcpy(net.mask.bytes, d + 17, net.mask.len);
  if (xnet_ip_from_bytes(d + 33, lens[(d[0] >> 4) & 3], &ip) != 0)
    abort();
  char t[XNET_IP_NET_STRLEN];
  int n = xnet_ip_net_format(&net, t, sizeof t);
  if (n < 0 || n >= XNET_IP_NET_STRLEN || (size_t)n != strlen(t))
    abort();
  (void)xnet_ip_net_contains(&net, &ip);
  int ones, bits;
  xnet_ip_mask_size(&net.mask, &ones, &bits);
  if (ones > bits)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  check_cidr((const char *)data, size);
  check_raw(data, size);
  return 0;
}
