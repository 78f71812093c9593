/* test_sctp_abi.c — the SCTP layouts: the Linux table checked against the
 * installed <netinet/sctp.h> (constants, sizes, offsets); every table's
 * mapping is a bijection; names; sockaddrs and SCTP_STATUS bytes per
 * layout. */
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "xnet/error.h"
#include "xnet/sctp_abi.h"
#include "xnet_test.h"

/* The sizes and offsets the codecs use, as the Linux headers have them. */
_Static_assert(sizeof(struct sctp_paddr_change) == 148, "paddr_change");
_Static_assert(offsetof(struct sctp_paddr_change, spc_aaddr) == 8, "aaddr");
_Static_assert(offsetof(struct sctp_paddr_change, spc_state) == 136, "state");
_Static_assert(offsetof(struct sctp_paddr_change, spc_error) == 140, "error");
_Static_assert(offsetof(struct sctp_paddr_change, spc_assoc_id) == 144, "aid");
_Static_assert(sizeof(struct sctp_assoc_change) == 20, "assoc_change");
_Static_assert(offsetof(struct sctp_assoc_change, sac_error) == 10, "sac_err");
_Static_assert(offsetof(struct sctp_assoc_change, sac_assoc_id) == 16, "aid");
_Static_assert(sizeof(struct sctp_remote_error) == 16, "remote_error");
_Static_assert(offsetof(struct sctp_remote_error, sre_assoc_id) == 12, "aid");
_Static_assert(sizeof(struct sctp_shutdown_event) == 12, "shutdown");
_Static_assert(sizeof(struct sctp_adaptation_event) == 16, "adaptation");
_Static_assert(sizeof(struct sctp_sender_dry_event) == 12, "sender_dry");
_Static_assert(sizeof(struct sctp_send_failed_event) == 32, "send_failed");
_Static_assert(offsetof(struct sctp_send_failed_event, ssfe_info) == 12, "si");
_Static_assert(offsetof(struct sctp_send_failed_event, ssf_assoc_id) == 28,
               "aid");
_Static_assert(sizeof(struct sctp_paddrinfo) == XNET_SCTP_PADDRINFO_SIZE,
               "paddrinfo");
_Static_assert(offsetof(struct sctp_paddrinfo, spinfo_state) == 132, "state");
_Static_assert(offsetof(struct sctp_paddrinfo, spinfo_mtu) == 148, "mtu");
_Static_assert(sizeof(struct sctp_status) == XNET_SCTP_STATUS_SIZE, "status");
_Static_assert(offsetof(struct sctp_status, sstat_fragmentation_point) == 20,
               "frag");
_Static_assert(offsetof(struct sctp_status, sstat_primary) == 24, "primary");
_Static_assert(sizeof(struct sockaddr_storage) ==
                   XNET_SCTP_SOCKADDR_STORAGE_SIZE,
               "storage");
_Static_assert(sizeof(struct sockaddr_in) == XNET_SCTP_SOCKADDR_IN_SIZE, "in");
_Static_assert(sizeof(struct sockaddr_in6) == XNET_SCTP_SOCKADDR_IN6_SIZE,
               "in6");
_Static_assert(offsetof(struct sockaddr_in6, sin6_scope_id) == 24, "scope");

static const xnet_sctp_layout *const layouts[] = {
    &xnet_sctp_layout_linux, &xnet_sctp_layout_usrsctp,
    &xnet_sctp_layout_usrsctp_darwin, &xnet_sctp_layout_freebsd};
#define NLAYOUTS (sizeof layouts / sizeof layouts[0])

/* ---- the Linux table is the Linux headers ------------------------------- */

