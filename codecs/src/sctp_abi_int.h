/* sctp_abi_int.h — byte access in a layout's order, shared by the SCTP
 * notification, ancillary-data and socket-option codecs. Private.
 *
 * Callers check the length once against the structure's size and then read
 * fixed offsets; these helpers only fix the byte order, which comes from
 * the layout, never from the build host. */
#ifndef XNET_SCTP_ABI_INT_H
#define XNET_SCTP_ABI_INT_H

#include <stddef.h>
#include <stdint.h>

#include "bytes_int.h"

#include "xnet/sctp_abi.h"

static inline uint16_t sctp_rd16(const xnet_sctp_layout *l, const uint8_t *p) {
  return l->little_endian ? (uint16_t)(p[0] | p[1] << 8)
                          : (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t sctp_rd32(const xnet_sctp_layout *l, const uint8_t *p) {
  return l->little_endian
             ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                   (uint32_t)p[3] << 24
             : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
                   (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void sctp_wr16(const xnet_sctp_layout *l, uint8_t *p,
                             uint16_t v) {
  if (l->little_endian) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
  } else {
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
  }
}

static inline void sctp_wr32(const xnet_sctp_layout *l, uint8_t *p,
                             uint32_t v) {
  if (l->little_endian) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
  } else {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
  }
}

/* sctp_assoc_t is int32 on Linux and uint32 in usrsctp: the bits are kept
 * and shown as Go's int32, without relying on implementation-defined
 * conversions. */
static inline int32_t sctp_i32(uint32_t v) {
  return v <= INT32_MAX ? (int32_t)v : -(int32_t)(~v) - 1;
}

/* The 16-bit SCTP cause code in sac_error / sre_error, as the layout stores
 * it (see xnet_sctp_layout.cause_network_order). */
static inline uint16_t sctp_rd_cause(const xnet_sctp_layout *l,
                                     const uint8_t *p) {
  return l->cause_network_order ? xnet__get_be16(p) : sctp_rd16(l, p);
}

static inline void sctp_wr_cause(const xnet_sctp_layout *l, uint8_t *p,
                                 uint16_t v) {
  if (l->cause_network_order)
    xnet__put_be16(p, v);
  else
    sctp_wr16(l, p, v);
}

/* ssf_error is 32 bits; where causes are in network order only its low 16
 * bits (the first two bytes on little-endian hosts) are swapped. The map is
 * its own inverse, so every value survives a parse and a marshal. */
static inline uint32_t sctp_cause32(const xnet_sctp_layout *l, uint32_t v) {
  if (!l->cause_network_order || !l->little_endian) return v;
  return (v & 0xffff0000u) | (v & 0xffu) << 8 | (v >> 8 & 0xffu);
}

/* Native number -> portable value, or -1 when no portable value has it. */
static inline int sctp_portable(const int32_t *table, int count,
                                int32_t native) {
  if (native == XNET_SCTP_NO_VALUE) return -1;
  for (int i = 0; i < count; i++)
    if (table[i] == native) return i;
  return -1;
}

/* Encodes a into the slot_len-byte sockaddr_storage slot at p (inside
 * sctp_paddr_change and sctp_paddrinfo): zero-fills the slot, then writes
 * the sockaddr; XNET_SCTP_AF_UNSPEC leaves it all zero. Returns 0 or
 * XNET_EINVAL (unknown family). Decoding uses xnet_sctp_sockaddr_parse. */
int xnet__sctp_sockaddr_slot_marshal(const xnet_sctp_layout *l,
                                     const xnet_sctp_addr *a, uint8_t *p,
                                     size_t slot_len);

#endif /* XNET_SCTP_ABI_INT_H */
