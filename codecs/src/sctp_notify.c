/* sctp_notify.c — parse and marshal SCTP notifications in a layout's ABI.
 *
 * Offsets after the 8-byte header (sn_type 0, sn_flags 2, sn_length 4),
 * the same in <linux/sctp.h>, <usrsctp.h> and FreeBSD's sctp_uio.h except
 * where the layout says otherwise:
 *   sctp_assoc_change      state 8, error 10, outbound 12, inbound 14,
 *                          assoc_id 16, sac_info 20...
 *   sctp_paddr_change      sockaddr_storage 8, state 136, error 140,
 *                          assoc_id 144; size 148 (Linux) or 152
 *   sctp_remote_error      error 8, assoc_id 12, sre_data 16...
 *   sctp_shutdown_event    assoc_id 8                          (12)
 *   sctp_adaptation_event  adaptation_ind 8, assoc_id 12       (16)
 *   sctp_sender_dry_event  assoc_id 8                          (12)
 *   sctp_send_failed_event error 8, sctp_sndinfo 12, assoc_id 28,
 *                          ssf_data 32...
 * Each decoder gets a notification whose sn_length bytes are all present
 * and at least its fixed size, so it reads fixed offsets without further
 * checks. */
#include "xnet/sctp_notify.h"

#include <string.h>

#include "sctp_abi_int.h"
#include "xnet/error.h"

#define ASSOC_CHANGE_SIZE 20
#define REMOTE_ERROR_SIZE 16
#define SHUTDOWN_EVENT_SIZE 12
#define ADAPTATION_EVENT_SIZE 16
#define SENDER_DRY_EVENT_SIZE 12
#define SEND_FAILED_EVENT_SIZE 32
#define PADDR_STATE 136

/* The fixed size of a decoded type in layout l, or 0 for types that are
 * recognised but not decoded. */
static size_t fixed_size(const xnet_sctp_layout *l,
                         xnet_sctp_notification_type type) {
  switch (type) {
  case XNET_SCTP_ASSOC_CHANGE:
    return ASSOC_CHANGE_SIZE;
  case XNET_SCTP_PEER_ADDR_CHANGE:
    return l->paddr_change_size;
  case XNET_SCTP_REMOTE_ERROR:
    return REMOTE_ERROR_SIZE;
  case XNET_SCTP_SHUTDOWN_EVENT:
    return SHUTDOWN_EVENT_SIZE;
  case XNET_SCTP_ADAPTATION_INDICATION:
    return ADAPTATION_EVENT_SIZE;
  case XNET_SCTP_SENDER_DRY_EVENT:
    return SENDER_DRY_EVENT_SIZE;
  case XNET_SCTP_SEND_FAILED_EVENT:
    return SEND_FAILED_EVENT_SIZE;
  default:
    return 0;
  }
}

/* A view of b[off..n), or none when it is empty. */
static void tail_view(const uint8_t *b, size_t off, size_t n,
                      const uint8_t **view, size_t *view_len) {
  *view_len = n - off;
  *view = *view_len ? b + off : NULL;
}

/* Decodes the body of type into out->u; b holds the notification's n =
 * sn_length bytes, n >= fixed_size(type). */