static void test_sctp_abi_linux_table_matches_headers(void) {
  const xnet_sctp_layout *l = &xnet_sctp_layout_linux;
  XT_ASSERT_UINT_EQ(l->af_inet, AF_INET);
  XT_ASSERT_UINT_EQ(l->af_inet6, AF_INET6);
  XT_ASSERT_UINT_EQ(l->paddr_change_size, sizeof(struct sctp_paddr_change));
  XT_ASSERT_UINT_EQ(l->paddrinfo_assoc_id_offset,
                    offsetof(struct sctp_paddrinfo, spinfo_assoc_id));
  XT_ASSERT_UINT_EQ(l->paddrinfo_address_offset,
                    offsetof(struct sctp_paddrinfo, spinfo_address));
  XT_ASSERT_INT_EQ(l->sockopt_level, SOL_SCTP);
  XT_ASSERT_INT_EQ(l->cmsg_level, IPPROTO_SCTP);
  XT_ASSERT_INT_EQ(l->bindx_add, SCTP_BINDX_ADD_ADDR);
  XT_ASSERT_INT_EQ(l->bindx_rem, SCTP_BINDX_REM_ADDR);
  XT_ASSERT_UINT_EQ(l->msg_notification, MSG_NOTIFICATION);
  XT_ASSERT_UINT_EQ(l->msg_eor, MSG_EOR);
  XT_ASSERT_UINT_EQ(l->msg_ctrunc, MSG_CTRUNC);
  XT_ASSERT_UINT_EQ(l->sinfo_pr_mask, SCTP_PR_SCTP_MASK);
  XT_ASSERT_UINT_EQ(l->flag[0], SCTP_UNORDERED);
  XT_ASSERT_UINT_EQ(l->flag[1], SCTP_ADDR_OVER);
  XT_ASSERT_UINT_EQ(l->flag[2], SCTP_ABORT);
  XT_ASSERT_UINT_EQ(l->flag[3], SCTP_SACK_IMMEDIATELY);
  XT_ASSERT_UINT_EQ(l->flag[6], SCTP_SENDALL);
  XT_ASSERT_UINT_EQ(l->flag[9], SCTP_EOF);
  XT_ASSERT_UINT_EQ(l->flag[15], SCTP_NOTIFICATION);

  static const int notif[][2] = {
      {XNET_SCTP_ASSOC_CHANGE, SCTP_ASSOC_CHANGE},
      {XNET_SCTP_PEER_ADDR_CHANGE, SCTP_PEER_ADDR_CHANGE},
      {XNET_SCTP_REMOTE_ERROR, SCTP_REMOTE_ERROR},
      {XNET_SCTP_SHUTDOWN_EVENT, SCTP_SHUTDOWN_EVENT},
      {XNET_SCTP_PARTIAL_DELIVERY_EVENT, SCTP_PARTIAL_DELIVERY_EVENT},
      {XNET_SCTP_ADAPTATION_INDICATION, SCTP_ADAPTATION_INDICATION},
      {XNET_SCTP_AUTHENTICATION_EVENT, SCTP_AUTHENTICATION_EVENT},
      {XNET_SCTP_SENDER_DRY_EVENT, SCTP_SENDER_DRY_EVENT},
      {XNET_SCTP_STREAM_RESET_EVENT, SCTP_STREAM_RESET_EVENT},
      {XNET_SCTP_ASSOC_RESET_EVENT, SCTP_ASSOC_RESET_EVENT},
      {XNET_SCTP_STREAM_CHANGE_EVENT, SCTP_STREAM_CHANGE_EVENT},
      {XNET_SCTP_SEND_FAILED_EVENT, SCTP_SEND_FAILED_EVENT},
      {XNET_SCTP_SEND_FAILED, SCTP_SEND_FAILED},
  };
  for (size_t i = 0; i < sizeof notif / sizeof notif[0]; i++)
    XT_ASSERT_INT_EQ(l->notification[notif[i][0]], notif[i][1]);
  XT_ASSERT_INT_EQ(l->notification[XNET_SCTP_NOTIFICATIONS_STOPPED_EVENT],
                   XNET_SCTP_NO_VALUE);

  XT_ASSERT_INT_EQ(l->assoc_change_state[XNET_SCTP_COMM_UP], SCTP_COMM_UP);
  XT_ASSERT_INT_EQ(l->assoc_change_state[XNET_SCTP_COMM_LOST], SCTP_COMM_LOST);
  XT_ASSERT_INT_EQ(l->assoc_change_state[XNET_SCTP_RESTART], SCTP_RESTART);
  XT_ASSERT_INT_EQ(l->assoc_change_state[XNET_SCTP_SHUTDOWN_COMP],
                   SCTP_SHUTDOWN_COMP);
  XT_ASSERT_INT_EQ(l->assoc_change_state[XNET_SCTP_CANT_STR_ASSOC],
                   SCTP_CANT_STR_ASSOC);
  XT_ASSERT_INT_EQ(l->peer_addr_state[XNET_SCTP_ADDR_AVAILABLE],
                   SCTP_ADDR_AVAILABLE);
  XT_ASSERT_INT_EQ(l->peer_addr_state[XNET_SCTP_ADDR_UNREACHABLE],
                   SCTP_ADDR_UNREACHABLE);
  XT_ASSERT_INT_EQ(l->peer_addr_state[XNET_SCTP_ADDR_REMOVED],
                   SCTP_ADDR_REMOVED);
  XT_ASSERT_INT_EQ(l->peer_addr_state[XNET_SCTP_ADDR_ADDED], SCTP_ADDR_ADDED);
  XT_ASSERT_INT_EQ(l->peer_addr_state[XNET_SCTP_ADDR_MADE_PRIM],
                   SCTP_ADDR_MADE_PRIM);
  XT_ASSERT_INT_EQ(l->peer_addr_state[XNET_SCTP_ADDR_CONFIRMED],
                   SCTP_ADDR_CONFIRMED);
  XT_ASSERT_INT_EQ(l->peer_addr_state[XNET_SCTP_ADDR_POTENTIALLY_FAILED],
                   SCTP_ADDR_POTENTIALLY_FAILED);
  XT_ASSERT_INT_EQ(l->send_failed_flag[XNET_SCTP_DATA_UNSENT],
                   SCTP_DATA_UNSENT);
  XT_ASSERT_INT_EQ(l->send_failed_flag[XNET_SCTP_DATA_SENT], SCTP_DATA_SENT);

  static const int states[][2] = {
      {XNET_SCTP_EMPTY, SCTP_EMPTY},
      {XNET_SCTP_CLOSED, SCTP_CLOSED},
      {XNET_SCTP_COOKIE_WAIT, SCTP_COOKIE_WAIT},
      {XNET_SCTP_COOKIE_ECHOED, SCTP_COOKIE_ECHOED},
      {XNET_SCTP_ESTABLISHED, SCTP_ESTABLISHED},
      {XNET_SCTP_SHUTDOWN_PENDING, SCTP_SHUTDOWN_PENDING},
      {XNET_SCTP_SHUTDOWN_SENT, SCTP_SHUTDOWN_SENT},
      {XNET_SCTP_SHUTDOWN_RECEIVED, SCTP_SHUTDOWN_RECEIVED},
      {XNET_SCTP_SHUTDOWN_ACK_SENT, SCTP_SHUTDOWN_ACK_SENT},
  };
  for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
    XT_ASSERT_INT_EQ(l->state[states[i][0]], states[i][1]);
  XT_ASSERT_INT_EQ(l->paddr_state[XNET_SCTP_INACTIVE], SCTP_INACTIVE);
  XT_ASSERT_INT_EQ(l->paddr_state[XNET_SCTP_PF], SCTP_PF);
  XT_ASSERT_INT_EQ(l->paddr_state[XNET_SCTP_ACTIVE], SCTP_ACTIVE);
  XT_ASSERT_INT_EQ(l->paddr_state[XNET_SCTP_UNCONFIRMED], SCTP_UNCONFIRMED);
  XT_ASSERT_INT_EQ(l->paddr_state[XNET_SCTP_UNKNOWN], SCTP_UNKNOWN);
  XT_ASSERT_INT_EQ(l->pr_policy[XNET_SCTP_PR_SCTP_NONE], SCTP_PR_SCTP_NONE);
  XT_ASSERT_INT_EQ(l->pr_policy[XNET_SCTP_PR_SCTP_TTL], SCTP_PR_SCTP_TTL);
  XT_ASSERT_INT_EQ(l->pr_policy[XNET_SCTP_PR_SCTP_RTX], SCTP_PR_SCTP_RTX);
  XT_ASSERT_INT_EQ(l->pr_policy[XNET_SCTP_PR_SCTP_PRIO], SCTP_PR_SCTP_PRIO);

  static const int opts[][2] = {
      {XNET_SCTP_OPT_RTOINFO, SCTP_RTOINFO},
      {XNET_SCTP_OPT_ASSOCINFO, SCTP_ASSOCINFO},
      {XNET_SCTP_OPT_INITMSG, SCTP_INITMSG},
      {XNET_SCTP_OPT_NODELAY, SCTP_NODELAY},
      {XNET_SCTP_OPT_AUTOCLOSE, SCTP_AUTOCLOSE},
      {XNET_SCTP_OPT_PRIMARY_ADDR, SCTP_PRIMARY_ADDR},
      {XNET_SCTP_OPT_ADAPTATION_LAYER, SCTP_ADAPTATION_LAYER},
      {XNET_SCTP_OPT_DISABLE_FRAGMENTS, SCTP_DISABLE_FRAGMENTS},
      {XNET_SCTP_OPT_PEER_ADDR_PARAMS, SCTP_PEER_ADDR_PARAMS},
      {XNET_SCTP_OPT_EVENTS, SCTP_EVENTS},
      {XNET_SCTP_OPT_I_WANT_MAPPED_V4_ADDR, SCTP_I_WANT_MAPPED_V4_ADDR},
      {XNET_SCTP_OPT_MAXSEG, SCTP_MAXSEG},
      {XNET_SCTP_OPT_STATUS, SCTP_STATUS},
      {XNET_SCTP_OPT_GET_PEER_ADDR_INFO, SCTP_GET_PEER_ADDR_INFO},
      {XNET_SCTP_OPT_DELAYED_SACK, SCTP_DELAYED_SACK},
      {XNET_SCTP_OPT_CONTEXT, SCTP_CONTEXT},
      {XNET_SCTP_OPT_FRAGMENT_INTERLEAVE, SCTP_FRAGMENT_INTERLEAVE},
      {XNET_SCTP_OPT_PARTIAL_DELIVERY_POINT, SCTP_PARTIAL_DELIVERY_POINT},
      {XNET_SCTP_OPT_MAX_BURST, SCTP_MAX_BURST},
      {XNET_SCTP_OPT_REUSE_PORT, SCTP_REUSE_PORT},
      {XNET_SCTP_OPT_EVENT, SCTP_EVENT},
      {XNET_SCTP_OPT_RECVRCVINFO, SCTP_RECVRCVINFO},
      {XNET_SCTP_OPT_RECVNXTINFO, SCTP_RECVNXTINFO},
      {XNET_SCTP_OPT_DEFAULT_SNDINFO, SCTP_DEFAULT_SNDINFO},
      {XNET_SCTP_OPT_DEFAULT_PRINFO, SCTP_DEFAULT_PRINFO},
      {XNET_SCTP_OPT_REMOTE_UDP_ENCAPS_PORT, SCTP_REMOTE_UDP_ENCAPS_PORT},
  };
  for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
    XT_ASSERT_INT_EQ(l->sockopt[opts[i][0]], opts[i][1]);
  XT_ASSERT_INT_EQ(l->sockopt[XNET_SCTP_OPT_EXPLICIT_EOR], XNET_SCTP_NO_VALUE);
}

