/* sctp_abi.c — translation between xnet's portable SCTP constants and a
 * layout's numbers, and the constants' names. */
#include "xnet/sctp_abi.h"

#include "sctp_abi_int.h"
#include "xnet/error.h"

/* The table of layout l that map selects, and its length. */
static const int32_t *map_table(const xnet_sctp_layout *l, xnet_sctp_map map,
                                int *count) {
  switch (map) {
  case XNET_SCTP_MAP_NOTIFICATION:
    *count = XNET_SCTP_NOTIFICATION__MAX;
    return l->notification;
  case XNET_SCTP_MAP_ASSOC_CHANGE_STATE:
    *count = XNET_SCTP_ASSOC_CHANGE_STATE__MAX;
    return l->assoc_change_state;
  case XNET_SCTP_MAP_PEER_ADDR_STATE:
    *count = XNET_SCTP_PEER_ADDR_STATE__MAX;
    return l->peer_addr_state;
  case XNET_SCTP_MAP_SEND_FAILED_FLAG:
    *count = XNET_SCTP_SEND_FAILED_FLAG__MAX;
    return l->send_failed_flag;
  case XNET_SCTP_MAP_STATE:
    *count = XNET_SCTP_STATE__MAX;
    return l->state;
  case XNET_SCTP_MAP_PADDR_STATE:
    *count = XNET_SCTP_PADDR_STATE__MAX;
    return l->paddr_state;
  case XNET_SCTP_MAP_PR_POLICY:
    *count = XNET_SCTP_PR_POLICY__MAX;
    return l->pr_policy;
  case XNET_SCTP_MAP_CMSG_TYPE:
    *count = XNET_SCTP_CMSG__MAX;
    return l->cmsg_type;
  case XNET_SCTP_MAP_SOCKOPT:
    *count = XNET_SCTP_SOCKOPT__MAX;
    return l->sockopt;
  default:
    *count = 0;
    return NULL;
  }
}

int xnet_sctp_layout_to_native(const xnet_sctp_layout *layout,
                               xnet_sctp_map map, int portable,
                               int32_t *native) {
  if (native) *native = XNET_SCTP_NO_VALUE;
  if (!layout || !native) return XNET_EINVAL;
  int count;
  const int32_t *t = map_table(layout, map, &count);
  if (!t || portable < 0 || portable >= count) return XNET_EINVAL;
  if (t[portable] == XNET_SCTP_NO_VALUE) return XNET_ENOTSUP;
  *native = t[portable];
  return 0;
}

int xnet_sctp_layout_from_native(const xnet_sctp_layout *layout,
                                 xnet_sctp_map map, int32_t native,
                                 int *portable) {
  if (portable) *portable = 0;
  if (!layout || !portable) return XNET_EINVAL;
  int count;
  const int32_t *t = map_table(layout, map, &count);
  if (!t) return XNET_EINVAL;
  int v = sctp_portable(t, count, native);
  if (v < 0) return XNET_EBADTYPE;
  *portable = v;
  return 0;
}

/* Native bits that some portable flag maps to. */
static uint16_t mapped_native_bits(const xnet_sctp_layout *l) {
  uint16_t m = 0;
  for (int i = 0; i < XNET_SCTP_FLAG_BITS; i++) m |= l->flag[i];
  return m;
}

int xnet_sctp_flags_to_native(const xnet_sctp_layout *layout,
                              uint32_t portable, uint16_t *native) {
  if (native) *native = 0;
  if (!layout || !native) return XNET_EINVAL;
  uint16_t out = 0;
  for (int i = 0; i < XNET_SCTP_FLAG_BITS; i++) {
    if (!(portable >> i & 1u)) continue;
    if (!layout->flag[i]) return XNET_ENOTSUP;
    out |= layout->flag[i];
  }
  uint16_t unmapped = (uint16_t)(portable >> XNET_SCTP_FLAGS_UNMAPPED_SHIFT);
  /* A native bit with a portable name must travel under that name, or a
   * parse of the result would not give portable back. */
  if (unmapped & mapped_native_bits(layout)) return XNET_EINVAL;
  *native = (uint16_t)(out | unmapped);
  return 0;
}

uint32_t xnet_sctp_flags_from_native(const xnet_sctp_layout *layout,
                                     uint16_t native) {
  if (!layout) return 0;
  uint32_t out = 0;
  uint16_t rest = native;
  for (int i = 0; i < XNET_SCTP_FLAG_BITS; i++) {
    uint16_t bits = layout->flag[i];
    if (bits && (native & bits) == bits) {
      out |= 1u << i;
      rest = (uint16_t)(rest & ~bits);
    }
  }
  return out | (uint32_t)rest << XNET_SCTP_FLAGS_UNMAPPED_SHIFT;
}

uint32_t xnet_sctp_msg_flags_from_native(const xnet_sctp_layout *layout,
                                         uint32_t native) {
  if (!layout) return 0;
  uint32_t out = 0;
  if (native & layout->msg_notification) out |= XNET_SCTP_MSG_NOTIFICATION;
  if (native & layout->msg_eor) out |= XNET_SCTP_MSG_EOR;
  if (native & layout->msg_ctrunc) out |= XNET_SCTP_MSG_CTRUNC;
  return out;
}

