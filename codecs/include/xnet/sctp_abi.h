/* xnet/sctp_abi.h — SCTP constants as portable enums, and the per-stack
 * layouts that map them to each kernel's (or usrsctp's) numbers and bytes.
 *
 * The SCTP socket API (RFC 6458) is one specification with several
 * incompatible ABIs: Linux numbers its notifications from 0x8001, usrsctp
 * and FreeBSD from 1 with three pairs swapped; nearly every state and flag
 * differs; sctp_paddrinfo orders its fields differently; and the sockaddrs
 * inside the structures follow the host (BSD sin_len and AF_INET6 = 28 or
 * 30, Linux without sin_len and AF_INET6 = 10). xnet owns its own constants
 * and maps each stack's to them through an xnet_sctp_layout: a constant
 * table of numbers, sizes and offsets. Every codec that reads or writes
 * such bytes takes the layout explicitly, so every layout is testable on
 * every host; adding a stack adds a table, not code.
 *
 * Portable values follow the Go package (github.com/ishidawataru/sctp)
 * wherever it gives one, which is Linux's numbering; the others are xnet's.
 *
 * Thread-safety: every function here is reentrant; layouts are immutable
 * constants and returned strings are static.
 */
#ifndef XNET_SCTP_ABI_H
#define XNET_SCTP_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Notification types (RFC 6458 section 6.1), in the Go reference's order.
 * Zero is not a type: a parse that meets an unknown sn_type reports 0. */
typedef enum xnet_sctp_notification_type {
  XNET_SCTP_ASSOC_CHANGE = 1,
  XNET_SCTP_PEER_ADDR_CHANGE,
  XNET_SCTP_REMOTE_ERROR,
  XNET_SCTP_SHUTDOWN_EVENT,
  XNET_SCTP_PARTIAL_DELIVERY_EVENT,
  XNET_SCTP_ADAPTATION_INDICATION,
  XNET_SCTP_AUTHENTICATION_EVENT,
  XNET_SCTP_SENDER_DRY_EVENT,
  XNET_SCTP_STREAM_RESET_EVENT,
  XNET_SCTP_ASSOC_RESET_EVENT,
  XNET_SCTP_STREAM_CHANGE_EVENT,
  XNET_SCTP_SEND_FAILED_EVENT,
  /* The deprecated SCTP_SEND_FAILED (with a sctp_sndrcvinfo). */
  XNET_SCTP_SEND_FAILED,
  /* usrsctp and FreeBSD only; they document that they never send it. */
  XNET_SCTP_NOTIFICATIONS_STOPPED_EVENT,
  XNET_SCTP_NOTIFICATION__MAX
} xnet_sctp_notification_type;

/* sac_state of SCTP_ASSOC_CHANGE (Go: "SCTP_ASSOC_CHANGE state"). */
typedef enum xnet_sctp_assoc_change_state {
  XNET_SCTP_COMM_UP = 0,
  XNET_SCTP_COMM_LOST = 1,
  XNET_SCTP_RESTART = 2,
  XNET_SCTP_SHUTDOWN_COMP = 3,
  XNET_SCTP_CANT_STR_ASSOC = 4,
  XNET_SCTP_ASSOC_CHANGE_STATE__MAX
} xnet_sctp_assoc_change_state;

/* spc_state of SCTP_PEER_ADDR_CHANGE (Go: "SCTP_PEER_ADDR_CHANGE state").
 * POTENTIALLY_FAILED exists on Linux only. */
typedef enum xnet_sctp_peer_addr_state {
  XNET_SCTP_ADDR_AVAILABLE = 0,
  XNET_SCTP_ADDR_UNREACHABLE = 1,
  XNET_SCTP_ADDR_REMOVED = 2,
  XNET_SCTP_ADDR_ADDED = 3,
  XNET_SCTP_ADDR_MADE_PRIM = 4,
  XNET_SCTP_ADDR_CONFIRMED = 5,
  XNET_SCTP_ADDR_POTENTIALLY_FAILED = 6,
  XNET_SCTP_PEER_ADDR_STATE__MAX
} xnet_sctp_peer_addr_state;

/* sn_flags of SCTP_SEND_FAILED_EVENT (Go: "SendFailedEvent flags"). */
typedef enum xnet_sctp_send_failed_flag {
  XNET_SCTP_DATA_UNSENT = 0,
  XNET_SCTP_DATA_SENT = 1,
  XNET_SCTP_SEND_FAILED_FLAG__MAX
} xnet_sctp_send_failed_flag;

