/* sctp_layout_bsd.c — the usrsctp / FreeBSD SCTP ABI as data.
 *
 * Sources: usrsctp 0.9.5 <usrsctp.h> and usrsctplib/netinet/sctp_uio.h
 * (notification, state, flag and option numbers, cmsg types), which are
 * FreeBSD's sys/netinet/sctp_uio.h and sctp.h; sockaddrs and msg_flags from
 * each host's <sys/socket.h> and <netinet/in.h> (FreeBSD: sin_len, AF_INET6
 * 28, MSG_EOR 0x8, MSG_CTRUNC 0x20, MSG_NOTIFICATION 0x2000; Darwin: AF_INET6
 * 30, the same MSG_ bits, MSG_NOTIFICATION from <usrsctp.h>; Linux as in
 * sctp_layout_linux.c). Differences measured between usrsctp and Linux:
 * notes/sctp-here.md.
 *
 * The three tables share every SCTP number; they differ in the sockaddr
 * flavour and msg_flags of the host that runs the stack, and in what only
 * the FreeBSD kernel offers (the 128-byte sctp_sndrcvinfo and SCTP_EXTRCV,
 * and the deprecated SCTP_EVENTS option). Other FreeBSD kernel vs
 * <usrsctp.h> differences, none in a structure xnet decodes: usrsctp.h
 * declares sctp_pdapi_event with 32-bit stream/seq (24 bytes; the kernel
 * and usrsctp's own sctp_uio.h use 16-bit ones, 20 bytes), omits
 * auth_altkeynumber from sctp_authkey_event (same offsets), and adds an
 * explicit spc_padding[4] to sctp_paddr_change (FreeBSD gets the same 152
 * bytes from sockaddr_storage's 8-byte alignment on LP64). */
#include "xnet/sctp_abi.h"

/* The numbers every usrsctp/FreeBSD table shares. A macro of designated
 * initializers, so the three objects stay plain constant data. */