static int parse_body(const xnet_sctp_layout *l, const uint8_t *b, size_t n,
                      xnet_sctp_notification *out) {
  int v;
  switch (out->type) {
  case XNET_SCTP_ASSOC_CHANGE: {
    xnet_sctp_assoc_change *ac = &out->u.assoc_change;
    v = sctp_portable(l->assoc_change_state,
                      XNET_SCTP_ASSOC_CHANGE_STATE__MAX, sctp_rd16(l, b + 8));
    if (v < 0) return XNET_EBADFORMAT;
    ac->state = (xnet_sctp_assoc_change_state)v;
    ac->error = sctp_rd_cause(l, b + 10);
    ac->outbound_streams = sctp_rd16(l, b + 12);
    ac->inbound_streams = sctp_rd16(l, b + 14);
    ac->assoc_id = sctp_i32(sctp_rd32(l, b + 16));
    tail_view(b, ASSOC_CHANGE_SIZE, n, &ac->info, &ac->info_len);
    return 0;
  }
  case XNET_SCTP_PEER_ADDR_CHANGE: {
    xnet_sctp_peer_addr_change *pc = &out->u.peer_addr_change;
    int err = xnet_sctp_sockaddr_parse(l, b + XNET_SCTP_NOTIFICATION_HEADER_SIZE,
                                       XNET_SCTP_SOCKADDR_STORAGE_SIZE,
                                       &pc->addr);
    if (err) return err;
    /* A zero family is "no address": meaningless for an address event, and
     * what a sockaddr of the other flavour can look like. */
    if (pc->addr.family == XNET_SCTP_AF_UNSPEC) return XNET_EAFNOSUPPORT;
    v = sctp_portable(l->peer_addr_state, XNET_SCTP_PEER_ADDR_STATE__MAX,
                      sctp_i32(sctp_rd32(l, b + PADDR_STATE)));
    if (v < 0) return XNET_EBADFORMAT;
    pc->state = (xnet_sctp_peer_addr_state)v;
    pc->error = sctp_rd32(l, b + PADDR_STATE + 4);
    pc->assoc_id = sctp_i32(sctp_rd32(l, b + PADDR_STATE + 8));
    return 0;
  }
  case XNET_SCTP_REMOTE_ERROR: {
    xnet_sctp_remote_error *re = &out->u.remote_error;
    re->error = sctp_rd_cause(l, b + 8);
    re->assoc_id = sctp_i32(sctp_rd32(l, b + 12));
    tail_view(b, REMOTE_ERROR_SIZE, n, &re->data, &re->data_len);
    return 0;
  }
  case XNET_SCTP_SHUTDOWN_EVENT:
    out->u.shutdown_event.assoc_id = sctp_i32(sctp_rd32(l, b + 8));
    return 0;
  case XNET_SCTP_ADAPTATION_INDICATION:
    out->u.adaptation_event.adaptation_ind = sctp_rd32(l, b + 8);
    out->u.adaptation_event.assoc_id = sctp_i32(sctp_rd32(l, b + 12));
    return 0;
  case XNET_SCTP_SENDER_DRY_EVENT:
    out->u.sender_dry_event.assoc_id = sctp_i32(sctp_rd32(l, b + 8));
    return 0;
  case XNET_SCTP_SEND_FAILED_EVENT: {
    xnet_sctp_send_failed_event *sf = &out->u.send_failed_event;
    v = sctp_portable(l->send_failed_flag, XNET_SCTP_SEND_FAILED_FLAG__MAX,
                      out->flags);
    if (v < 0) return XNET_EBADFORMAT;
    sf->flags = (xnet_sctp_send_failed_flag)v;
    sf->error = sctp_cause32(l, sctp_rd32(l, b + 8));
    sf->info.sid = sctp_rd16(l, b + 12);
    sf->info.flags = sctp_rd16(l, b + 14);
    sf->info.ppid = sctp_rd32(l, b + 16);
    sf->info.context = sctp_rd32(l, b + 20);
    sf->info.assoc_id = sctp_i32(sctp_rd32(l, b + 24));
    sf->assoc_id = sctp_i32(sctp_rd32(l, b + 28));
    tail_view(b, SEND_FAILED_EVENT_SIZE, n, &sf->data, &sf->data_len);
    return 0;
  }
  default:
    return XNET_ENOTDECODED;
  }
}