/* The numbers of notes/sctp-here.md's comparison, spot-checked. */
static void test_sctp_abi_usrsctp_table_spot_values(void) {
  const xnet_sctp_layout *u = &xnet_sctp_layout_usrsctp;
  XT_ASSERT_INT_EQ(u->notification[XNET_SCTP_SEND_FAILED], 0x0004);
  XT_ASSERT_INT_EQ(u->notification[XNET_SCTP_REMOTE_ERROR], 0x0003);
  XT_ASSERT_INT_EQ(u->notification[XNET_SCTP_NOTIFICATIONS_STOPPED_EVENT],
                   0x000b);
  XT_ASSERT_INT_EQ(u->notification[XNET_SCTP_SEND_FAILED_EVENT], 0x000e);
  XT_ASSERT_INT_EQ(u->state[XNET_SCTP_SHUTDOWN_PENDING], 0x80);
  XT_ASSERT_INT_EQ(u->paddr_state[XNET_SCTP_UNCONFIRMED], 0x200);
  XT_ASSERT_INT_EQ(u->pr_policy[XNET_SCTP_PR_SCTP_RTX], 3);
  XT_ASSERT_INT_EQ(u->sockopt[XNET_SCTP_OPT_STATUS], 0x100);
  XT_ASSERT_INT_EQ(u->sockopt[XNET_SCTP_OPT_REMOTE_UDP_ENCAPS_PORT], 0x24);
  XT_ASSERT_INT_EQ(u->bindx_add, 0x8001);
  XT_ASSERT_UINT_EQ(u->msg_notification, 0x2000);
  XT_ASSERT_UINT_EQ(u->flag[0], 0x0400);
  XT_ASSERT_UINT_EQ(u->paddr_change_size, 152);
  XT_ASSERT_UINT_EQ(u->paddrinfo_assoc_id_offset, 128);
  XT_ASSERT_UINT_EQ(u->af_inet6, 10);
  XT_ASSERT_UINT_EQ(xnet_sctp_layout_freebsd.af_inet6, 28);
  XT_ASSERT_UINT_EQ(xnet_sctp_layout_usrsctp_darwin.af_inet6, 30);
  XT_ASSERT_UINT_EQ(xnet_sctp_layout_freebsd.sa_len, 1);
  XT_ASSERT_INT_EQ(xnet_sctp_layout_freebsd.sockopt[XNET_SCTP_OPT_EVENTS],
                   0x0c);
  XT_ASSERT_INT_EQ(u->sockopt[XNET_SCTP_OPT_EVENTS], XNET_SCTP_NO_VALUE);
}