#define XNET__SCTP_BSD_NUMBERS(events)                                         \
  .cause_network_order = 0, .paddr_change_size = 152,                         \
  .paddrinfo_assoc_id_offset = 128, .paddrinfo_address_offset = 0,            \
  .sockopt_level = 132, .cmsg_level = 132, .bindx_add = 0x8001,               \
  .bindx_rem = 0x8002, .msg_notification = 0x2000,                            \
  .sinfo_pr_mask = 0x000f, /* PR_SCTP_POLICY(x) */                            \
  .flag =                                                                      \
      {                                                                        \
          [0] = 0x0400,  /* SCTP_UNORDERED */                                 \
          [1] = 0x0800,  /* SCTP_ADDR_OVER */                                 \
          [2] = 0x0200,  /* SCTP_ABORT */                                     \
          [3] = 0x4000,  /* SCTP_SACK_IMMEDIATELY */                          \
          [6] = 0x1000,  /* SCTP_SENDALL */                                   \
          [9] = 0x0100,  /* SCTP_EOF */                                       \
          [12] = 0x2000, /* SCTP_EOR */                                       \
          [13] = 0x0020, /* SCTP_COMPLETE */                                  \
          [15] = 0x0010, /* SCTP_NOTIFICATION */                              \
      },                                                                       \
  .notification =                                                              \
      {                                                                        \
          [0] = XNET_SCTP_NO_VALUE,                                            \
          [XNET_SCTP_ASSOC_CHANGE] = 0x0001,                                   \
          [XNET_SCTP_PEER_ADDR_CHANGE] = 0x0002,                               \
          [XNET_SCTP_REMOTE_ERROR] = 0x0003,                                   \
          [XNET_SCTP_SHUTDOWN_EVENT] = 0x0005,                                 \
          [XNET_SCTP_PARTIAL_DELIVERY_EVENT] = 0x0007,                         \
          [XNET_SCTP_ADAPTATION_INDICATION] = 0x0006,                          \
          [XNET_SCTP_AUTHENTICATION_EVENT] = 0x0008,                           \
          [XNET_SCTP_SENDER_DRY_EVENT] = 0x000a,                               \
          [XNET_SCTP_STREAM_RESET_EVENT] = 0x0009,                             \
          [XNET_SCTP_ASSOC_RESET_EVENT] = 0x000c,                              \
          [XNET_SCTP_STREAM_CHANGE_EVENT] = 0x000d,                            \
          [XNET_SCTP_SEND_FAILED_EVENT] = 0x000e,                              \
          [XNET_SCTP_SEND_FAILED] = 0x0004,                                    \
          [XNET_SCTP_NOTIFICATIONS_STOPPED_EVENT] = 0x000b,                    \
      },                                                                       \
  .assoc_change_state = {1, 2, 3, 4, 5},                                       \
  .peer_addr_state = {1, 2, 3, 4, 5, 6, XNET_SCTP_NO_VALUE},                   \
  .send_failed_flag = {1, 2},                                                  \
  .state =                                                                     \
      {                                                                        \
          [XNET_SCTP_EMPTY] = XNET_SCTP_NO_VALUE,                              \
          [XNET_SCTP_CLOSED] = 0x0000,                                         \
          [XNET_SCTP_COOKIE_WAIT] = 0x0002,                                    \
          [XNET_SCTP_COOKIE_ECHOED] = 0x0004,                                  \
          [XNET_SCTP_ESTABLISHED] = 0x0008,                                    \
          [XNET_SCTP_SHUTDOWN_PENDING] = 0x0080,                               \
          [XNET_SCTP_SHUTDOWN_SENT] = 0x0010,                                  \
          [XNET_SCTP_SHUTDOWN_RECEIVED] = 0x0020,                              \
          [XNET_SCTP_SHUTDOWN_ACK_SENT] = 0x0040,                              \
          [XNET_SCTP_BOUND] = 0x1000,                                          \
          [XNET_SCTP_LISTEN] = 0x2000,                                         \
      },                                                                       \
  .paddr_state =                                                               \
      {                                                                        \
          [XNET_SCTP_INACTIVE] = 0x0002,                                       \
          [XNET_SCTP_PF] = XNET_SCTP_NO_VALUE,                                 \
          [XNET_SCTP_ACTIVE] = 0x0001,                                         \
          [XNET_SCTP_UNCONFIRMED] = 0x0200,                                    \
          /* The zero-filled sstat_primary of an association with no     \
           * primary path (sctp_usrreq.c, SCTP_STATUS). */                  \
          [XNET_SCTP_UNKNOWN] = 0x0000,                                        \
      },                                                                       \
  .pr_policy =                                                                 \
      {                                                                        \
          [XNET_SCTP_PR_SCTP_NONE] = 0x0000,                                   \
          [XNET_SCTP_PR_SCTP_TTL] = 0x0001,                                    \
          [XNET_SCTP_PR_SCTP_RTX] = 0x0003,                                    \
          [XNET_SCTP_PR_SCTP_PRIO] = 0x0002, /* SCTP_PR_SCTP_BUF */            \
      },                                                                       \
  .sockopt = {                                                                 \
      [XNET_SCTP_OPT_RTOINFO] = 0x01,                                          \
      [XNET_SCTP_OPT_ASSOCINFO] = 0x02,                                        \
      [XNET_SCTP_OPT_INITMSG] = 0x03,                                          \
      [XNET_SCTP_OPT_NODELAY] = 0x04,                                          \
      [XNET_SCTP_OPT_AUTOCLOSE] = 0x05,                                        \
      [XNET_SCTP_OPT_PRIMARY_ADDR] = 0x07,                                     \
      [XNET_SCTP_OPT_ADAPTATION_LAYER] = 0x08,                                 \
      [XNET_SCTP_OPT_DISABLE_FRAGMENTS] = 0x09,                                \
      [XNET_SCTP_OPT_PEER_ADDR_PARAMS] = 0x0a,                                 \
      [XNET_SCTP_OPT_EVENTS] = (events),                                       \
      [XNET_SCTP_OPT_I_WANT_MAPPED_V4_ADDR] = 0x0d,                            \
      [XNET_SCTP_OPT_MAXSEG] = 0x0e,                                           \
      [XNET_SCTP_OPT_STATUS] = 0x100,                                          \
      [XNET_SCTP_OPT_GET_PEER_ADDR_INFO] = 0x101,                              \
      [XNET_SCTP_OPT_DELAYED_SACK] = 0x0f,                                     \
      [XNET_SCTP_OPT_CONTEXT] = 0x1a,                                          \
      [XNET_SCTP_OPT_FRAGMENT_INTERLEAVE] = 0x10,                              \
      [XNET_SCTP_OPT_PARTIAL_DELIVERY_POINT] = 0x11,                           \
      [XNET_SCTP_OPT_MAX_BURST] = 0x19,                                        \
      [XNET_SCTP_OPT_EXPLICIT_EOR] = 0x1b,                                     \
      [XNET_SCTP_OPT_REUSE_PORT] = 0x1c,                                       \
      [XNET_SCTP_OPT_EVENT] = 0x1e,                                            \
      [XNET_SCTP_OPT_RECVRCVINFO] = 0x1f,                                      \
      [XNET_SCTP_OPT_RECVNXTINFO] = 0x20,                                      \
      [XNET_SCTP_OPT_DEFAULT_SNDINFO] = 0x21,                                  \
      [XNET_SCTP_OPT_DEFAULT_PRINFO] = 0x22,                                   \
      [XNET_SCTP_OPT_REMOTE_UDP_ENCAPS_PORT] = 0x24,                           \
  }