uint32_t xnet_sctp_msg_flags_to_native(const xnet_sctp_layout *layout,
                                       uint32_t portable) {
  if (!layout) return 0;
  uint32_t out = 0;
  if (portable & XNET_SCTP_MSG_NOTIFICATION) out |= layout->msg_notification;
  if (portable & XNET_SCTP_MSG_EOR) out |= layout->msg_eor;
  if (portable & XNET_SCTP_MSG_CTRUNC) out |= layout->msg_ctrunc;
  return out;
}

/* ---- names ---------------------------------------------------------------
 * The Go package defines no String() for these types; the names are its
 * constants' (which are RFC 6458's and the kernel headers'). */

static const char *name_of(const char *const *names, int count, int v) {
  return v >= 0 && v < count ? names[v] : NULL;
}

#define XNET__COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

const char *xnet_sctp_notification_type_name(int type) {
  static const char *const names[] = {
      [XNET_SCTP_ASSOC_CHANGE] = "SCTP_ASSOC_CHANGE",
      [XNET_SCTP_PEER_ADDR_CHANGE] = "SCTP_PEER_ADDR_CHANGE",
      [XNET_SCTP_REMOTE_ERROR] = "SCTP_REMOTE_ERROR",
      [XNET_SCTP_SHUTDOWN_EVENT] = "SCTP_SHUTDOWN_EVENT",
      [XNET_SCTP_PARTIAL_DELIVERY_EVENT] = "SCTP_PARTIAL_DELIVERY_EVENT",
      [XNET_SCTP_ADAPTATION_INDICATION] = "SCTP_ADAPTATION_INDICATION",
      [XNET_SCTP_AUTHENTICATION_EVENT] = "SCTP_AUTHENTICATION_EVENT",
      [XNET_SCTP_SENDER_DRY_EVENT] = "SCTP_SENDER_DRY_EVENT",
      [XNET_SCTP_STREAM_RESET_EVENT] = "SCTP_STREAM_RESET_EVENT",
      [XNET_SCTP_ASSOC_RESET_EVENT] = "SCTP_ASSOC_RESET_EVENT",
      [XNET_SCTP_STREAM_CHANGE_EVENT] = "SCTP_STREAM_CHANGE_EVENT",
      [XNET_SCTP_SEND_FAILED_EVENT] = "SCTP_SEND_FAILED_EVENT",
      [XNET_SCTP_SEND_FAILED] = "SCTP_SEND_FAILED",
      [XNET_SCTP_NOTIFICATIONS_STOPPED_EVENT] =
          "SCTP_NOTIFICATIONS_STOPPED_EVENT",
  };
  return name_of(names, XNET__COUNT(names), type);
}

const char *xnet_sctp_assoc_change_state_name(int state) {
  static const char *const names[] = {
      "SCTP_COMM_UP", "SCTP_COMM_LOST", "SCTP_RESTART", "SCTP_SHUTDOWN_COMP",
      "SCTP_CANT_STR_ASSOC"};
  return name_of(names, XNET__COUNT(names), state);
}

const char *xnet_sctp_peer_addr_state_name(int state) {
  static const char *const names[] = {
      "SCTP_ADDR_AVAILABLE", "SCTP_ADDR_UNREACHABLE", "SCTP_ADDR_REMOVED",
      "SCTP_ADDR_ADDED",     "SCTP_ADDR_MADE_PRIM",   "SCTP_ADDR_CONFIRMED",
      "SCTP_ADDR_POTENTIALLY_FAILED"};
  return name_of(names, XNET__COUNT(names), state);
}

const char *xnet_sctp_send_failed_flag_name(int flag) {
  static const char *const names[] = {"SCTP_DATA_UNSENT", "SCTP_DATA_SENT"};
  return name_of(names, XNET__COUNT(names), flag);
}

const char *xnet_sctp_state_name(int state) {
  static const char *const names[] = {
      "SCTP_EMPTY",           "SCTP_CLOSED",           "SCTP_COOKIE_WAIT",
      "SCTP_COOKIE_ECHOED",   "SCTP_ESTABLISHED",      "SCTP_SHUTDOWN_PENDING",
      "SCTP_SHUTDOWN_SENT",   "SCTP_SHUTDOWN_RECEIVED",
      "SCTP_SHUTDOWN_ACK_SENT", "SCTP_BOUND",          "SCTP_LISTEN"};
  return name_of(names, XNET__COUNT(names), state);
}

const char *xnet_sctp_paddr_state_name(int state) {
  static const char *const names[] = {"SCTP_INACTIVE", "SCTP_PF",
                                      "SCTP_ACTIVE", "SCTP_UNCONFIRMED",
                                      "SCTP_UNKNOWN"};
  return name_of(names, XNET__COUNT(names), state);
}

