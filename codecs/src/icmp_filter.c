/* icmp_filter.c — ICMPv4 (Linux) and ICMPv6 (RFC 3542) message filters.
 *
 * In memory a set bit always means "block". The kernel structures are u32
 * words in the target's host order: Linux's struct icmp_filter (one word,
 * include/uapi/linux/icmp.h, checked by net/ipv4/raw.c icmp_filter() only
 * for types < 32) and struct icmp6_filter (eight words; Linux's
 * include/uapi/linux/icmpv6.h sets a bit to block, RFC 3542 §3.2 and the
 * BSD/Darwin <netinet/icmp6.h> macros set it to pass).
 */
#include "xnet/icmp_filter.h"

#include <string.h>

void xnet_icmp4_filter_accept(xnet_icmp4_filter *f, int type) {
  if (f != NULL && type >= 0 && type < 32)
    f->block &= ~(UINT32_C(1) << type);
}

void xnet_icmp4_filter_block(xnet_icmp4_filter *f, int type) {
  if (f != NULL && type >= 0 && type < 32)
    f->block |= UINT32_C(1) << type;
}

void xnet_icmp4_filter_set_all(xnet_icmp4_filter *f, int block) {
  if (f != NULL)
    f->block = block ? UINT32_MAX : 0;
}

int xnet_icmp4_filter_will_block(const xnet_icmp4_filter *f, int type) {
  if (f == NULL || type < 0 || type >= 32)
    return 0;
  return (f->block >> type) & 1;
}

int xnet_icmp4_filter_marshal(const xnet_profile *p,
                              const xnet_icmp4_filter *f, uint8_t *buf,
                              size_t cap, size_t *len) {
  if (p == NULL || f == NULL || len == NULL || (buf == NULL && cap > 0))
    return XNET_EINVAL;
  *len = XNET_ICMP4_FILTER_SIZE;
  if (cap < XNET_ICMP4_FILTER_SIZE)
    return XNET_ENOBUFS;
  xnet_profile_put_u32(p, buf, f->block);
  return 0;
}

int xnet_icmp4_filter_parse(const xnet_profile *p, const uint8_t *b, size_t n,
                            xnet_icmp4_filter *out) {
  if (out == NULL)
    return XNET_EINVAL;
  out->block = 0;
  if (p == NULL || b == NULL)
    return XNET_EINVAL;
  if (n < XNET_ICMP4_FILTER_SIZE)
    return XNET_ESHORT;
  if (n > XNET_ICMP4_FILTER_SIZE)
    return XNET_EBADLEN;
  out->block = xnet_profile_get_u32(p, b);
  return 0;
}

void xnet_icmp6_filter_accept(xnet_icmp6_filter *f, int type) {
  if (f != NULL && type >= 0 && type < 256)
    f->block[type >> 5] &= ~(UINT32_C(1) << (type & 31));
}

void xnet_icmp6_filter_block(xnet_icmp6_filter *f, int type) {
  if (f != NULL && type >= 0 && type < 256)
    f->block[type >> 5] |= UINT32_C(1) << (type & 31);
}

void xnet_icmp6_filter_set_all(xnet_icmp6_filter *f, int block) {
  for (int i = 0; f != NULL && i < 8; i++)
    f->block[i] = block ? UINT32_MAX : 0;
}

int xnet_icmp6_filter_will_block(const xnet_icmp6_filter *f, int type) {
  if (f == NULL || type < 0 || type >= 256)
    return 0;
  return (f->block[type >> 5] >> (type & 31)) & 1;
}

/* XORed with an in-memory (set = block) word to get the kernel's word:
 * everything inverted where a set bit passes. */
static uint32_t kernel_mask(const xnet_profile *p) {
  return p->icmp6_filter_set_passes ? UINT32_MAX : 0;
}

int xnet_icmp6_filter_marshal(const xnet_profile *p, const xnet_icmp6_filter *f,
                              uint8_t *buf, size_t cap, size_t *len) {
  if (p == NULL || f == NULL || len == NULL || (buf == NULL && cap > 0))
    return XNET_EINVAL;
  uint32_t mask = kernel_mask(p);
  *len = XNET_ICMP6_FILTER_SIZE;
  if (cap < XNET_ICMP6_FILTER_SIZE)
    return XNET_ENOBUFS;
  for (int i = 0; i < 8; i++)
    xnet_profile_put_u32(p, buf + 4 * i, f->block[i] ^ mask);
  return 0;
}

int xnet_icmp6_filter_parse(const xnet_profile *p, const uint8_t *b, size_t n,
                            xnet_icmp6_filter *out) {
  if (out == NULL)
    return XNET_EINVAL;
  memset(out, 0, sizeof *out);
  if (p == NULL || b == NULL)
    return XNET_EINVAL;
  uint32_t mask = kernel_mask(p);
  if (n < XNET_ICMP6_FILTER_SIZE)
    return XNET_ESHORT;
  if (n > XNET_ICMP6_FILTER_SIZE)
    return XNET_EBADLEN;
  for (int i = 0; i < 8; i++)
    out->block[i] = xnet_profile_get_u32(p, b + 4 * i) ^ mask;
  return 0;
}