/* snd_flags of the sndinfo inside SCTP_SEND_FAILED_EVENT (Go: "SfeSndInfo
 * flags"). Both stacks store the failed DATA chunk's B/E bits there, so the
 * values are the same in every layout and are not mapped. */
#define XNET_SCTP_DATA_LAST_FRAG 0x0001
#define XNET_SCTP_DATA_NOT_FRAG 0x0003

/* sstat_state of SCTP_STATUS (Go: "Status state values"). BOUND and LISTEN
 * exist in usrsctp/FreeBSD only, EMPTY on Linux only. */
typedef enum xnet_sctp_state {
  XNET_SCTP_EMPTY = 0,
  XNET_SCTP_CLOSED = 1,
  XNET_SCTP_COOKIE_WAIT = 2,
  XNET_SCTP_COOKIE_ECHOED = 3,
  XNET_SCTP_ESTABLISHED = 4,
  XNET_SCTP_SHUTDOWN_PENDING = 5,
  XNET_SCTP_SHUTDOWN_SENT = 6,
  XNET_SCTP_SHUTDOWN_RECEIVED = 7,
  XNET_SCTP_SHUTDOWN_ACK_SENT = 8,
  XNET_SCTP_BOUND = 9,
  XNET_SCTP_LISTEN = 10,
  XNET_SCTP_STATE__MAX
} xnet_sctp_state;

/* spinfo_state of sctp_paddrinfo (Go: "PeerAddrInfo state values"). PF and
 * UNKNOWN (Linux's 0xffff) exist on Linux only. */
typedef enum xnet_sctp_paddr_state {
  XNET_SCTP_INACTIVE = 0,
  XNET_SCTP_PF = 1,
  XNET_SCTP_ACTIVE = 2,
  XNET_SCTP_UNCONFIRMED = 3,
  XNET_SCTP_UNKNOWN = 4,
  XNET_SCTP_PADDR_STATE__MAX
} xnet_sctp_paddr_state;

/* PR-SCTP policies (RFC 6458 section 5.3.7; RFC 7496 for PRIO, which
 * usrsctp/FreeBSD call BUF). */
typedef enum xnet_sctp_pr_policy {
  XNET_SCTP_PR_SCTP_NONE = 0,
  XNET_SCTP_PR_SCTP_TTL = 1,
  XNET_SCTP_PR_SCTP_RTX = 2,
  XNET_SCTP_PR_SCTP_PRIO = 3,
  XNET_SCTP_PR_POLICY__MAX
} xnet_sctp_pr_policy;

/* Message flags of snd_flags, rcv_flags, nxt_flags and sinfo_flags (Go:
 * "SndInfo flags"). Bits 0..15 are these portable names, with Linux's values;
 * bits 16..31 of a portable flags word hold native bits the layout does not
 * name (native bit b becomes 1 << (16 + b)), so a parse followed by a
 * marshal reproduces them. */
#define XNET_SCTP_UNORDERED 0x0001u
#define XNET_SCTP_ADDR_OVER 0x0002u
#define XNET_SCTP_ABORT 0x0004u
#define XNET_SCTP_SACK_IMMEDIATELY 0x0008u
#define XNET_SCTP_SENDALL 0x0040u
#define XNET_SCTP_EOF 0x0200u
/* usrsctp/FreeBSD SCTP_EOR: ends a message in explicit-EOR mode. */
#define XNET_SCTP_EXPLICIT_EOR 0x1000u
/* usrsctp/FreeBSD SCTP_COMPLETE (nxt_flags): the next message is whole. */
#define XNET_SCTP_COMPLETE 0x2000u
/* nxt_flags: the next message is a notification. */
#define XNET_SCTP_NOTIFICATION 0x8000u
#define XNET_SCTP_FLAGS_UNMAPPED_SHIFT 16

/* msghdr.msg_flags bits an SCTP reader needs (Go: "flags set upon calling
 * ReadMsg in recvFlags": SCTP_NOTIFICATION, SCTP_EOR, SCTP_CTRUNC). */
#define XNET_SCTP_MSG_NOTIFICATION 0x8000u
#define XNET_SCTP_MSG_EOR 0x0080u
#define XNET_SCTP_MSG_CTRUNC 0x0008u

