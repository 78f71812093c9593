/* sctp_cmsg.c — SCTP ancillary data payloads in a layout's ABI.
 *
 * Offsets (identical in <linux/sctp.h>, <usrsctp.h> and FreeBSD's
 * sctp_uio.h; checked against the Linux header in test_sctp_cmsg.c):
 *   sctp_sndinfo    sid 0, flags 2, ppid 4, context 8, assoc_id 12   (16)
 *   sctp_rcvinfo    sid 0, ssn 2, flags 4, ppid 8, tsn 12, cumtsn 16,
 *                   context 20, assoc_id 24                           (28)
 *   sctp_nxtinfo    sid 0, flags 2, ppid 4, length 8, assoc_id 12     (16)
 *   sctp_prinfo     policy 0, value 4                                 (8)
 *   sctp_sndrcvinfo stream 0, ssn 2, flags 4, ppid 8, context 12,
 *                   timetolive 16, tsn 20, cumtsn 24, assoc_id 28
 *                   (32 on Linux; FreeBSD pads to 128)
 *   sctp_initmsg    num_ostreams 0, max_instreams 2, max_attempts 4,
 *                   max_init_timeo 6                                  (8)
 */
#include "xnet/sctp_cmsg.h"

#include <string.h>

#include "sctp_abi_int.h"
#include "xnet/error.h"

int xnet_sctp_cmsg_info(const xnet_sctp_layout *layout,
                        xnet_sctp_cmsg_type kind, int *level, int *type,
                        size_t *len) {
  if (level) *level = 0;
  if (type) *type = 0;
  if (len) *len = 0;
  if (!layout || (int)kind < 0 || kind >= XNET_SCTP_CMSG__MAX)
    return XNET_EINVAL;
  if (layout->cmsg_type[kind] == XNET_SCTP_NO_VALUE ||
      layout->cmsg_len[kind] == 0)
    return XNET_ENOTSUP;
  if (level) *level = layout->cmsg_level;
  if (type) *type = layout->cmsg_type[kind];
  if (len) *len = layout->cmsg_len[kind];
  return 0;
}

int xnet_sctp_cmsg_kind(const xnet_sctp_layout *layout, int level, int type,
                        xnet_sctp_cmsg_type *kind) {
  if (kind) *kind = (xnet_sctp_cmsg_type)0;
  if (!layout || !kind) return XNET_EINVAL;
  if (level != layout->cmsg_level) return XNET_EBADTYPE;
  int k = sctp_portable(layout->cmsg_type, XNET_SCTP_CMSG__MAX, type);
  if (k < 0) return XNET_EBADTYPE;
  *kind = (xnet_sctp_cmsg_type)k;
  return 0;
}

/* The parse preamble: arguments, the struct's size in this layout, and the
 * exact-length rule. *out (size out_size) is zeroed first. */
static int parse_begin(const xnet_sctp_layout *l, xnet_sctp_cmsg_type kind,
                       const uint8_t *b, size_t n, void *out,
                       size_t out_size) {
  if (out) memset(out, 0, out_size);
  if (!l || !b || !out) return XNET_EINVAL;
  size_t size = l->cmsg_len[kind];
  if (size == 0) return XNET_ENOTSUP;
  if (n < size) return XNET_ESHORT;
  return n > size ? XNET_EBADLEN : 0;
}

/* The marshal preamble, after the input has been validated: reports the
 * size, checks the room and zeroes the padding. */
static int marshal_begin(const xnet_sctp_layout *l, xnet_sctp_cmsg_type kind,
                         uint8_t *buf, size_t cap, size_t *len) {
  size_t size = l->cmsg_len[kind];
  if (size == 0) return XNET_ENOTSUP;
  *len = size;
  if (cap < size) return XNET_ENOBUFS;
  memset(buf, 0, size);
  return 0;
}

static int args_ok(const xnet_sctp_layout *l, const void *in,
                   const uint8_t *buf, size_t cap, size_t *len) {
  if (len) *len = 0;
  return l && in && len && (buf || !cap);
}

int xnet_sctp_sndinfo_parse(const xnet_sctp_layout *layout, const uint8_t *b,
                            size_t n, xnet_sctp_sndinfo *out) {
  int err = parse_begin(layout, XNET_SCTP_CMSG_SNDINFO, b, n, out,
                        sizeof *out);
  if (err) return err;
  out->sid = sctp_rd16(layout, b);
  out->flags = xnet_sctp_flags_from_native(layout, sctp_rd16(layout, b + 2));
  out->ppid = sctp_rd32(layout, b + 4);
  out->context = sctp_rd32(layout, b + 8);
  out->assoc_id = sctp_i32(sctp_rd32(layout, b + 12));
  return 0;
}

