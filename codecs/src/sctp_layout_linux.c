/* sctp_layout_linux.c — the Linux kernel SCTP ABI as data.
 *
 * Source: <linux/sctp.h> (kernel uapi, Debian 12) and <netinet/sctp.h>
 * (lksctp-tools 1.0.19); sockaddrs from glibc <netinet/in.h> (no sin_len,
 * AF_INET 2, AF_INET6 10); MSG_EOR 0x80, MSG_CTRUNC 0x8 and MSG_FIN 0x200
 * from glibc <bits/socket.h>. Byte order of the cause fields measured on a
 * real kernel (notes/sctp-here.md: an ABORT with cause 12 gives sac_error
 * and ssf_error 3072). Every value is checked against the installed headers
 * in tests/codecs/test_sctp_abi.c. */
#include "xnet/sctp_abi.h"

const xnet_sctp_layout xnet_sctp_layout_linux = {
    .name = "linux",
    .little_endian = 1,
    .sa_len = 0,
    .af_inet = 2,
    .af_inet6 = 10,
    .cause_network_order = 1,
    /* __attribute__((packed, aligned(4))) */
    .paddr_change_size = 148,
    .paddrinfo_assoc_id_offset = 0,
    .paddrinfo_address_offset = 4,
    .sockopt_level = 132, /* SOL_SCTP */
    .cmsg_level = 132,    /* IPPROTO_SCTP */
    .bindx_add = 0x01,
    .bindx_rem = 0x02,
    .msg_notification = 0x8000,
    .msg_eor = 0x80,
    .msg_ctrunc = 0x08,
    .sinfo_pr_mask = 0x0030, /* SCTP_PR_SCTP_MASK */
    /* enum sctp_sinfo_flags; bits 4-5 carry the PR policy, bit 7 is
     * SCTP_PR_SCTP_ALL (kept as an unmapped bit). */
    .flag =
        {
            [0] = 0x0001,  /* SCTP_UNORDERED */
            [1] = 0x0002,  /* SCTP_ADDR_OVER */
            [2] = 0x0004,  /* SCTP_ABORT */
            [3] = 0x0008,  /* SCTP_SACK_IMMEDIATELY */
            [6] = 0x0040,  /* SCTP_SENDALL */
            [9] = 0x0200,  /* SCTP_EOF = MSG_FIN */
            [15] = 0x8000, /* SCTP_NOTIFICATION = MSG_NOTIFICATION */
        },
    /* enum sctp_sn_type: SCTP_SN_TYPE_BASE (1 << 15) + n. */
    .notification =
        {
            [0] = XNET_SCTP_NO_VALUE,
            [XNET_SCTP_ASSOC_CHANGE] = 0x8001,
            [XNET_SCTP_PEER_ADDR_CHANGE] = 0x8002,
            [XNET_SCTP_REMOTE_ERROR] = 0x8004,
            [XNET_SCTP_SHUTDOWN_EVENT] = 0x8005,
            [XNET_SCTP_PARTIAL_DELIVERY_EVENT] = 0x8006,
            [XNET_SCTP_ADAPTATION_INDICATION] = 0x8007,
            [XNET_SCTP_AUTHENTICATION_EVENT] = 0x8008,
            [XNET_SCTP_SENDER_DRY_EVENT] = 0x8009,
            [XNET_SCTP_STREAM_RESET_EVENT] = 0x800a,
            [XNET_SCTP_ASSOC_RESET_EVENT] = 0x800b,
            [XNET_SCTP_STREAM_CHANGE_EVENT] = 0x800c,
            [XNET_SCTP_SEND_FAILED_EVENT] = 0x800d,
            [XNET_SCTP_SEND_FAILED] = 0x8003,
            [XNET_SCTP_NOTIFICATIONS_STOPPED_EVENT] = XNET_SCTP_NO_VALUE,
        },
    /* enum sctp_sac_state */
    .assoc_change_state = {0, 1, 2, 3, 4},
    /* enum sctp_spc_state */
    .peer_addr_state = {0, 1, 2, 3, 4, 5, 6},
    /* enum sctp_ssf_flags */
    .send_failed_flag = {0, 1},
    /* enum sctp_sstat_state */
    .state =
        {
            [XNET_SCTP_EMPTY] = 0,
            [XNET_SCTP_CLOSED] = 1,
            [XNET_SCTP_COOKIE_WAIT] = 2,
            [XNET_SCTP_COOKIE_ECHOED] = 3,
            [XNET_SCTP_ESTABLISHED] = 4,
            [XNET_SCTP_SHUTDOWN_PENDING] = 5,
            [XNET_SCTP_SHUTDOWN_SENT] = 6,
            [XNET_SCTP_SHUTDOWN_RECEIVED] = 7,
            [XNET_SCTP_SHUTDOWN_ACK_SENT] = 8,
            [XNET_SCTP_BOUND] = XNET_SCTP_NO_VALUE,
            [XNET_SCTP_LISTEN] = XNET_SCTP_NO_VALUE,
        },
    /* enum sctp_spinfo_state */
    .paddr_state =
        {
            [XNET_SCTP_INACTIVE] = 0,
            [XNET_SCTP_PF] = 1,
            [XNET_SCTP_ACTIVE] = 2,
            [XNET_SCTP_UNCONFIRMED] = 3,
            [XNET_SCTP_UNKNOWN] = 0xffff,
        },
    /* SCTP_PR_SCTP_* */
    .pr_policy =
        {
            [XNET_SCTP_PR_SCTP_NONE] = 0x00,
            [XNET_SCTP_PR_SCTP_TTL] = 0x10,
            [XNET_SCTP_PR_SCTP_RTX] = 0x20,
            [XNET_SCTP_PR_SCTP_PRIO] = 0x30,
        },
    /* enum sctp_cmsg_type */
    .cmsg_type =
        {
            [XNET_SCTP_CMSG_INIT] = 0,
            [XNET_SCTP_CMSG_SNDRCV] = 1,
            [XNET_SCTP_CMSG_SNDINFO] = 2,
            [XNET_SCTP_CMSG_RCVINFO] = 3,
            [XNET_SCTP_CMSG_NXTINFO] = 4,
            [XNET_SCTP_CMSG_PRINFO] = 5,
            [XNET_SCTP_CMSG_AUTHINFO] = 6,
            [XNET_SCTP_CMSG_DSTADDRV4] = 7,
            [XNET_SCTP_CMSG_DSTADDRV6] = 8,
            [XNET_SCTP_CMSG_EXTRCV] = XNET_SCTP_NO_VALUE,
        },
    .cmsg_len =
        {
            [XNET_SCTP_CMSG_INIT] = 8,
            [XNET_SCTP_CMSG_SNDRCV] = 32,
            [XNET_SCTP_CMSG_SNDINFO] = 16,
            [XNET_SCTP_CMSG_RCVINFO] = 28,
            [XNET_SCTP_CMSG_NXTINFO] = 16,
            [XNET_SCTP_CMSG_PRINFO] = 8,
            [XNET_SCTP_CMSG_AUTHINFO] = 2,
            [XNET_SCTP_CMSG_DSTADDRV4] = 4,
            [XNET_SCTP_CMSG_DSTADDRV6] = 16,
            [XNET_SCTP_CMSG_EXTRCV] = 0,
        },
    .sockopt =
        {
            [XNET_SCTP_OPT_RTOINFO] = 0,
            [XNET_SCTP_OPT_ASSOCINFO] = 1,
            [XNET_SCTP_OPT_INITMSG] = 2,
            [XNET_SCTP_OPT_NODELAY] = 3,
            [XNET_SCTP_OPT_AUTOCLOSE] = 4,
            [XNET_SCTP_OPT_PRIMARY_ADDR] = 6,
            [XNET_SCTP_OPT_ADAPTATION_LAYER] = 7,
            [XNET_SCTP_OPT_DISABLE_FRAGMENTS] = 8,
            [XNET_SCTP_OPT_PEER_ADDR_PARAMS] = 9,
            [XNET_SCTP_OPT_EVENTS] = 11,
            [XNET_SCTP_OPT_I_WANT_MAPPED_V4_ADDR] = 12,
            [XNET_SCTP_OPT_MAXSEG] = 13,
            [XNET_SCTP_OPT_STATUS] = 14,
            [XNET_SCTP_OPT_GET_PEER_ADDR_INFO] = 15,
            [XNET_SCTP_OPT_DELAYED_SACK] = 16,
            [XNET_SCTP_OPT_CONTEXT] = 17,
            [XNET_SCTP_OPT_FRAGMENT_INTERLEAVE] = 18,
            [XNET_SCTP_OPT_PARTIAL_DELIVERY_POINT] = 19,
            [XNET_SCTP_OPT_MAX_BURST] = 20,
            [XNET_SCTP_OPT_EXPLICIT_EOR] = XNET_SCTP_NO_VALUE,
            [XNET_SCTP_OPT_REUSE_PORT] = 36,
            [XNET_SCTP_OPT_EVENT] = 127,
            [XNET_SCTP_OPT_RECVRCVINFO] = 32,
            [XNET_SCTP_OPT_RECVNXTINFO] = 33,
            [XNET_SCTP_OPT_DEFAULT_SNDINFO] = 34,
            [XNET_SCTP_OPT_DEFAULT_PRINFO] = 114,
            [XNET_SCTP_OPT_REMOTE_UDP_ENCAPS_PORT] = 132,
        },
};