/* Ancillary data (cmsg) kinds at level IPPROTO_SCTP (RFC 6458 section 5.3). */
typedef enum xnet_sctp_cmsg_type {
  XNET_SCTP_CMSG_INIT = 0,
  XNET_SCTP_CMSG_SNDRCV,
  XNET_SCTP_CMSG_SNDINFO,
  XNET_SCTP_CMSG_RCVINFO,
  XNET_SCTP_CMSG_NXTINFO,
  XNET_SCTP_CMSG_PRINFO,
  XNET_SCTP_CMSG_AUTHINFO,
  XNET_SCTP_CMSG_DSTADDRV4,
  XNET_SCTP_CMSG_DSTADDRV6,
  XNET_SCTP_CMSG_EXTRCV, /* FreeBSD only */
  XNET_SCTP_CMSG__MAX
} xnet_sctp_cmsg_type;

/* Socket options at the layout's SCTP level. */
typedef enum xnet_sctp_sockopt {
  XNET_SCTP_OPT_RTOINFO = 0,
  XNET_SCTP_OPT_ASSOCINFO,
  XNET_SCTP_OPT_INITMSG,
  XNET_SCTP_OPT_NODELAY,
  XNET_SCTP_OPT_AUTOCLOSE,
  XNET_SCTP_OPT_PRIMARY_ADDR,
  XNET_SCTP_OPT_ADAPTATION_LAYER,
  XNET_SCTP_OPT_DISABLE_FRAGMENTS,
  XNET_SCTP_OPT_PEER_ADDR_PARAMS,
  XNET_SCTP_OPT_EVENTS, /* deprecated sctp_event_subscribe; Linux only */
  XNET_SCTP_OPT_I_WANT_MAPPED_V4_ADDR,
  XNET_SCTP_OPT_MAXSEG,
  XNET_SCTP_OPT_STATUS,
  XNET_SCTP_OPT_GET_PEER_ADDR_INFO,
  XNET_SCTP_OPT_DELAYED_SACK,
  XNET_SCTP_OPT_CONTEXT,
  XNET_SCTP_OPT_FRAGMENT_INTERLEAVE,
  XNET_SCTP_OPT_PARTIAL_DELIVERY_POINT,
  XNET_SCTP_OPT_MAX_BURST,
  XNET_SCTP_OPT_EXPLICIT_EOR, /* usrsctp/FreeBSD only */
  XNET_SCTP_OPT_REUSE_PORT,
  XNET_SCTP_OPT_EVENT,
  XNET_SCTP_OPT_RECVRCVINFO,
  XNET_SCTP_OPT_RECVNXTINFO,
  XNET_SCTP_OPT_DEFAULT_SNDINFO,
  XNET_SCTP_OPT_DEFAULT_PRINFO,
  XNET_SCTP_OPT_REMOTE_UDP_ENCAPS_PORT,
  XNET_SCTP_SOCKOPT__MAX
} xnet_sctp_sockopt;

/* The tables below that map a portable enum to a native number use this
 * for "the layout has no such value" (0 is a real value in several). */
#define XNET_SCTP_NO_VALUE (-1)

/* Number of portable message-flag bits with a name (bits 0..15). */
#define XNET_SCTP_FLAG_BITS 16

/* One SCTP ABI. Every number, size and offset in which the stacks differ;
 * the structure fields they agree on are at the same offsets in every
 * layout (the codecs' source comments list them; tests/codecs check the
 * Linux values against the installed headers, the others come from the
 * usrsctp and FreeBSD headers cited in sctp_layout_bsd.c). */