int xnet_sctp_sndinfo_marshal(const xnet_sctp_layout *layout,
                              const xnet_sctp_sndinfo *in, uint8_t *buf,
                              size_t cap, size_t *len) {
  if (!args_ok(layout, in, buf, cap, len)) return XNET_EINVAL;
  uint16_t flags;
  int err = xnet_sctp_flags_to_native(layout, in->flags, &flags);
  if (!err) err = marshal_begin(layout, XNET_SCTP_CMSG_SNDINFO, buf, cap, len);
  if (err) return err;
  sctp_wr16(layout, buf, in->sid);
  sctp_wr16(layout, buf + 2, flags);
  sctp_wr32(layout, buf + 4, in->ppid);
  sctp_wr32(layout, buf + 8, in->context);
  sctp_wr32(layout, buf + 12, (uint32_t)in->assoc_id);
  return 0;
}

int xnet_sctp_rcvinfo_parse(const xnet_sctp_layout *layout, const uint8_t *b,
                            size_t n, xnet_sctp_rcvinfo *out) {
  int err = parse_begin(layout, XNET_SCTP_CMSG_RCVINFO, b, n, out,
                        sizeof *out);
  if (err) return err;
  out->sid = sctp_rd16(layout, b);
  out->ssn = sctp_rd16(layout, b + 2);
  out->flags = xnet_sctp_flags_from_native(layout, sctp_rd16(layout, b + 4));
  out->ppid = sctp_rd32(layout, b + 8);
  out->tsn = sctp_rd32(layout, b + 12);
  out->cumtsn = sctp_rd32(layout, b + 16);
  out->context = sctp_rd32(layout, b + 20);
  out->assoc_id = sctp_i32(sctp_rd32(layout, b + 24));
  return 0;
}

int xnet_sctp_rcvinfo_marshal(const xnet_sctp_layout *layout,
                              const xnet_sctp_rcvinfo *in, uint8_t *buf,
                              size_t cap, size_t *len) {
  if (!args_ok(layout, in, buf, cap, len)) return XNET_EINVAL;
  uint16_t flags;
  int err = xnet_sctp_flags_to_native(layout, in->flags, &flags);
  if (!err) err = marshal_begin(layout, XNET_SCTP_CMSG_RCVINFO, buf, cap, len);
  if (err) return err;
  sctp_wr16(layout, buf, in->sid);
  sctp_wr16(layout, buf + 2, in->ssn);
  sctp_wr16(layout, buf + 4, flags);
  sctp_wr32(layout, buf + 8, in->ppid);
  sctp_wr32(layout, buf + 12, in->tsn);
  sctp_wr32(layout, buf + 16, in->cumtsn);
  sctp_wr32(layout, buf + 20, in->context);
  sctp_wr32(layout, buf + 24, (uint32_t)in->assoc_id);
  return 0;
}

int xnet_sctp_nxtinfo_parse(const xnet_sctp_layout *layout, const uint8_t *b,
                            size_t n, xnet_sctp_nxtinfo *out) {
  int err = parse_begin(layout, XNET_SCTP_CMSG_NXTINFO, b, n, out,
                        sizeof *out);
  if (err) return err;
  out->sid = sctp_rd16(layout, b);
  out->flags = xnet_sctp_flags_from_native(layout, sctp_rd16(layout, b + 2));
  out->ppid = sctp_rd32(layout, b + 4);
  out->length = sctp_rd32(layout, b + 8);
  out->assoc_id = sctp_i32(sctp_rd32(layout, b + 12));
  return 0;
}

int xnet_sctp_nxtinfo_marshal(const xnet_sctp_layout *layout,
                              const xnet_sctp_nxtinfo *in, uint8_t *buf,
                              size_t cap, size_t *len) {
  if (!args_ok(layout, in, buf, cap, len)) return XNET_EINVAL;
  uint16_t flags;
  int err = xnet_sctp_flags_to_native(layout, in->flags, &flags);
  if (!err) err = marshal_begin(layout, XNET_SCTP_CMSG_NXTINFO, buf, cap, len);
  if (err) return err;
  sctp_wr16(layout, buf, in->sid);
  sctp_wr16(layout, buf + 2, flags);
  sctp_wr32(layout, buf + 4, in->ppid);
  sctp_wr32(layout, buf + 8, in->length);
  sctp_wr32(layout, buf + 12, (uint32_t)in->assoc_id);
  return 0;
}

/* The native number of a portable PR-SCTP policy, or an error. */
static int pr_to_native(const xnet_sctp_layout *l, xnet_sctp_pr_policy p,
                        int32_t *native) {
  if ((int)p < 0 || p >= XNET_SCTP_PR_POLICY__MAX) return XNET_EINVAL;
  *native = l->pr_policy[p];
  return *native == XNET_SCTP_NO_VALUE ? XNET_ENOTSUP : 0;
}

int xnet_sctp_prinfo_parse(const xnet_sctp_layout *layout, const uint8_t *b,
                           size_t n, xnet_sctp_prinfo *out) {
  int err = parse_begin(layout, XNET_SCTP_CMSG_PRINFO, b, n, out,
                        sizeof *out);
  if (err) return err;
  int policy = sctp_portable(layout->pr_policy, XNET_SCTP_PR_POLICY__MAX,
                             sctp_rd16(layout, b));
  if (policy < 0) return XNET_EBADFORMAT;
  out->policy = (xnet_sctp_pr_policy)policy;
  out->value = sctp_rd32(layout, b + 4);
  return 0;
}