int xnet_sctp_notification_parse(const xnet_sctp_layout *layout,
                                 const uint8_t *b, size_t n,
                                 xnet_sctp_notification *out) {
  if (out) memset(out, 0, sizeof *out);
  if (!layout || !b || !out) return XNET_EINVAL;
  if (n < XNET_SCTP_NOTIFICATION_HEADER_SIZE) return XNET_ESHORT;
  uint32_t length = sctp_rd32(layout, b + 4);
  if (length < XNET_SCTP_NOTIFICATION_HEADER_SIZE) return XNET_EBADLEN;
  if (length > n) return XNET_ETRUNCATED;
  out->native_type = sctp_rd16(layout, b);
  out->flags = sctp_rd16(layout, b + 2);
  out->length = length;
  out->raw = b;
  int type = sctp_portable(layout->notification, XNET_SCTP_NOTIFICATION__MAX,
                           out->native_type);
  /* The header stays filled for these two, so a reader can skip what it
   * cannot use. */
  if (type < 0) return XNET_EBADTYPE;
  out->type = (xnet_sctp_notification_type)type;
  size_t fixed = fixed_size(layout, out->type);
  if (fixed == 0) return XNET_ENOTDECODED;
  int err = length < fixed ? XNET_EBADLEN : parse_body(layout, b, length, out);
  if (err) memset(out, 0, sizeof *out);
  return err;
}

/* ---- marshal ------------------------------------------------------------ */

/* Checks that a portable enum value is in range and has a native number in
 * table; stores it in *native. */
static int to_native(const int32_t *table, int count, int value,
                     int32_t *native) {
  if (value < 0 || value >= count) return XNET_EINVAL;
  *native = table[value];
  return *native == XNET_SCTP_NO_VALUE ? XNET_ENOTSUP : 0;
}

/* The variable-length view a decoded type carries (none for the others). */
static void body_view(const xnet_sctp_notification *n, const uint8_t **view,
                      size_t *view_len) {
  *view = NULL;
  *view_len = 0;
  switch (n->type) {
  case XNET_SCTP_ASSOC_CHANGE:
    *view = n->u.assoc_change.info;
    *view_len = n->u.assoc_change.info_len;
    break;
  case XNET_SCTP_REMOTE_ERROR:
    *view = n->u.remote_error.data;
    *view_len = n->u.remote_error.data_len;
    break;
  case XNET_SCTP_SEND_FAILED_EVENT:
    *view = n->u.send_failed_event.data;
    *view_len = n->u.send_failed_event.data_len;
    break;
  default:
    break;
  }
}

/* Everything a marshal needs that can fail, checked before any byte is
 * written: the native type, sn_flags and enum values, and the size. */
typedef struct plan {
  size_t fixed;
  size_t size;
  uint16_t native_type;
  uint16_t flags;
  int32_t state; /* assoc/peer-addr state, native */
} plan;

static int make_plan(const xnet_sctp_layout *l, const xnet_sctp_notification *n,
                     plan *p) {
  int32_t native;
  int err = to_native(l->notification, XNET_SCTP_NOTIFICATION__MAX,
                      (int)n->type, &native);
  if (err) return err;
  p->native_type = (uint16_t)native;
  p->flags = n->flags;
  p->state = 0;
  p->fixed = fixed_size(l, n->type);
  if (p->fixed == 0) return XNET_ENOTSUP; /* recognised, not decoded */
  switch (n->type) {
  case XNET_SCTP_ASSOC_CHANGE:
    err = to_native(l->assoc_change_state, XNET_SCTP_ASSOC_CHANGE_STATE__MAX,
                    (int)n->u.assoc_change.state, &p->state);
    break;
  case XNET_SCTP_PEER_ADDR_CHANGE: {
    xnet_sctp_addr_family f = n->u.peer_addr_change.addr.family;
    if (f != XNET_SCTP_AF_INET && f != XNET_SCTP_AF_INET6) return XNET_EINVAL;
    err = to_native(l->peer_addr_state, XNET_SCTP_PEER_ADDR_STATE__MAX,
                    (int)n->u.peer_addr_change.state, &p->state);
    break;
  }
  case XNET_SCTP_SEND_FAILED_EVENT:
    /* snd_flags is 16 bits on the wire (the DATA chunk's B/E bits). */
    if (n->u.send_failed_event.info.flags > 0xffff) return XNET_EINVAL;
    err = to_native(l->send_failed_flag, XNET_SCTP_SEND_FAILED_FLAG__MAX,
                    (int)n->u.send_failed_event.flags, &native);
    p->flags = (uint16_t)native;
    break;
  default:
    break;
  }
  if (err) return err;
  const uint8_t *view;
  size_t view_len;
  body_view(n, &view, &view_len);
  if (view_len && !view) return XNET_EINVAL;
  if (view_len > UINT32_MAX - p->fixed) return XNET_EINVAL;
  p->size = p->fixed + view_len;
  return 0;
}