const char *xnet_sctp_pr_policy_name(int policy) {
  static const char *const names[] = {"SCTP_PR_SCTP_NONE", "SCTP_PR_SCTP_TTL",
                                      "SCTP_PR_SCTP_RTX", "SCTP_PR_SCTP_PRIO"};
  return name_of(names, XNET__COUNT(names), policy);
}

const char *xnet_sctp_cmsg_type_name(int type) {
  static const char *const names[] = {
      "SCTP_INIT",     "SCTP_SNDRCV",    "SCTP_SNDINFO",
      "SCTP_RCVINFO",  "SCTP_NXTINFO",   "SCTP_PRINFO",
      "SCTP_AUTHINFO", "SCTP_DSTADDRV4", "SCTP_DSTADDRV6",
      "SCTP_EXTRCV"};
  return name_of(names, XNET__COUNT(names), type);
}

const char *xnet_sctp_sockopt_name(int opt) {
  static const char *const names[] = {
      [XNET_SCTP_OPT_RTOINFO] = "SCTP_RTOINFO",
      [XNET_SCTP_OPT_ASSOCINFO] = "SCTP_ASSOCINFO",
      [XNET_SCTP_OPT_INITMSG] = "SCTP_INITMSG",
      [XNET_SCTP_OPT_NODELAY] = "SCTP_NODELAY",
      [XNET_SCTP_OPT_AUTOCLOSE] = "SCTP_AUTOCLOSE",
      [XNET_SCTP_OPT_PRIMARY_ADDR] = "SCTP_PRIMARY_ADDR",
      [XNET_SCTP_OPT_ADAPTATION_LAYER] = "SCTP_ADAPTATION_LAYER",
      [XNET_SCTP_OPT_DISABLE_FRAGMENTS] = "SCTP_DISABLE_FRAGMENTS",
      [XNET_SCTP_OPT_PEER_ADDR_PARAMS] = "SCTP_PEER_ADDR_PARAMS",
      [XNET_SCTP_OPT_EVENTS] = "SCTP_EVENTS",
      [XNET_SCTP_OPT_I_WANT_MAPPED_V4_ADDR] = "SCTP_I_WANT_MAPPED_V4_ADDR",
      [XNET_SCTP_OPT_MAXSEG] = "SCTP_MAXSEG",
      [XNET_SCTP_OPT_STATUS] = "SCTP_STATUS",
      [XNET_SCTP_OPT_GET_PEER_ADDR_INFO] = "SCTP_GET_PEER_ADDR_INFO",
      [XNET_SCTP_OPT_DELAYED_SACK] = "SCTP_DELAYED_SACK",
      [XNET_SCTP_OPT_CONTEXT] = "SCTP_CONTEXT",
      [XNET_SCTP_OPT_FRAGMENT_INTERLEAVE] = "SCTP_FRAGMENT_INTERLEAVE",
      [XNET_SCTP_OPT_PARTIAL_DELIVERY_POINT] = "SCTP_PARTIAL_DELIVERY_POINT",
      [XNET_SCTP_OPT_MAX_BURST] = "SCTP_MAX_BURST",
      [XNET_SCTP_OPT_EXPLICIT_EOR] = "SCTP_EXPLICIT_EOR",
      [XNET_SCTP_OPT_REUSE_PORT] = "SCTP_REUSE_PORT",
      [XNET_SCTP_OPT_EVENT] = "SCTP_EVENT",
      [XNET_SCTP_OPT_RECVRCVINFO] = "SCTP_RECVRCVINFO",
      [XNET_SCTP_OPT_RECVNXTINFO] = "SCTP_RECVNXTINFO",
      [XNET_SCTP_OPT_DEFAULT_SNDINFO] = "SCTP_DEFAULT_SNDINFO",
      [XNET_SCTP_OPT_DEFAULT_PRINFO] = "SCTP_DEFAULT_PRINFO",
      [XNET_SCTP_OPT_REMOTE_UDP_ENCAPS_PORT] = "SCTP_REMOTE_UDP_ENCAPS_PORT",
  };
  return name_of(names, XNET__COUNT(names), opt);
}

const char *xnet_sctp_flag_name(uint32_t flag) {
  switch (flag) {
  case XNET_SCTP_UNORDERED:
    return "SCTP_UNORDERED";
  case XNET_SCTP_ADDR_OVER:
    return "SCTP_ADDR_OVER";
  case XNET_SCTP_ABORT:
    return "SCTP_ABORT";
  case XNET_SCTP_SACK_IMMEDIATELY:
    return "SCTP_SACK_IMMEDIATELY";
  case XNET_SCTP_SENDALL:
    return "SCTP_SENDALL";
  case XNET_SCTP_EOF:
    return "SCTP_EOF";
  case XNET_SCTP_EXPLICIT_EOR:
    return "SCTP_EOR";
  case XNET_SCTP_COMPLETE:
    return "SCTP_COMPLETE";
  case XNET_SCTP_NOTIFICATION:
    return "SCTP_NOTIFICATION";
  default:
    return NULL;
  }
}
