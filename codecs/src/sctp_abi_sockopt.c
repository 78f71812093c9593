/* sctp_abi_sockopt.c — struct sctp_status and struct sctp_paddrinfo, the
 * results of the SCTP_STATUS and SCTP_GET_PEER_ADDR_INFO socket options.
 *
 * sctp_paddrinfo (152 bytes everywhere): Linux packs it with assoc_id at 0
 * and the sockaddr_storage at 4; usrsctp/FreeBSD put the sockaddr_storage
 * at 0 and assoc_id at 128 (the layout carries both offsets). Both continue
 * with state 132, cwnd 136, srtt 140, rto 144, mtu 148.
 * sctp_status (176 bytes): assoc_id 0, state 4, rwnd 8, unackdata 12,
 * penddata 14, instrms 16, outstrms 18, fragmentation_point 20, and the
 * primary path's sctp_paddrinfo at 24. */
#include <string.h>

#include "sctp_abi_int.h"
#include "xnet/error.h"
#include "xnet/sctp_abi.h"

#define STATUS_PRIMARY 24

static int paddrinfo_read(const xnet_sctp_layout *l, const uint8_t *b,
                          xnet_sctp_paddrinfo *out) {
  out->assoc_id = sctp_i32(sctp_rd32(l, b + l->paddrinfo_assoc_id_offset));
  int err = xnet_sctp_sockaddr_parse(l, b + l->paddrinfo_address_offset,
                                     XNET_SCTP_SOCKADDR_STORAGE_SIZE,
                                     &out->addr);
  if (err) return err;
  int state = sctp_portable(l->paddr_state, XNET_SCTP_PADDR_STATE__MAX,
                            sctp_i32(sctp_rd32(l, b + 132)));
  if (state < 0) return XNET_EBADFORMAT;
  out->state = (xnet_sctp_paddr_state)state;
  out->cwnd = sctp_rd32(l, b + 136);
  out->srtt = sctp_rd32(l, b + 140);
  out->rto = sctp_rd32(l, b + 144);
  out->mtu = sctp_rd32(l, b + 148);
  return 0;
}

static int paddrinfo_write(const xnet_sctp_layout *l,
                           const xnet_sctp_paddrinfo *in, uint8_t *b) {
  if ((int)in->state < 0 || in->state >= XNET_SCTP_PADDR_STATE__MAX)
    return XNET_EINVAL;
  int32_t state = l->paddr_state[in->state];
  if (state == XNET_SCTP_NO_VALUE) return XNET_ENOTSUP;
  memset(b, 0, XNET_SCTP_PADDRINFO_SIZE);
  int err = xnet__sctp_sockaddr_slot_marshal(
      l, &in->addr, b + l->paddrinfo_address_offset,
      XNET_SCTP_SOCKADDR_STORAGE_SIZE);
  if (err) return err;
  sctp_wr32(l, b + l->paddrinfo_assoc_id_offset, (uint32_t)in->assoc_id);
  sctp_wr32(l, b + 132, (uint32_t)state);
  sctp_wr32(l, b + 136, in->cwnd);
  sctp_wr32(l, b + 140, in->srtt);
  sctp_wr32(l, b + 144, in->rto);
  sctp_wr32(l, b + 148, in->mtu);
  return 0;
}

/* The length rule shared by both parsers: the getsockopt result is the
 * whole structure, no more and no less. */
static int exact_len(size_t n, size_t size) {
  if (n < size) return XNET_ESHORT;
  return n > size ? XNET_EBADLEN : 0;
}

int xnet_sctp_paddrinfo_parse(const xnet_sctp_layout *layout,
                              const uint8_t *b, size_t n,
                              xnet_sctp_paddrinfo *out) {
  if (out) memset(out, 0, sizeof *out);
  if (!layout || !b || !out) return XNET_EINVAL;
  int err = exact_len(n, XNET_SCTP_PADDRINFO_SIZE);
  if (!err) err = paddrinfo_read(layout, b, out);
  if (err) memset(out, 0, sizeof *out);
  return err;
}

int xnet_sctp_paddrinfo_marshal(const xnet_sctp_layout *layout,
                                const xnet_sctp_paddrinfo *in, uint8_t *buf,
                                size_t cap, size_t *len) {
  if (len) *len = 0;
  if (!layout || !in || !len || (!buf && cap)) return XNET_EINVAL;
  *len = XNET_SCTP_PADDRINFO_SIZE;
  if (cap < XNET_SCTP_PADDRINFO_SIZE) return XNET_ENOBUFS;
  return paddrinfo_write(layout, in, buf);
}

int xnet_sctp_status_parse(const xnet_sctp_layout *layout, const uint8_t *b,
                           size_t n, xnet_sctp_status *out) {
  if (out) memset(out, 0, sizeof *out);
  if (!layout || !b || !out) return XNET_EINVAL;
  int err = exact_len(n, XNET_SCTP_STATUS_SIZE);
  if (err) return err;
  int state = sctp_portable(layout->state, XNET_SCTP_STATE__MAX,
                            sctp_i32(sctp_rd32(layout, b + 4)));
  if (state < 0) return XNET_EBADFORMAT;
  out->assoc_id = sctp_i32(sctp_rd32(layout, b));
  out->state = (xnet_sctp_state)state;
  out->rwnd = sctp_rd32(layout, b + 8);
  out->unackdata = sctp_rd16(layout, b + 12);
  out->penddata = sctp_rd16(layout, b + 14);
  out->instrms = sctp_rd16(layout, b + 16);
  out->outstrms = sctp_rd16(layout, b + 18);
  out->fragmentation_point = sctp_rd32(layout, b + 20);
  err = paddrinfo_read(layout, b + STATUS_PRIMARY, &out->primary);
  if (err) memset(out, 0, sizeof *out);
  return err;
}

int xnet_sctp_status_marshal(const xnet_sctp_layout *layout,
                             const xnet_sctp_status *in, uint8_t *buf,
                             size_t cap, size_t *len) {
  if (len) *len = 0;
  if (!layout || !in || !len || (!buf && cap)) return XNET_EINVAL;
  *len = XNET_SCTP_STATUS_SIZE;
  if (cap < XNET_SCTP_STATUS_SIZE) return XNET_ENOBUFS;
  if ((int)in->state < 0 || in->state >= XNET_SCTP_STATE__MAX)
    return XNET_EINVAL;
  int32_t state = layout->state[in->state];
  if (state == XNET_SCTP_NO_VALUE) return XNET_ENOTSUP;
  int err = paddrinfo_write(layout, &in->primary, buf + STATUS_PRIMARY);
  if (err) return err;
  sctp_wr32(layout, buf, (uint32_t)in->assoc_id);
  sctp_wr32(layout, buf + 4, (uint32_t)state);
  sctp_wr32(layout, buf + 8, in->rwnd);
  sctp_wr16(layout, buf + 12, in->unackdata);
  sctp_wr16(layout, buf + 14, in->penddata);
  sctp_wr16(layout, buf + 16, in->instrms);
  sctp_wr16(layout, buf + 18, in->outstrms);
  sctp_wr32(layout, buf + 20, in->fragmentation_point);
  return 0;
}