static void write_body(const xnet_sctp_layout *l,
                       const xnet_sctp_notification *n, const plan *p,
                       uint8_t *b) {
  switch (n->type) {
  case XNET_SCTP_ASSOC_CHANGE: {
    const xnet_sctp_assoc_change *ac = &n->u.assoc_change;
    sctp_wr16(l, b + 8, (uint16_t)p->state);
    sctp_wr_cause(l, b + 10, ac->error);
    sctp_wr16(l, b + 12, ac->outbound_streams);
    sctp_wr16(l, b + 14, ac->inbound_streams);
    sctp_wr32(l, b + 16, (uint32_t)ac->assoc_id);
    break;
  }
  case XNET_SCTP_PEER_ADDR_CHANGE: {
    const xnet_sctp_peer_addr_change *pc = &n->u.peer_addr_change;
    /* The family was checked in make_plan, so this cannot fail. */
    (void)xnet__sctp_sockaddr_slot_marshal(
        l, &pc->addr, b + XNET_SCTP_NOTIFICATION_HEADER_SIZE,
        XNET_SCTP_SOCKADDR_STORAGE_SIZE);
    sctp_wr32(l, b + PADDR_STATE, (uint32_t)p->state);
    sctp_wr32(l, b + PADDR_STATE + 4, pc->error);
    sctp_wr32(l, b + PADDR_STATE + 8, (uint32_t)pc->assoc_id);
    break;
  }
  case XNET_SCTP_REMOTE_ERROR:
    sctp_wr_cause(l, b + 8, n->u.remote_error.error);
    sctp_wr32(l, b + 12, (uint32_t)n->u.remote_error.assoc_id);
    break;
  case XNET_SCTP_SHUTDOWN_EVENT:
    sctp_wr32(l, b + 8, (uint32_t)n->u.shutdown_event.assoc_id);
    break;
  case XNET_SCTP_ADAPTATION_INDICATION:
    sctp_wr32(l, b + 8, n->u.adaptation_event.adaptation_ind);
    sctp_wr32(l, b + 12, (uint32_t)n->u.adaptation_event.assoc_id);
    break;
  case XNET_SCTP_SENDER_DRY_EVENT:
    sctp_wr32(l, b + 8, (uint32_t)n->u.sender_dry_event.assoc_id);
    break;
  case XNET_SCTP_SEND_FAILED_EVENT: {
    const xnet_sctp_send_failed_event *sf = &n->u.send_failed_event;
    sctp_wr32(l, b + 8, sctp_cause32(l, sf->error));
    sctp_wr16(l, b + 12, sf->info.sid);
    sctp_wr16(l, b + 14, (uint16_t)sf->info.flags);
    sctp_wr32(l, b + 16, sf->info.ppid);
    sctp_wr32(l, b + 20, sf->info.context);
    sctp_wr32(l, b + 24, (uint32_t)sf->info.assoc_id);
    sctp_wr32(l, b + 28, (uint32_t)sf->assoc_id);
    break;
  }
  default:
    break;
  }
}

size_t xnet_sctp_notification_size(const xnet_sctp_layout *layout,
                                   const xnet_sctp_notification *n) {
  plan p;
  if (!layout || !n || make_plan(layout, n, &p)) return 0;
  return p.size;
}