/* sctp_uio.h ancillary data types. usrsctp's public header has no
 * sctp_sndrcvinfo, so SCTP_SNDRCV and SCTP_EXTRCV are FreeBSD's only. */
#define XNET__SCTP_BSD_CMSG_TYPES(sndrcv, extrcv)                              \
  {                                                                            \
    [XNET_SCTP_CMSG_INIT] = 0x0001, [XNET_SCTP_CMSG_SNDRCV] = (sndrcv),        \
    [XNET_SCTP_CMSG_SNDINFO] = 0x0004, [XNET_SCTP_CMSG_RCVINFO] = 0x0005,      \
    [XNET_SCTP_CMSG_NXTINFO] = 0x0006, [XNET_SCTP_CMSG_PRINFO] = 0x0007,       \
    [XNET_SCTP_CMSG_AUTHINFO] = 0x0008, [XNET_SCTP_CMSG_DSTADDRV4] = 0x0009,   \
    [XNET_SCTP_CMSG_DSTADDRV6] = 0x000a, [XNET_SCTP_CMSG_EXTRCV] = (extrcv),   \
  }
#define XNET__SCTP_BSD_CMSG_LENS(sndrcv_len)                                   \
  {                                                                            \
    [XNET_SCTP_CMSG_INIT] = 8, [XNET_SCTP_CMSG_SNDRCV] = (sndrcv_len),         \
    [XNET_SCTP_CMSG_SNDINFO] = 16, [XNET_SCTP_CMSG_RCVINFO] = 28,              \
    [XNET_SCTP_CMSG_NXTINFO] = 16, [XNET_SCTP_CMSG_PRINFO] = 8,                \
    [XNET_SCTP_CMSG_AUTHINFO] = 2, [XNET_SCTP_CMSG_DSTADDRV4] = 4,             \
    [XNET_SCTP_CMSG_DSTADDRV6] = 16, [XNET_SCTP_CMSG_EXTRCV] = (sndrcv_len),   \
  }

const xnet_sctp_layout xnet_sctp_layout_usrsctp = {
    .name = "usrsctp",
    .little_endian = 1,
    .sa_len = 0,
    .af_inet = 2,
    .af_inet6 = 10,
    .msg_eor = 0x80,
    .msg_ctrunc = 0x08,
    .cmsg_type = XNET__SCTP_BSD_CMSG_TYPES(XNET_SCTP_NO_VALUE,
                                           XNET_SCTP_NO_VALUE),
    .cmsg_len = XNET__SCTP_BSD_CMSG_LENS(0),
    XNET__SCTP_BSD_NUMBERS(XNET_SCTP_NO_VALUE),
};

const xnet_sctp_layout xnet_sctp_layout_usrsctp_darwin = {
    .name = "usrsctp_darwin",
    .little_endian = 1,
    .sa_len = 1,
    .af_inet = 2,
    .af_inet6 = 30,
    .msg_eor = 0x08,
    .msg_ctrunc = 0x20,
    .cmsg_type = XNET__SCTP_BSD_CMSG_TYPES(XNET_SCTP_NO_VALUE,
                                           XNET_SCTP_NO_VALUE),
    .cmsg_len = XNET__SCTP_BSD_CMSG_LENS(0),
    XNET__SCTP_BSD_NUMBERS(XNET_SCTP_NO_VALUE),
};

const xnet_sctp_layout xnet_sctp_layout_freebsd = {
    .name = "freebsd",
    .little_endian = 1,
    .sa_len = 1,
    .af_inet = 2,
    .af_inet6 = 28,
    .msg_eor = 0x08,
    .msg_ctrunc = 0x20,
    /* SCTP_SNDRCV 0x0002 and SCTP_EXTRCV 0x0003: sctp_sndrcvinfo and
     * sctp_extrcvinfo are both padded to 128 bytes. */
    .cmsg_type = XNET__SCTP_BSD_CMSG_TYPES(0x0002, 0x0003),
    .cmsg_len = XNET__SCTP_BSD_CMSG_LENS(128),
    /* SCTP_EVENTS 0x0c, deprecated, with FreeBSD's 11-byte
     * sctp_event_subscribe (Linux's has 14). */
    XNET__SCTP_BSD_NUMBERS(0x0c),
};