typedef struct xnet_sctp_layout {
  /* "linux", "usrsctp", "usrsctp_darwin", "freebsd". */
  const char *name;
  /* 1: the stack's host-order fields are little-endian (every supported
   * target: amd64, arm64). Output never depends on the build host. */
  uint8_t little_endian;
  /* sockaddr flavour: 1 = BSD (sa_len byte at 0, family byte at 1), 0 =
   * Linux (16-bit host-order family at 0). Follows the host that runs the
   * stack: usrsctp on Linux uses Linux sockaddrs. */
  uint8_t sa_len;
  uint16_t af_inet;
  uint16_t af_inet6;
  /* 1: sac_error, sre_error and the low 16 bits of ssf_error hold the SCTP
   * cause code in network byte order (Linux: sre_error is __be16, and the
   * kernel passes __be16 causes into the others); 0: host order. */
  uint8_t cause_network_order;
  /* sizeof(struct sctp_paddr_change): Linux packs it (148), usrsctp and
   * FreeBSD align it to 8 (152). */
  uint16_t paddr_change_size;
  /* Field offsets in sctp_paddrinfo, whose first two fields are swapped
   * between Linux (assoc_id 0, address 4) and usrsctp/FreeBSD (address 0,
   * assoc_id 128). */
  uint16_t paddrinfo_assoc_id_offset;
  uint16_t paddrinfo_address_offset;
  /* Level of SCTP socket options and control messages (132 everywhere). */
  int32_t sockopt_level;
  int32_t cmsg_level;
  /* sctp_bindx() flags. */
  int32_t bindx_add;
  int32_t bindx_rem;
  /* msghdr.msg_flags bits for XNET_SCTP_MSG_NOTIFICATION, _EOR, _CTRUNC. */
  uint32_t msg_notification;
  uint32_t msg_eor;
  uint32_t msg_ctrunc;
  /* Bits of sctp_sndrcvinfo.sinfo_flags that carry the PR-SCTP policy. */
  uint16_t sinfo_pr_mask;
  /* Native bit(s) for portable flag bit i (0: none). */
  uint16_t flag[XNET_SCTP_FLAG_BITS];
  /* Native numbers, XNET_SCTP_NO_VALUE where the stack has none. */
  int32_t notification[XNET_SCTP_NOTIFICATION__MAX];
  int32_t assoc_change_state[XNET_SCTP_ASSOC_CHANGE_STATE__MAX];
  int32_t peer_addr_state[XNET_SCTP_PEER_ADDR_STATE__MAX];
  int32_t send_failed_flag[XNET_SCTP_SEND_FAILED_FLAG__MAX];
  int32_t state[XNET_SCTP_STATE__MAX];
  int32_t paddr_state[XNET_SCTP_PADDR_STATE__MAX];
  int32_t pr_policy[XNET_SCTP_PR_POLICY__MAX];
  int32_t cmsg_type[XNET_SCTP_CMSG__MAX];
  /* Payload size of each cmsg kind (0 where unsupported). */
  uint16_t cmsg_len[XNET_SCTP_CMSG__MAX];
  int32_t sockopt[XNET_SCTP_SOCKOPT__MAX];
} xnet_sctp_layout;

/* Linux kernel SCTP through <netinet/sctp.h> (lksctp-tools 1.0.19, kernel
 * uapi <linux/sctp.h>), x86-64/arm64. */
XNET_API extern const xnet_sctp_layout xnet_sctp_layout_linux;
/* usrsctp 0.9.5 (<usrsctp.h>) built for Linux: usrsctp structures and
 * numbers, Linux sockaddrs (no sin_len, AF_INET6 = 10). */
XNET_API extern const xnet_sctp_layout xnet_sctp_layout_usrsctp;
/* usrsctp built for macOS: BSD sockaddrs with AF_INET6 = 30. */
XNET_API extern const xnet_sctp_layout xnet_sctp_layout_usrsctp_darwin;
/* FreeBSD kernel SCTP (sys/netinet/sctp_uio.h, usrsctp's origin): BSD
 * sockaddrs with AF_INET6 = 28, and the 128-byte sctp_sndrcvinfo. */
XNET_API extern const xnet_sctp_layout xnet_sctp_layout_freebsd;

/* The tables xnet_sctp_layout_to_native/_from_native translate. */
typedef enum xnet_sctp_map {
  XNET_SCTP_MAP_NOTIFICATION = 0,
  XNET_SCTP_MAP_ASSOC_CHANGE_STATE,
  XNET_SCTP_MAP_PEER_ADDR_STATE,
  XNET_SCTP_MAP_SEND_FAILED_FLAG,
  XNET_SCTP_MAP_STATE,
  XNET_SCTP_MAP_PADDR_STATE,
  XNET_SCTP_MAP_PR_POLICY,
  XNET_SCTP_MAP_CMSG_TYPE,
  XNET_SCTP_MAP_SOCKOPT,
  XNET_SCTP_MAP__MAX
} xnet_sctp_map;