/* Every table maps distinct portable values to distinct numbers, so every
 * parse of a marshal gives the value back. */
static void test_sctp_abi_maps_are_bijections(void) {
  static const int counts[XNET_SCTP_MAP__MAX] = {
      XNET_SCTP_NOTIFICATION__MAX, XNET_SCTP_ASSOC_CHANGE_STATE__MAX,
      XNET_SCTP_PEER_ADDR_STATE__MAX, XNET_SCTP_SEND_FAILED_FLAG__MAX,
      XNET_SCTP_STATE__MAX, XNET_SCTP_PADDR_STATE__MAX,
      XNET_SCTP_PR_POLICY__MAX, XNET_SCTP_CMSG__MAX, XNET_SCTP_SOCKOPT__MAX};
  for (size_t li = 0; li < NLAYOUTS; li++) {
    for (int m = 0; m < XNET_SCTP_MAP__MAX; m++) {
      int supported = 0;
      for (int v = 0; v < counts[m]; v++) {
        int32_t native;
        int back;
        int err = xnet_sctp_layout_to_native(layouts[li], (xnet_sctp_map)m, v,
                                             &native);
        if (err) {
          XT_ASSERT_ERR(err, XNET_ENOTSUP);
          XT_ASSERT_INT_EQ(native, XNET_SCTP_NO_VALUE);
          continue;
        }
        supported++;
        XT_ASSERT_OK(xnet_sctp_layout_from_native(layouts[li],
                                                  (xnet_sctp_map)m, native,
                                                  &back));
        XT_ASSERT_INT_EQ(back, v);
      }
      XT_ASSERT(supported > 0);
      int32_t native;
      XT_ASSERT_ERR(xnet_sctp_layout_to_native(layouts[li], (xnet_sctp_map)m,
                                               counts[m], &native),
                    XNET_EINVAL);
      XT_ASSERT_ERR(xnet_sctp_layout_to_native(layouts[li], (xnet_sctp_map)m,
                                               -1, &native),
                    XNET_EINVAL);
      int back;
      XT_ASSERT_ERR(xnet_sctp_layout_from_native(layouts[li],
                                                 (xnet_sctp_map)m,
                                                 XNET_SCTP_NO_VALUE, &back),
                    XNET_EBADTYPE);
    }
    int32_t native;
    int back;
    XT_ASSERT_ERR(xnet_sctp_layout_to_native(layouts[li], XNET_SCTP_MAP__MAX,
                                             0, &native),
                  XNET_EINVAL);
    XT_ASSERT_ERR(xnet_sctp_layout_from_native(layouts[li], XNET_SCTP_MAP__MAX,
                                               0, &back),
                  XNET_EINVAL);
    XT_ASSERT_ERR(xnet_sctp_layout_from_native(
                      layouts[li], XNET_SCTP_MAP_NOTIFICATION, 0x7777, &back),
                  XNET_EBADTYPE);
  }
  int32_t native;
  XT_ASSERT_ERR(xnet_sctp_layout_to_native(&xnet_sctp_layout_usrsctp,
                                           XNET_SCTP_MAP_PEER_ADDR_STATE,
                                           XNET_SCTP_ADDR_POTENTIALLY_FAILED,
                                           &native),
                XNET_ENOTSUP);
  XT_ASSERT_ERR(xnet_sctp_layout_to_native(NULL, XNET_SCTP_MAP_STATE, 0,
                                           &native),
                XNET_EINVAL);
}

static void test_sctp_abi_flags_map_both_ways(void) {
  for (size_t li = 0; li < NLAYOUTS; li++) {
    const xnet_sctp_layout *l = layouts[li];
    uint16_t all = 0;
    for (int i = 0; i < XNET_SCTP_FLAG_BITS; i++) {
      uint16_t native;
      uint16_t bits = l->flag[i];
      int err = xnet_sctp_flags_to_native(l, 1u << i, &native);
      if (!bits) {
        XT_ASSERT_ERR(err, XNET_ENOTSUP);
        continue;
      }
      XT_ASSERT(xnet_sctp_flag_name(1u << i) != NULL);
      XT_ASSERT_OK(err);
      XT_ASSERT_UINT_EQ(native, bits);
      XT_ASSERT_UINT_EQ(xnet_sctp_flags_from_native(l, bits), 1u << i);
      XT_ASSERT_UINT_EQ(all & bits, 0); /* no two names share a bit */
      all |= bits;
    }
    /* Every 16-bit native word survives a round trip. */
    for (uint32_t w = 0; w <= 0xffff; w++) {
      uint16_t back;
      XT_ASSERT_OK(xnet_sctp_flags_to_native(
          l, xnet_sctp_flags_from_native(l, (uint16_t)w), &back));
      if (back != w) XT_ASSERT_UINT_EQ(back, w);
    }
  }
  uint16_t native;
  XT_ASSERT_ERR(xnet_sctp_flags_to_native(&xnet_sctp_layout_linux,
                                          XNET_SCTP_COMPLETE, &native),
                XNET_ENOTSUP);
  XT_ASSERT_ERR(xnet_sctp_flags_to_native(&xnet_sctp_layout_usrsctp,
                                          0x0400u << 16, &native),
                XNET_EINVAL);
  XT_ASSERT_UINT_EQ(xnet_sctp_flags_from_native(&xnet_sctp_layout_usrsctp,
                                                0x0401),
                    XNET_SCTP_UNORDERED | 1u << 16);
}

