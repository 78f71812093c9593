/* sctp_abi_check.c — ties xnet_sctp_layout_linux to <netinet/sctp.h>.
 *
 * Every number, struct size and field offset of the Linux SCTP layout that
 * xnet uses is listed once below with the header's name for it and the
 * value the layout was written with. At build time a static assertion
 * checks each header constant against that value, so an SCTP header that
 * changes an ABI number breaks the build here instead of silently breaking
 * the codecs; at run time xnet__linux_sctp_abi_verify compares the layout
 * table itself with the same header constants (tests/core/test_sctp.c calls
 * it), so an edit of the table that the header does not share fails a test.
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>
#if defined(__has_include)
#if __has_include(<netinet/sctp.h>)
#include <netinet/sctp.h> /* lksctp-tools; includes <linux/sctp.h> */
#else
#include <linux/sctp.h>
#endif
#else
#include <linux/sctp.h>
#endif

#include "linux_int.h"
#include "xnet/sctp_abi.h"
#include "xnet/sctp_cmsg.h"
#include "xnet/sctp_notify.h"

/* X(layout expression, header constant, value the layout holds). */
#define LINUX_SCTP_NUMBERS(X)                                                \
  X(sockopt_level, SOL_SCTP, 132)                                            \
  X(cmsg_level, IPPROTO_SCTP, 132)                                           \
  X(af_inet, AF_INET, 2)                                                     \
  X(af_inet6, AF_INET6, 10)                                                  \
  X(msg_notification, MSG_NOTIFICATION, 0x8000)                              \
  X(msg_eor, MSG_EOR, 0x80)                                                  \
  X(msg_ctrunc, MSG_CTRUNC, 0x08)                                            \
  /* socket options */                                                       \
  X(sockopt[XNET_SCTP_OPT_INITMSG], SCTP_INITMSG, 2)                         \
  X(sockopt[XNET_SCTP_OPT_NODELAY], SCTP_NODELAY, 3)                         \
  X(sockopt[XNET_SCTP_OPT_ADAPTATION_LAYER], SCTP_ADAPTATION_LAYER, 7)       \
  X(sockopt[XNET_SCTP_OPT_DISABLE_FRAGMENTS], SCTP_DISABLE_FRAGMENTS, 8)     \
  X(sockopt[XNET_SCTP_OPT_STATUS], SCTP_STATUS, 14)                          \
  X(sockopt[XNET_SCTP_OPT_EVENT], SCTP_EVENT, 127)                           \
  X(sockopt[XNET_SCTP_OPT_RECVRCVINFO], SCTP_RECVRCVINFO, 32)                \
  X(sockopt[XNET_SCTP_OPT_RECVNXTINFO], SCTP_RECVNXTINFO, 33)                \
  X(sockopt[XNET_SCTP_OPT_PEER_ADDR_PARAMS], SCTP_PEER_ADDR_PARAMS, 9)       \
  X(sockopt[XNET_SCTP_OPT_GET_PEER_ADDR_INFO], SCTP_GET_PEER_ADDR_INFO, 15)  \
  /* control messages */                                                     \
  X(cmsg_type[XNET_SCTP_CMSG_INIT], SCTP_INIT, 0)                            \
  X(cmsg_type[XNET_SCTP_CMSG_SNDRCV], SCTP_SNDRCV, 1)                        \
  X(cmsg_type[XNET_SCTP_CMSG_SNDINFO], SCTP_SNDINFO, 2)                      \
  X(cmsg_type[XNET_SCTP_CMSG_RCVINFO], SCTP_RCVINFO, 3)                      \
  X(cmsg_type[XNET_SCTP_CMSG_NXTINFO], SCTP_NXTINFO, 4)                      \
  X(cmsg_type[XNET_SCTP_CMSG_PRINFO], SCTP_PRINFO, 5)                        \
  X(cmsg_len[XNET_SCTP_CMSG_INIT], sizeof(struct sctp_initmsg), 8)           \
  X(cmsg_len[XNET_SCTP_CMSG_SNDRCV], sizeof(struct sctp_sndrcvinfo), 32)     \
  X(cmsg_len[XNET_SCTP_CMSG_SNDINFO], sizeof(struct sctp_sndinfo), 16)       \
  X(cmsg_len[XNET_SCTP_CMSG_RCVINFO], sizeof(struct sctp_rcvinfo), 28)       \
  X(cmsg_len[XNET_SCTP_CMSG_NXTINFO], sizeof(struct sctp_nxtinfo), 16)       \
  X(cmsg_len[XNET_SCTP_CMSG_PRINFO], sizeof(struct sctp_prinfo), 8)          \
  /* send/receive flags (portable bit i -> native bits) */                   \
  X(flag[0], SCTP_UNORDERED, 0x0001)                                         \
  X(flag[1], SCTP_ADDR_OVER, 0x0002)                                         \
  X(flag[2], SCTP_ABORT, 0x0004)                                             \
  X(flag[3], SCTP_SACK_IMMEDIATELY, 0x0008)                                  \
  X(flag[6], SCTP_SENDALL, 0x0040)                                           \
  X(flag[9], SCTP_EOF, 0x0200)                                               \
  /* notification types */                                                   \
  X(notification[XNET_SCTP_ASSOC_CHANGE], SCTP_ASSOC_CHANGE, 0x8001)         \
  X(notification[XNET_SCTP_PEER_ADDR_CHANGE], SCTP_PEER_ADDR_CHANGE, 0x8002) \
  X(notification[XNET_SCTP_SEND_FAILED], SCTP_SEND_FAILED, 0x8003)           \
  X(notification[XNET_SCTP_REMOTE_ERROR], SCTP_REMOTE_ERROR, 0x8004)         \
  X(notification[XNET_SCTP_SHUTDOWN_EVENT], SCTP_SHUTDOWN_EVENT, 0x8005)     \
  X(notification[XNET_SCTP_PARTIAL_DELIVERY_EVENT],                          \
    SCTP_PARTIAL_DELIVERY_EVENT, 0x8006)                                     \
  X(notification[XNET_SCTP_ADAPTATION_INDICATION],                           \
    SCTP_ADAPTATION_INDICATION, 0x8007)                                      \
  X(notification[XNET_SCTP_AUTHENTICATION_EVENT], SCTP_AUTHENTICATION_EVENT, \
    0x8008)                                                                  \
  X(notification[XNET_SCTP_SENDER_DRY_EVENT], SCTP_SENDER_DRY_EVENT, 0x8009) \
  X(notification[XNET_SCTP_STREAM_RESET_EVENT], SCTP_STREAM_RESET_EVENT,     \
    0x800a)                                                                  \
  X(notification[XNET_SCTP_ASSOC_RESET_EVENT], SCTP_ASSOC_RESET_EVENT,       \
    0x800b)                                                                  \
  X(notification[XNET_SCTP_STREAM_CHANGE_EVENT], SCTP_STREAM_CHANGE_EVENT,   \
    0x800c)                                                                  \
  X(notification[XNET_SCTP_SEND_FAILED_EVENT], SCTP_SEND_FAILED_EVENT,       \
    0x800d)                                                                  \
  /* association, address and path states */                                \
  X(assoc_change_state[XNET_SCTP_COMM_UP], SCTP_COMM_UP, 0)                  \
  X(assoc_change_state[XNET_SCTP_COMM_LOST], SCTP_COMM_LOST, 1)              \
  X(assoc_change_state[XNET_SCTP_RESTART], SCTP_RESTART, 2)                  \
  X(assoc_change_state[XNET_SCTP_SHUTDOWN_COMP], SCTP_SHUTDOWN_COMP, 3)      \
  X(assoc_change_state[XNET_SCTP_CANT_STR_ASSOC], SCTP_CANT_STR_ASSOC, 4)    \
  X(peer_addr_state[XNET_SCTP_ADDR_AVAILABLE], SCTP_ADDR_AVAILABLE, 0)       \
  X(peer_addr_state[XNET_SCTP_ADDR_UNREACHABLE], SCTP_ADDR_UNREACHABLE, 1)   \
  X(peer_addr_state[XNET_SCTP_ADDR_REMOVED], SCTP_ADDR_REMOVED, 2)           \
  X(peer_addr_state[XNET_SCTP_ADDR_ADDED], SCTP_ADDR_ADDED, 3)               \
  X(peer_addr_state[XNET_SCTP_ADDR_MADE_PRIM], SCTP_ADDR_MADE_PRIM, 4)       \
  X(peer_addr_state[XNET_SCTP_ADDR_CONFIRMED], SCTP_ADDR_CONFIRMED, 5)       \
  X(peer_addr_state[XNET_SCTP_ADDR_POTENTIALLY_FAILED],                      \
    SCTP_ADDR_POTENTIALLY_FAILED, 6)                                         \
  X(send_failed_flag[XNET_SCTP_DATA_UNSENT], SCTP_DATA_UNSENT, 0)            \
  X(send_failed_flag[XNET_SCTP_DATA_SENT], SCTP_DATA_SENT, 1)                \
  X(state[XNET_SCTP_EMPTY], SCTP_EMPTY, 0)                                   \
  X(state[XNET_SCTP_CLOSED], SCTP_CLOSED, 1)                                 \
  X(state[XNET_SCTP_COOKIE_WAIT], SCTP_COOKIE_WAIT, 2)                       \
  X(state[XNET_SCTP_COOKIE_ECHOED], SCTP_COOKIE_ECHOED, 3)                   \
  X(state[XNET_SCTP_ESTABLISHED], SCTP_ESTABLISHED, 4)                       \
  X(state[XNET_SCTP_SHUTDOWN_PENDING], SCTP_SHUTDOWN_PENDING, 5)             \
  X(state[XNET_SCTP_SHUTDOWN_SENT], SCTP_SHUTDOWN_SENT, 6)                   \
  X(state[XNET_SCTP_SHUTDOWN_RECEIVED], SCTP_SHUTDOWN_RECEIVED, 7)           \
  X(state[XNET_SCTP_SHUTDOWN_ACK_SENT], SCTP_SHUTDOWN_ACK_SENT, 8)           \
  X(paddr_state[XNET_SCTP_INACTIVE], SCTP_INACTIVE, 0)                       \
  X(paddr_state[XNET_SCTP_PF], SCTP_PF, 1)                                   \
  X(paddr_state[XNET_SCTP_ACTIVE], SCTP_ACTIVE, 2)                           \
  X(paddr_state[XNET_SCTP_UNCONFIRMED], SCTP_UNCONFIRMED, 3)                 \
  X(paddr_state[XNET_SCTP_UNKNOWN], SCTP_UNKNOWN, 0xffff)                    \
  /* bindx (libsctp's flags) and struct shapes */                            \
  X(bindx_add, SCTP_BINDX_ADD_ADDR, 0x01)                                    \
  X(bindx_rem, SCTP_BINDX_REM_ADDR, 0x02)                                    \
  X(paddr_change_size, sizeof(struct sctp_paddr_change), 148)                \
  X(paddrinfo_assoc_id_offset, offsetof(struct sctp_paddrinfo, spinfo_assoc_id), \
    0)                                                                       \
  X(paddrinfo_address_offset, offsetof(struct sctp_paddrinfo, spinfo_address), \
    4)