/* xnet_sctp_layout_to_native stores in *native the layout's number for the
 * portable value of table map.
 * Go: none (Go's constants are Linux's numbers).
 * Errors: XNET_EINVAL (map or value out of range, NULL argument),
 * XNET_ENOTSUP (the layout has no such value). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_layout_to_native(
    const xnet_sctp_layout *layout, xnet_sctp_map map, int portable,
    int32_t *native);

/* xnet_sctp_layout_from_native stores in *portable the portable value that
 * the layout's number native stands for in table map.
 * Go: none.
 * Errors: XNET_EINVAL (map out of range, NULL argument), XNET_EBADTYPE (no
 * portable value has that number). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_layout_from_native(
    const xnet_sctp_layout *layout, xnet_sctp_map map, int32_t native,
    int *portable);

/* xnet_sctp_flags_to_native converts a portable message-flags word (see
 * XNET_SCTP_UNORDERED) to the layout's sinfo flags.
 * Go: none.
 * Errors: XNET_ENOTSUP (a named flag the layout lacks), XNET_EINVAL (NULL
 * argument, or bits 16..31 hold a native bit that has a portable name). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_flags_to_native(
    const xnet_sctp_layout *layout, uint32_t portable, uint16_t *native);

/* xnet_sctp_flags_from_native converts the layout's sinfo flags to a
 * portable word; native bits without a portable name go to bits 16..31.
 * Go: none. Never fails. */
XNET_API uint32_t xnet_sctp_flags_from_native(const xnet_sctp_layout *layout,
                                              uint16_t native);

/* xnet_sctp_msg_flags_from_native returns the XNET_SCTP_MSG_* bits set in
 * a recvmsg() msg_flags word of the layout's stack; other bits are dropped.
 * Go: the recvFlags of SCTPConn.ReadMsg. */
XNET_API uint32_t xnet_sctp_msg_flags_from_native(
    const xnet_sctp_layout *layout, uint32_t native);

/* xnet_sctp_msg_flags_to_native returns the layout's msg_flags bits for the
 * XNET_SCTP_MSG_* bits in portable; other bits are dropped.
 * Go: none. */
XNET_API uint32_t xnet_sctp_msg_flags_to_native(const xnet_sctp_layout *layout,
                                                uint32_t portable);

/* Names: each returns the Go constant's name ("SCTP_COMM_UP"; the Go
 * package defines no String() methods for these), or NULL for a value
 * outside the enum.
 * Go: the constant names of github.com/ishidawataru/sctp. */
XNET_API const char *xnet_sctp_notification_type_name(int type);
XNET_API const char *xnet_sctp_assoc_change_state_name(int state);
XNET_API const char *xnet_sctp_peer_addr_state_name(int state);
XNET_API const char *xnet_sctp_send_failed_flag_name(int flag);
XNET_API const char *xnet_sctp_state_name(int state);
XNET_API const char *xnet_sctp_paddr_state_name(int state);
XNET_API const char *xnet_sctp_pr_policy_name(int policy);
XNET_API const char *xnet_sctp_cmsg_type_name(int type);
XNET_API const char *xnet_sctp_sockopt_name(int opt);
/* xnet_sctp_flag_name names one portable flag bit ("SCTP_UNORDERED"), or
 * returns NULL if flag is not exactly one named bit.
 * Go: the "SndInfo flags" constant names. */
XNET_API const char *xnet_sctp_flag_name(uint32_t flag);

/* ---- Socket addresses inside SCTP structures ---------------------------- */

typedef enum xnet_sctp_addr_family {
  XNET_SCTP_AF_UNSPEC = 0, /* an all-zero sockaddr: no address */
  XNET_SCTP_AF_INET = 4,
  XNET_SCTP_AF_INET6 = 6
} xnet_sctp_addr_family;

/* A decoded sockaddr_in or sockaddr_in6. */
typedef struct xnet_sctp_addr {
  xnet_sctp_addr_family family;
  uint16_t port;     /* host order */
  uint8_t ip[16];    /* network order; IPv4 uses the first 4 bytes */
  uint32_t flowinfo; /* IPv6 sin6_flowinfo, host order */
  uint32_t scope_id; /* IPv6 sin6_scope_id (zone index) */
} xnet_sctp_addr;

/* Size of the sockaddr_storage slot in SCTP structures (every layout). */
#define XNET_SCTP_SOCKADDR_STORAGE_SIZE 128
#define XNET_SCTP_SOCKADDR_IN_SIZE 16
#define XNET_SCTP_SOCKADDR_IN6_SIZE 28