static void test_sctp_abi_msg_flags(void) {
  const uint32_t all = XNET_SCTP_MSG_NOTIFICATION | XNET_SCTP_MSG_EOR |
                       XNET_SCTP_MSG_CTRUNC;
  XT_ASSERT_UINT_EQ(xnet_sctp_msg_flags_from_native(&xnet_sctp_layout_linux,
                                                    0x8000 | 0x80 | 0x8 | 0x40),
                    all);
  XT_ASSERT_UINT_EQ(xnet_sctp_msg_flags_to_native(&xnet_sctp_layout_linux, all),
                    0x8088);
  XT_ASSERT_UINT_EQ(
      xnet_sctp_msg_flags_to_native(&xnet_sctp_layout_freebsd, all), 0x2028);
  XT_ASSERT_UINT_EQ(xnet_sctp_msg_flags_from_native(&xnet_sctp_layout_freebsd,
                                                    0x2000 | 0x20),
                    XNET_SCTP_MSG_NOTIFICATION | XNET_SCTP_MSG_CTRUNC);
  XT_ASSERT_UINT_EQ(xnet_sctp_msg_flags_from_native(&xnet_sctp_layout_usrsctp,
                                                    0x8000),
                    0);
  XT_ASSERT_UINT_EQ(
      xnet_sctp_msg_flags_to_native(&xnet_sctp_layout_usrsctp, all), 0x2088);
}

static void test_sctp_abi_names(void) {
  XT_ASSERT_STR_EQ(xnet_sctp_notification_type_name(XNET_SCTP_ASSOC_CHANGE),
                   "SCTP_ASSOC_CHANGE");
  XT_ASSERT_STR_EQ(
      xnet_sctp_notification_type_name(XNET_SCTP_SEND_FAILED_EVENT),
      "SCTP_SEND_FAILED_EVENT");
  XT_ASSERT(xnet_sctp_notification_type_name(0) == NULL);
  XT_ASSERT(xnet_sctp_notification_type_name(XNET_SCTP_NOTIFICATION__MAX) ==
            NULL);
  XT_ASSERT_STR_EQ(xnet_sctp_assoc_change_state_name(XNET_SCTP_CANT_STR_ASSOC),
                   "SCTP_CANT_STR_ASSOC");
  XT_ASSERT_STR_EQ(
      xnet_sctp_peer_addr_state_name(XNET_SCTP_ADDR_POTENTIALLY_FAILED),
      "SCTP_ADDR_POTENTIALLY_FAILED");
  XT_ASSERT_STR_EQ(xnet_sctp_send_failed_flag_name(XNET_SCTP_DATA_UNSENT),
                   "SCTP_DATA_UNSENT");
  XT_ASSERT_STR_EQ(xnet_sctp_state_name(XNET_SCTP_SHUTDOWN_ACK_SENT),
                   "SCTP_SHUTDOWN_ACK_SENT");
  XT_ASSERT_STR_EQ(xnet_sctp_state_name(XNET_SCTP_LISTEN), "SCTP_LISTEN");
  XT_ASSERT_STR_EQ(xnet_sctp_paddr_state_name(XNET_SCTP_UNCONFIRMED),
                   "SCTP_UNCONFIRMED");
  XT_ASSERT_STR_EQ(xnet_sctp_pr_policy_name(XNET_SCTP_PR_SCTP_PRIO),
                   "SCTP_PR_SCTP_PRIO");
  XT_ASSERT_STR_EQ(xnet_sctp_cmsg_type_name(XNET_SCTP_CMSG_NXTINFO),
                   "SCTP_NXTINFO");
  XT_ASSERT_STR_EQ(xnet_sctp_sockopt_name(XNET_SCTP_OPT_REMOTE_UDP_ENCAPS_PORT),
                   "SCTP_REMOTE_UDP_ENCAPS_PORT");
  XT_ASSERT_STR_EQ(xnet_sctp_flag_name(XNET_SCTP_EOF), "SCTP_EOF");
  XT_ASSERT(xnet_sctp_flag_name(XNET_SCTP_EOF | XNET_SCTP_ABORT) == NULL);
  XT_ASSERT(xnet_sctp_flag_name(0) == NULL);

  /* Every value of every enum has a name, none outside. */
  static const struct {
    const char *(*fn)(int);
    int count;
    int first;
  } enums[] = {
      {xnet_sctp_notification_type_name, XNET_SCTP_NOTIFICATION__MAX, 1},
      {xnet_sctp_assoc_change_state_name, XNET_SCTP_ASSOC_CHANGE_STATE__MAX, 0},
      {xnet_sctp_peer_addr_state_name, XNET_SCTP_PEER_ADDR_STATE__MAX, 0},
      {xnet_sctp_send_failed_flag_name, XNET_SCTP_SEND_FAILED_FLAG__MAX, 0},
      {xnet_sctp_state_name, XNET_SCTP_STATE__MAX, 0},
      {xnet_sctp_paddr_state_name, XNET_SCTP_PADDR_STATE__MAX, 0},
      {xnet_sctp_pr_policy_name, XNET_SCTP_PR_POLICY__MAX, 0},
      {xnet_sctp_cmsg_type_name, XNET_SCTP_CMSG__MAX, 0},
      {xnet_sctp_sockopt_name, XNET_SCTP_SOCKOPT__MAX, 0},
  };
  for (size_t e = 0; e < sizeof enums / sizeof enums[0]; e++) {
    for (int v = enums[e].first; v < enums[e].count; v++) {
      const char *name = enums[e].fn(v);
      XT_ASSERT(name != NULL && strncmp(name, "SCTP_", 5) == 0);
      for (int w = enums[e].first; w < v; w++)
        XT_ASSERT(strcmp(name, enums[e].fn(w)) != 0);
    }
    XT_ASSERT(enums[e].fn(enums[e].count) == NULL);
    XT_ASSERT(enums[e].fn(-1) == NULL);
  }
}