int xnet_sctp_notification_marshal(const xnet_sctp_layout *layout,
                                   const xnet_sctp_notification *n,
                                   uint8_t *buf, size_t cap, size_t *len) {
  if (len) *len = 0;
  if (!layout || !n || !len || (!buf && cap)) return XNET_EINVAL;
  plan p;
  int err = make_plan(layout, n, &p);
  if (err) return err;
  *len = p.size;
  if (cap < p.size) return XNET_ENOBUFS;
  memset(buf, 0, p.fixed);
  sctp_wr16(layout, buf, p.native_type);
  sctp_wr16(layout, buf + 2, p.flags);
  sctp_wr32(layout, buf + 4, (uint32_t)p.size);
  write_body(layout, n, &p, buf);
  const uint8_t *view;
  size_t view_len;
  body_view(n, &view, &view_len);
  if (view_len) memcpy(buf + p.fixed, view, view_len);
  return 0;
}

/* ---- equality ----------------------------------------------------------- */

static int same_bytes(const uint8_t *a, size_t an, const uint8_t *b,
                      size_t bn) {
  return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

static int same_addr(const xnet_sctp_addr *a, const xnet_sctp_addr *b) {
  return a->family == b->family && a->port == b->port &&
         memcmp(a->ip, b->ip, sizeof a->ip) == 0 &&
         a->flowinfo == b->flowinfo && a->scope_id == b->scope_id;
}

static int same_sndinfo(const xnet_sctp_sndinfo *a,
                        const xnet_sctp_sndinfo *b) {
  return a->sid == b->sid && a->flags == b->flags && a->ppid == b->ppid &&
         a->context == b->context && a->assoc_id == b->assoc_id;
}

int xnet_sctp_notification_equal(const xnet_sctp_notification *a,
                                 const xnet_sctp_notification *b) {
  if (!a || !b) return a == b;
  if (a->type != b->type) return 0;
  if (a->type != XNET_SCTP_SEND_FAILED_EVENT && a->flags != b->flags)
    return 0;
  switch (a->type) {
  case XNET_SCTP_ASSOC_CHANGE: {
    const xnet_sctp_assoc_change *x = &a->u.assoc_change,
                                 *y = &b->u.assoc_change;
    return x->state == y->state && x->error == y->error &&
           x->outbound_streams == y->outbound_streams &&
           x->inbound_streams == y->inbound_streams &&
           x->assoc_id == y->assoc_id &&
           same_bytes(x->info, x->info_len, y->info, y->info_len);
  }
  case XNET_SCTP_PEER_ADDR_CHANGE: {
    const xnet_sctp_peer_addr_change *x = &a->u.peer_addr_change,
                                     *y = &b->u.peer_addr_change;
    return same_addr(&x->addr, &y->addr) && x->state == y->state &&
           x->error == y->error && x->assoc_id == y->assoc_id;
  }
  case XNET_SCTP_REMOTE_ERROR: {
    const xnet_sctp_remote_error *x = &a->u.remote_error,
                                 *y = &b->u.remote_error;
    return x->error == y->error && x->assoc_id == y->assoc_id &&
           same_bytes(x->data, x->data_len, y->data, y->data_len);
  }
  case XNET_SCTP_SHUTDOWN_EVENT:
    return a->u.shutdown_event.assoc_id == b->u.shutdown_event.assoc_id;
  case XNET_SCTP_ADAPTATION_INDICATION:
    return a->u.adaptation_event.adaptation_ind ==
               b->u.adaptation_event.adaptation_ind &&
           a->u.adaptation_event.assoc_id == b->u.adaptation_event.assoc_id;
  case XNET_SCTP_SENDER_DRY_EVENT:
    return a->u.sender_dry_event.assoc_id == b->u.sender_dry_event.assoc_id;
  case XNET_SCTP_SEND_FAILED_EVENT: {
    const xnet_sctp_send_failed_event *x = &a->u.send_failed_event,
                                      *y = &b->u.send_failed_event;
    return x->flags == y->flags && x->error == y->error &&
           same_sndinfo(&x->info, &y->info) && x->assoc_id == y->assoc_id &&
           same_bytes(x->data, x->data_len, y->data, y->data_len);
  }
  default:
    /* No decoded body: the bytes are all there is. */
    return same_bytes(a->raw, a->raw ? a->length : 0, b->raw,
                      b->raw ? b->length : 0);
  }
}