/* xnet_sctp_sockaddr_parse decodes the sockaddr_in/sockaddr_in6 at b[0..n)
 * in the layout's flavour. A sockaddr whose family field is 0 decodes as
 * XNET_SCTP_AF_UNSPEC. Bytes past the family's size are not read.
 * Go: none (the kernel's sockaddr becomes a net.IPAddr).
 * Errors: XNET_ESHORT (n smaller than the family's sockaddr),
 * XNET_EAFNOSUPPORT (a family other than the layout's AF_INET/AF_INET6),
 * XNET_EBADADDR (a BSD sa_len that does not match the family),
 * XNET_EINVAL (NULL argument). On error *out is zeroed. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_sockaddr_parse(
    const xnet_sctp_layout *layout, const uint8_t *b, size_t n,
    xnet_sctp_addr *out);

/* xnet_sctp_sockaddr_marshal writes addr as the layout's sockaddr_in (16
 * bytes) or sockaddr_in6 (28 bytes), e.g. for sctp_bindx/connectx arrays.
 * Go: none.
 * Errors: XNET_ENOBUFS (cap too small; *len = size needed), XNET_EINVAL
 * (NULL argument, or family not INET/INET6). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_sockaddr_marshal(
    const xnet_sctp_layout *layout, const xnet_sctp_addr *addr, uint8_t *buf,
    size_t cap, size_t *len);

/* ---- SCTP_STATUS and SCTP_GET_PEER_ADDR_INFO results -------------------- */

/* struct sctp_paddrinfo (Go: PeerAddrInfo). */
typedef struct xnet_sctp_paddrinfo {
  int32_t assoc_id;
  xnet_sctp_addr addr;
  xnet_sctp_paddr_state state;
  uint32_t cwnd;
  uint32_t srtt; /* milliseconds */
  uint32_t rto;  /* milliseconds */
  uint32_t mtu;
} xnet_sctp_paddrinfo;

/* struct sctp_status (Go: Status). */
typedef struct xnet_sctp_status {
  int32_t assoc_id;
  xnet_sctp_state state;
  uint32_t rwnd;
  uint16_t unackdata;
  uint16_t penddata;
  uint16_t instrms;
  uint16_t outstrms;
  uint32_t fragmentation_point;
  xnet_sctp_paddrinfo primary;
} xnet_sctp_status;

/* sizeof(struct sctp_paddrinfo) and sizeof(struct sctp_status): 152 and
 * 176 in every layout (packed on Linux, 8-aligned elsewhere). */
#define XNET_SCTP_PADDRINFO_SIZE 152
#define XNET_SCTP_STATUS_SIZE 176

/* xnet_sctp_paddrinfo_parse decodes a struct sctp_paddrinfo of exactly
 * XNET_SCTP_PADDRINFO_SIZE bytes.
 * Go: part of SCTPConn.Status.
 * Errors: XNET_ESHORT (n too small), XNET_EBADLEN (n too large), the
 * sockaddr errors of xnet_sctp_sockaddr_parse, XNET_EBADFORMAT (a state the
 * layout does not define), XNET_EINVAL (NULL argument). On error *out is
 * zeroed. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_paddrinfo_parse(
    const xnet_sctp_layout *layout, const uint8_t *b, size_t n,
    xnet_sctp_paddrinfo *out);

/* xnet_sctp_paddrinfo_marshal writes in as a struct sctp_paddrinfo.
 * Go: none.
 * Errors: XNET_ENOBUFS (*len = XNET_SCTP_PADDRINFO_SIZE), XNET_ENOTSUP (a
 * state the layout lacks), XNET_EINVAL (bad family or state, NULL). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_paddrinfo_marshal(
    const xnet_sctp_layout *layout, const xnet_sctp_paddrinfo *in,
    uint8_t *buf, size_t cap, size_t *len);

/* xnet_sctp_status_parse decodes a struct sctp_status of exactly
 * XNET_SCTP_STATUS_SIZE bytes (the SCTP_STATUS socket option's result).
 * Go: SCTPConn.Status.
 * Errors: as xnet_sctp_paddrinfo_parse. On error *out is zeroed. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_status_parse(
    const xnet_sctp_layout *layout, const uint8_t *b, size_t n,
    xnet_sctp_status *out);

/* xnet_sctp_status_marshal writes in as a struct sctp_status.
 * Go: none.
 * Errors: as xnet_sctp_paddrinfo_marshal (*len = XNET_SCTP_STATUS_SIZE). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_status_marshal(
    const xnet_sctp_layout *layout, const xnet_sctp_status *in, uint8_t *buf,
    size_t cap, size_t *len);

#ifdef __cplusplus
}
#endif
#endif /* XNET_SCTP_ABI_H */