/* ---- sockaddrs ---------------------------------------------------------- */

static const uint8_t linux_sin[16] = {0x02, 0x00, 0x13, 0x88,
                                      0xc0, 0x00, 0x02, 0x01};
static const uint8_t linux_sin6[28] = {
    0x0a, 0x00, 0x00, 0x50, 0x00, 0x0a, 0xbc, 0xde, /* port 80, flow */
    0x20, 0x01, 0x0d, 0xb8, [23] = 0x01,            /* 2001:db8::1 */
    0x07, 0x00, 0x00, 0x00};                        /* scope 7 */
static const uint8_t freebsd_sin6[28] = {
    0x1c, 0x1c, 0x00, 0x50, 0x00, 0x0a, 0xbc, 0xde, 0x20, 0x01,
    0x0d, 0xb8, [23] = 0x01, 0x07, 0x00, 0x00, 0x00};
static const uint8_t darwin_sin6[28] = {
    0x1c, 0x1e, 0x00, 0x50, 0x00, 0x0a, 0xbc, 0xde, 0x20, 0x01,
    0x0d, 0xb8, [23] = 0x01, 0x07, 0x00, 0x00, 0x00};
static const uint8_t bsd_sin[16] = {0x10, 0x02, 0x13, 0x88,
                                    0xc0, 0x00, 0x02, 0x01};

static void test_sctp_abi_sockaddr_vectors(void) {
  static const struct {
    const xnet_sctp_layout *l;
    const uint8_t *b;
    size_t n;
  } cases[] = {
      {&xnet_sctp_layout_linux, linux_sin, 16},
      {&xnet_sctp_layout_usrsctp, linux_sin, 16},
      {&xnet_sctp_layout_freebsd, bsd_sin, 16},
      {&xnet_sctp_layout_usrsctp_darwin, bsd_sin, 16},
      {&xnet_sctp_layout_linux, linux_sin6, 28},
      {&xnet_sctp_layout_usrsctp, linux_sin6, 28},
      {&xnet_sctp_layout_freebsd, freebsd_sin6, 28},
      {&xnet_sctp_layout_usrsctp_darwin, darwin_sin6, 28},
  };
  static const uint8_t ip4[4] = {192, 0, 2, 1};
  static const uint8_t ip6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    xnet_sctp_addr a;
    uint8_t buf[32];
    size_t len;
    XT_ASSERT_OK(xnet_sctp_sockaddr_parse(cases[i].l, cases[i].b, cases[i].n,
                                          &a));
    if (cases[i].n == 16) {
      XT_ASSERT_INT_EQ(a.family, XNET_SCTP_AF_INET);
      XT_ASSERT_UINT_EQ(a.port, 5000);
      XT_ASSERT_MEM_EQ(a.ip, 4, ip4, 4);
    } else {
      XT_ASSERT_INT_EQ(a.family, XNET_SCTP_AF_INET6);
      XT_ASSERT_UINT_EQ(a.port, 80);
      XT_ASSERT_MEM_EQ(a.ip, 16, ip6, 16);
      XT_ASSERT_UINT_EQ(a.flowinfo, 0x000abcde);
      XT_ASSERT_UINT_EQ(a.scope_id, 7);
    }
    XT_ASSERT_OK(
        xnet_sctp_sockaddr_marshal(cases[i].l, &a, buf, sizeof buf, &len));
    XT_ASSERT_MEM_EQ(buf, len, cases[i].b, cases[i].n);
    for (size_t k = 0; k < cases[i].n; k++) {
      memset(&a, 0xa5, sizeof a);
      XT_ASSERT_ERR(xnet_sctp_sockaddr_parse(cases[i].l, cases[i].b, k, &a),
                    XNET_ESHORT);
      XT_ASSERT_INT_EQ(a.family, 0);
    }
  }
  /* The Linux vector matches the C library's struct. */
  struct sockaddr_in6 sin6;
  memset(&sin6, 0, sizeof sin6);
  sin6.sin6_family = AF_INET6;
  sin6.sin6_port = htons(80);
  sin6.sin6_flowinfo = htonl(0xabcde);
  memcpy(&sin6.sin6_addr, ip6, 16);
  sin6.sin6_scope_id = 7;
  XT_ASSERT_MEM_EQ(&sin6, sizeof sin6, linux_sin6, sizeof linux_sin6);
}