int xnet_sctp_prinfo_marshal(const xnet_sctp_layout *layout,
                             const xnet_sctp_prinfo *in, uint8_t *buf,
                             size_t cap, size_t *len) {
  if (!args_ok(layout, in, buf, cap, len)) return XNET_EINVAL;
  int32_t policy;
  int err = pr_to_native(layout, in->policy, &policy);
  if (!err) err = marshal_begin(layout, XNET_SCTP_CMSG_PRINFO, buf, cap, len);
  if (err) return err;
  sctp_wr16(layout, buf, (uint16_t)policy);
  sctp_wr32(layout, buf + 4, in->value);
  return 0;
}

int xnet_sctp_sndrcvinfo_parse(const xnet_sctp_layout *layout,
                               const uint8_t *b, size_t n,
                               xnet_sctp_sndrcvinfo *out) {
  int err = parse_begin(layout, XNET_SCTP_CMSG_SNDRCV, b, n, out,
                        sizeof *out);
  if (err) return err;
  uint16_t flags = sctp_rd16(layout, b + 4);
  int policy = sctp_portable(layout->pr_policy, XNET_SCTP_PR_POLICY__MAX,
                             flags & layout->sinfo_pr_mask);
  if (policy < 0) {
    memset(out, 0, sizeof *out);
    return XNET_EBADFORMAT;
  }
  out->stream = sctp_rd16(layout, b);
  out->ssn = sctp_rd16(layout, b + 2);
  out->flags = xnet_sctp_flags_from_native(
      layout, (uint16_t)(flags & ~layout->sinfo_pr_mask));
  out->pr_policy = (xnet_sctp_pr_policy)policy;
  out->ppid = sctp_rd32(layout, b + 8);
  out->context = sctp_rd32(layout, b + 12);
  out->timetolive = sctp_rd32(layout, b + 16);
  out->tsn = sctp_rd32(layout, b + 20);
  out->cumtsn = sctp_rd32(layout, b + 24);
  out->assoc_id = sctp_i32(sctp_rd32(layout, b + 28));
  return 0;
}

int xnet_sctp_sndrcvinfo_marshal(const xnet_sctp_layout *layout,
                                 const xnet_sctp_sndrcvinfo *in, uint8_t *buf,
                                 size_t cap, size_t *len) {
  if (!args_ok(layout, in, buf, cap, len)) return XNET_EINVAL;
  uint16_t flags;
  int32_t policy;
  int err = xnet_sctp_flags_to_native(layout, in->flags, &flags);
  if (!err) err = pr_to_native(layout, in->pr_policy, &policy);
  /* The policy owns its bits of sinfo_flags. */
  if (!err && (flags & layout->sinfo_pr_mask)) err = XNET_EINVAL;
  if (!err) err = marshal_begin(layout, XNET_SCTP_CMSG_SNDRCV, buf, cap, len);
  if (err) return err;
  sctp_wr16(layout, buf, in->stream);
  sctp_wr16(layout, buf + 2, in->ssn);
  sctp_wr16(layout, buf + 4, (uint16_t)(flags | (uint16_t)policy));
  sctp_wr32(layout, buf + 8, in->ppid);
  sctp_wr32(layout, buf + 12, in->context);
  sctp_wr32(layout, buf + 16, in->timetolive);
  sctp_wr32(layout, buf + 20, in->tsn);
  sctp_wr32(layout, buf + 24, in->cumtsn);
  sctp_wr32(layout, buf + 28, (uint32_t)in->assoc_id);
  return 0;
}

int xnet_sctp_initmsg_parse(const xnet_sctp_layout *layout, const uint8_t *b,
                            size_t n, xnet_sctp_initmsg *out) {
  int err = parse_begin(layout, XNET_SCTP_CMSG_INIT, b, n, out, sizeof *out);
  if (err) return err;
  out->num_ostreams = sctp_rd16(layout, b);
  out->max_instreams = sctp_rd16(layout, b + 2);
  out->max_attempts = sctp_rd16(layout, b + 4);
  out->max_init_timeo = sctp_rd16(layout, b + 6);
  return 0;
}

int xnet_sctp_initmsg_marshal(const xnet_sctp_layout *layout,
                              const xnet_sctp_initmsg *in, uint8_t *buf,
                              size_t cap, size_t *len) {
  if (!args_ok(layout, in, buf, cap, len)) return XNET_EINVAL;
  int err = marshal_begin(layout, XNET_SCTP_CMSG_INIT, buf, cap, len);
  if (err) return err;
  sctp_wr16(layout, buf, in->num_ostreams);
  sctp_wr16(layout, buf + 2, in->max_instreams);
  sctp_wr16(layout, buf + 4, in->max_attempts);
  sctp_wr16(layout, buf + 6, in->max_init_timeo);
  return 0;
}