#define ABI_ASSERT(field, header, value)                                     \
  _Static_assert((long long)(header) == (long long)(value),                  \
                 #header " differs from xnet_sctp_layout_linux." #field);
LINUX_SCTP_NUMBERS(ABI_ASSERT)

/* Shapes the codecs rely on without a layout field (they are the same in
 * every layout): the sizes RFC 6458 fixes and the fixed parts of the
 * notifications, and the structures this backend and core marshal. */
_Static_assert(sizeof(struct sctp_status) == XNET_SCTP_STATUS_SIZE,
               "struct sctp_status differs");
_Static_assert(sizeof(struct sctp_paddrinfo) == XNET_SCTP_PADDRINFO_SIZE,
               "struct sctp_paddrinfo differs");
_Static_assert(offsetof(struct sctp_status, sstat_primary) == 24,
               "sctp_status.sstat_primary moved");
_Static_assert(offsetof(struct sctp_status, sstat_fragmentation_point) == 20,
               "sctp_status.sstat_fragmentation_point moved");
_Static_assert(offsetof(struct sctp_paddrinfo, spinfo_state) == 132,
               "sctp_paddrinfo.spinfo_state moved");
_Static_assert(offsetof(struct sctp_paddrinfo, spinfo_mtu) == 148,
               "sctp_paddrinfo.spinfo_mtu moved");
_Static_assert(sizeof(struct sctp_event) == 8 &&
                   offsetof(struct sctp_event, se_type) == 4 &&
                   offsetof(struct sctp_event, se_on) == 6,
               "struct sctp_event differs from core/src/sctp_opt.c");
_Static_assert(sizeof(struct sctp_setadaptation) == 4,
               "struct sctp_setadaptation differs from sctp_opt.c");
_Static_assert(offsetof(struct sctp_sndinfo, snd_ppid) == 4 &&
                   offsetof(struct sctp_sndinfo, snd_assoc_id) == 12,
               "struct sctp_sndinfo differs");
_Static_assert(offsetof(struct sctp_rcvinfo, rcv_ppid) == 8 &&
                   offsetof(struct sctp_rcvinfo, rcv_assoc_id) == 24,
               "struct sctp_rcvinfo differs");
_Static_assert(sizeof(struct sctp_assoc_change) == 20 &&
                   sizeof(struct sctp_remote_error) == 16 &&
                   sizeof(struct sctp_shutdown_event) == 12 &&
                   sizeof(struct sctp_adaptation_event) == 16 &&
                   sizeof(struct sctp_sender_dry_event) == 12 &&
                   sizeof(struct sctp_send_failed_event) == 32,
               "a notification's fixed part differs from sctp_notify.c");
_Static_assert(offsetof(struct sctp_getaddrs, addrs) == 8,
               "struct sctp_getaddrs differs from sctp.c");
_Static_assert(SCTP_SOCKOPT_BINDX_ADD == 100 && SCTP_SOCKOPT_BINDX_REM == 101 &&
                   SCTP_SOCKOPT_CONNECTX == 110 &&
                   SCTP_GET_PEER_ADDRS == 108 && SCTP_GET_LOCAL_ADDRS == 109,
               "the bindx/connectx/getaddrs option numbers differ");
_Static_assert(SCTP_FUTURE_ASSOC == 0,
               "association 0 no longer means the socket's (sctp_opt.c)");

int xnet__linux_sctp_abi_verify(char *why, size_t cap) {
  const xnet_sctp_layout *l = &xnet_sctp_layout_linux;
#define ABI_VERIFY(field, header, value)                                     \
  if ((long long)l->field != (long long)(header)) {                          \
    if (why && cap)                                                          \
      snprintf(why, cap, "xnet_sctp_layout_linux." #field " = %lld, "        \
               #header " = %lld", (long long)l->field, (long long)(header)); \
    return XNET_EMISMATCH;                                                   \
  }
  LINUX_SCTP_NUMBERS(ABI_VERIFY)
#undef ABI_VERIFY
  if (why && cap) why[0] = '\0';
  return 0;
}