static void test_sctp_abi_sockaddr_errors(void) {
  xnet_sctp_addr a;
  uint8_t b[28];
  memcpy(b, linux_sin6, sizeof b);
  b[0] = 30; /* Darwin's AF_INET6 on Linux */
  XT_ASSERT_ERR(xnet_sctp_sockaddr_parse(&xnet_sctp_layout_linux, b, 28, &a),
                XNET_EAFNOSUPPORT);
  XT_ASSERT_ERR(xnet_sctp_sockaddr_parse(&xnet_sctp_layout_freebsd,
                                         darwin_sin6, 28, &a),
                XNET_EAFNOSUPPORT);
  memcpy(b, bsd_sin, 16);
  b[0] = 28; /* sin_len of an in6 */
  XT_ASSERT_ERR(xnet_sctp_sockaddr_parse(&xnet_sctp_layout_freebsd, b, 28, &a),
                XNET_EBADADDR);
  memset(b, 0, sizeof b);
  XT_ASSERT_OK(xnet_sctp_sockaddr_parse(&xnet_sctp_layout_linux, b, 2, &a));
  XT_ASSERT_INT_EQ(a.family, XNET_SCTP_AF_UNSPEC);
  XT_ASSERT_ERR(xnet_sctp_sockaddr_parse(&xnet_sctp_layout_linux, NULL, 2, &a),
                XNET_EINVAL);
  size_t len = 9;
  uint8_t out[28];
  XT_ASSERT_ERR(xnet_sctp_sockaddr_marshal(&xnet_sctp_layout_linux, &a, out,
                                           sizeof out, &len),
                XNET_EINVAL);
  a.family = XNET_SCTP_AF_INET6;
  XT_ASSERT_ERR(xnet_sctp_sockaddr_marshal(&xnet_sctp_layout_linux, &a, out,
                                           27, &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 28);
  a.family = XNET_SCTP_AF_INET;
  XT_ASSERT_ERR(xnet_sctp_sockaddr_marshal(&xnet_sctp_layout_linux, &a, NULL, 0,
                                           &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 16);
}

/* ---- SCTP_STATUS -------------------------------------------------------- */

/* usrsctp on Linux: ESTABLISHED (8), primary 127.0.0.1:5001 ACTIVE (1),
 * sockaddr first, assoc id at 128 of the sctp_paddrinfo. */
static const uint8_t usrsctp_status[176] = {
    [0] = 0x01,                                  /* assoc 1 */
    [4] = 0x08,                                  /* ESTABLISHED */
    [8] = 0x00, 0xa0, 0x01, 0x00,                /* rwnd 106496 */
    [12] = 0x02, [16] = 0x0a, [18] = 0x0a,       /* unack 2, 10, 10 */
    [20] = 0xac, 0x05,                           /* frag 1452 */
    [24] = 0x02, 0x00, 0x13, 0x89, 0x7f, 0x00, 0x00, 0x01,
    [24 + 128] = 0x01,                           /* spinfo_assoc_id */
    [24 + 132] = 0x01,                           /* SCTP_ACTIVE */
    [24 + 136] = 0x1c, 0x11,                     /* cwnd 4380 */
    [24 + 140] = 0x0a,                           /* srtt 10 */
    [24 + 144] = 0xc8,                           /* rto 200 */
    [24 + 148] = 0xdc, 0x05,                     /* mtu 1500 */
};

static void check_status(const xnet_sctp_status *s) {
  static const uint8_t lo[4] = {127, 0, 0, 1};
  XT_ASSERT_INT_EQ(s->assoc_id, 1);
  XT_ASSERT_INT_EQ(s->state, XNET_SCTP_ESTABLISHED);
  XT_ASSERT_UINT_EQ(s->rwnd, 106496);
  XT_ASSERT_UINT_EQ(s->unackdata, 2);
  XT_ASSERT_UINT_EQ(s->penddata, 0);
  XT_ASSERT_UINT_EQ(s->instrms, 10);
  XT_ASSERT_UINT_EQ(s->outstrms, 10);
  XT_ASSERT_UINT_EQ(s->fragmentation_point, 1452);
  XT_ASSERT_INT_EQ(s->primary.assoc_id, 1);
  XT_ASSERT_INT_EQ(s->primary.addr.family, XNET_SCTP_AF_INET);
  XT_ASSERT_UINT_EQ(s->primary.addr.port, 5001);
  XT_ASSERT_MEM_EQ(s->primary.addr.ip, 4, lo, 4);
  XT_ASSERT_INT_EQ(s->primary.state, XNET_SCTP_ACTIVE);
  XT_ASSERT_UINT_EQ(s->primary.cwnd, 4380);
  XT_ASSERT_UINT_EQ(s->primary.srtt, 10);
  XT_ASSERT_UINT_EQ(s->primary.rto, 200);
  XT_ASSERT_UINT_EQ(s->primary.mtu, 1500);
}

static void test_sctp_abi_status_linux_struct(void) {
  struct sctp_status st;
  memset(&st, 0, sizeof st);
  st.sstat_assoc_id = 1;
  st.sstat_state = SCTP_ESTABLISHED;
  st.sstat_rwnd = 106496;
  st.sstat_unackdata = 2;
  st.sstat_instrms = 10;
  st.sstat_outstrms = 10;
  st.sstat_fragmentation_point = 1452;
  st.sstat_primary.spinfo_assoc_id = 1;
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = htons(5001);
  sin.sin_addr.s_addr = htonl(0x7f000001);
  memcpy(&st.sstat_primary.spinfo_address, &sin, sizeof sin);
  st.sstat_primary.spinfo_state = SCTP_ACTIVE;
  st.sstat_primary.spinfo_cwnd = 4380;
  st.sstat_primary.spinfo_srtt = 10;
  st.sstat_primary.spinfo_rto = 200;
  st.sstat_primary.spinfo_mtu = 1500;

  xnet_sctp_status s;
  XT_ASSERT_OK(xnet_sctp_status_parse(&xnet_sctp_layout_linux,
                                      (const uint8_t *)&st, sizeof st, &s));
  check_status(&s);
  uint8_t buf[176];
  size_t len;
  XT_ASSERT_OK(xnet_sctp_status_marshal(&xnet_sctp_layout_linux, &s, buf,
                                        sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, &st, sizeof st);
  /* The same status in usrsctp's layout is the hand-built vector. */
  XT_ASSERT_OK(xnet_sctp_status_marshal(&xnet_sctp_layout_usrsctp, &s, buf,
                                        sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, usrsctp_status, sizeof usrsctp_status);

  xnet_sctp_paddrinfo p;
  XT_ASSERT_OK(xnet_sctp_paddrinfo_parse(&xnet_sctp_layout_linux,
                                         (const uint8_t *)&st.sstat_primary,
                                         sizeof st.sstat_primary, &p));
  XT_ASSERT_UINT_EQ(p.addr.port, 5001);
  XT_ASSERT_OK(xnet_sctp_paddrinfo_marshal(&xnet_sctp_layout_linux, &p, buf,
                                           sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, &st.sstat_primary, sizeof st.sstat_primary);
}

static void test_sctp_abi_status_usrsctp_vector(void) {
  xnet_sctp_status s;
  XT_ASSERT_OK(xnet_sctp_status_parse(&xnet_sctp_layout_usrsctp,
                                      usrsctp_status, sizeof usrsctp_status,
                                      &s));
  check_status(&s);
  xnet_sctp_paddrinfo p;
  XT_ASSERT_OK(xnet_sctp_paddrinfo_parse(&xnet_sctp_layout_usrsctp,
                                         usrsctp_status + 24, 152, &p));
  XT_ASSERT_INT_EQ(p.assoc_id, 1);
  XT_ASSERT_INT_EQ(p.state, XNET_SCTP_ACTIVE);
  /* No primary path: usrsctp zero-fills sstat_primary. */
  uint8_t b[176];
  memcpy(b, usrsctp_status, sizeof b);
  memset(b + 24, 0, 152);
  XT_ASSERT_OK(xnet_sctp_status_parse(&xnet_sctp_layout_usrsctp, b, 176, &s));
  XT_ASSERT_INT_EQ(s.primary.addr.family, XNET_SCTP_AF_UNSPEC);
  XT_ASSERT_INT_EQ(s.primary.state, XNET_SCTP_UNKNOWN);
  uint8_t out[176];
  size_t len;
  XT_ASSERT_OK(xnet_sctp_status_marshal(&xnet_sctp_layout_usrsctp, &s, out,
                                        sizeof out, &len));
  XT_ASSERT_MEM_EQ(out, len, b, sizeof b);
}

static void test_sctp_abi_status_errors(void) {
  xnet_sctp_status s;
  for (size_t k = 0; k < sizeof usrsctp_status; k++) {
    memset(&s, 0xa5, sizeof s);
    XT_ASSERT_ERR(xnet_sctp_status_parse(&xnet_sctp_layout_usrsctp,
                                         usrsctp_status, k, &s),
                  XNET_ESHORT);
    XT_ASSERT_INT_EQ(s.assoc_id, 0);
    XT_ASSERT_UINT_EQ(s.primary.mtu, 0);
  }
  uint8_t b[177];
  memcpy(b, usrsctp_status, 176);
  b[176] = 0;
  XT_ASSERT_ERR(xnet_sctp_status_parse(&xnet_sctp_layout_usrsctp, b, 177, &s),
                XNET_EBADLEN);
  b[4] = 0x03; /* not a usrsctp state */
  XT_ASSERT_ERR(xnet_sctp_status_parse(&xnet_sctp_layout_usrsctp, b, 176, &s),
                XNET_EBADFORMAT);
  XT_ASSERT_INT_EQ(s.assoc_id, 0);
  b[4] = 0x08;
  b[24 + 132] = 0x03; /* not a usrsctp path state */
  XT_ASSERT_ERR(xnet_sctp_status_parse(&xnet_sctp_layout_usrsctp, b, 176, &s),
                XNET_EBADFORMAT);
  XT_ASSERT_INT_EQ(s.assoc_id, 0);
  b[24 + 132] = 0x01;
  b[24] = 0x1c; /* FreeBSD's AF_INET6 on Linux */
  XT_ASSERT_ERR(xnet_sctp_status_parse(&xnet_sctp_layout_usrsctp, b, 176, &s),
                XNET_EAFNOSUPPORT);

  uint8_t out[176];
  size_t len = 0;
  XT_ASSERT_OK(xnet_sctp_status_parse(&xnet_sctp_layout_usrsctp,
                                      usrsctp_status, 176, &s));
  XT_ASSERT_ERR(xnet_sctp_status_marshal(&xnet_sctp_layout_usrsctp, &s, out,
                                         175, &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 176);
  s.state = XNET_SCTP_LISTEN; /* usrsctp only */
  XT_ASSERT_ERR(xnet_sctp_status_marshal(&xnet_sctp_layout_linux, &s, out,
                                         sizeof out, &len),
                XNET_ENOTSUP);
  s.state = XNET_SCTP_STATE__MAX;
  XT_ASSERT_ERR(xnet_sctp_status_marshal(&xnet_sctp_layout_linux, &s, out,
                                         sizeof out, &len),
                XNET_EINVAL);
  s.state = XNET_SCTP_CLOSED;
  s.primary.state = XNET_SCTP_PF; /* Linux only */
  XT_ASSERT_ERR(xnet_sctp_status_marshal(&xnet_sctp_layout_usrsctp, &s, out,
                                         sizeof out, &len),
                XNET_ENOTSUP);
  xnet_sctp_paddrinfo p;
  memset(&p, 0, sizeof p);
  XT_ASSERT_ERR(xnet_sctp_paddrinfo_parse(&xnet_sctp_layout_linux, out, 151,
                                          &p),
                XNET_ESHORT);
  XT_ASSERT_ERR(xnet_sctp_paddrinfo_marshal(&xnet_sctp_layout_linux, &p, out,
                                            151, &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 152);
}

XT_SUITE(codecs, sctp_abi, NULL, NULL,
         XT_TEST(test_sctp_abi_linux_table_matches_headers),
         XT_TEST(test_sctp_abi_usrsctp_table_spot_values),
         XT_TEST(test_sctp_abi_maps_are_bijections),
         XT_TEST(test_sctp_abi_flags_map_both_ways),
         XT_TEST(test_sctp_abi_msg_flags),
         XT_TEST(test_sctp_abi_names),
         XT_TEST(test_sctp_abi_sockaddr_vectors),
         XT_TEST(test_sctp_abi_sockaddr_errors),
         XT_TEST(test_sctp_abi_status_linux_struct),
         XT_TEST(test_sctp_abi_status_usrsctp_vector),
         XT_TEST(test_sctp_abi_status_errors));
