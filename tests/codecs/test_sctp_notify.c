/* test_sctp_notify.c — SCTP notifications: byte-exact vectors for every
 * decoded type in the Linux and usrsctp/BSD layouts, checked for Linux
 * against the installed <netinet/sctp.h> structures; error cases; round
 * trips; every truncation. */
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "xnet/error.h"
#include "xnet/sctp_notify.h"
#include "xnet_test.h"

/* ---- vectors (little-endian, as on amd64/arm64) ------------------------ */

/* Linux SCTP_COMM_UP: no sac_info. */
static const uint8_t linux_comm_up[] = {
    0x01, 0x80, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, /* 0x8001, flags, 20 */
    0x00, 0x00, 0x00, 0x00,                         /* COMM_UP, error 0 */
    0x0a, 0x00, 0x05, 0x00,                         /* out 10, in 5 */
    0x07, 0x00, 0x00, 0x00,                         /* assoc 7 */
};

/* Linux SCTP_COMM_LOST after an ABORT with cause 12 (user initiated): the
 * cause in network order, the ABORT chunk as sac_info. */
static const uint8_t linux_comm_lost[] = {
    0x01, 0x80, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, /* 0x8001, 28 */
    0x01, 0x00, 0x00, 0x0c,                         /* COMM_LOST, be16 12 */
    0x0a, 0x00, 0x0a, 0x00, 0x02, 0x00, 0x00, 0x00, /* 10, 10, assoc 2 */
    0x06, 0x00, 0x00, 0x08, 0x00, 0x0c, 0x00, 0x04, /* ABORT, cause 12 */
};

/* usrsctp SCTP_COMM_UP with its 5 supported-feature bytes. */
static const uint8_t usrsctp_comm_up[] = {
    0x01, 0x00, 0x00, 0x00, 0x19, 0x00, 0x00, 0x00, /* 0x0001, 25 */
    0x01, 0x00, 0x00, 0x00,                         /* COMM_UP (1), 0 */
    0x0a, 0x00, 0x0a, 0x00, 0x01, 0x00, 0x00, 0x00, /* 10, 10, assoc 1 */
    0x01, 0x02, 0x03, 0x04, 0x05,                   /* PR AUTH ASCONF ... */
};

/* usrsctp SCTP_COMM_LOST with cause 12 in host order, assoc id 0xffffffff. */
static const uint8_t usrsctp_comm_lost[] = {
    0x01, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x02, 0x00, 0x0c, 0x00,
    0x0a, 0x00, 0x0a, 0x00, 0xff, 0xff, 0xff, 0xff,
};

/* Linux SCTP_PEER_ADDR_CHANGE: 127.0.0.2:5000 confirmed, 148 bytes. */
static const uint8_t linux_paddr_v4[148] = {
    [0] = 0x02, [1] = 0x80, [4] = 0x94,                   /* 0x8002, 148 */
    [8] = 0x02, [10] = 0x13, [11] = 0x88,                 /* AF_INET, 5000 */
    [12] = 0x7f, [15] = 0x02,                             /* 127.0.0.2 */
    [136] = 0x05,                                         /* CONFIRMED */
    [144] = 0x01,                                         /* assoc 1 */
};

/* Linux SCTP_PEER_ADDR_CHANGE: [fe80::1%2]:5000 unreachable, error 3,
 * flowinfo 0x12345. */
static const uint8_t linux_paddr_v6[148] = {
    [0] = 0x02, [1] = 0x80, [4] = 0x94,
    [8] = 0x0a, [10] = 0x13, [11] = 0x88,                 /* AF_INET6 10 */
    [13] = 0x01, [14] = 0x23, [15] = 0x45,                /* flowinfo */
    [16] = 0xfe, [17] = 0x80, [31] = 0x01,                /* fe80::1 */
    [32] = 0x02,                                          /* scope 2 */
    [136] = 0x01, [140] = 0x03, [144] = 0x01,
};

/* usrsctp on Linux: the same IPv4 event, 152 bytes, CONFIRMED = 6. */
static const uint8_t usrsctp_paddr_v4[152] = {
    [0] = 0x02, [4] = 0x98, [8] = 0x02, [10] = 0x13, [11] = 0x88,
    [12] = 0x7f, [15] = 0x02, [136] = 0x06, [144] = 0x01,
};

/* FreeBSD: sin6_len 28, AF_INET6 28; [2001:db8::1]:9 ADDR_ADDED (4). */
static const uint8_t freebsd_paddr_v6[152] = {
    [0] = 0x02, [4] = 0x98, [8] = 0x1c, [9] = 0x1c, [11] = 0x09,
    [16] = 0x20, [17] = 0x01, [18] = 0x0d, [19] = 0xb8, [31] = 0x01,
    [136] = 0x04, [144] = 0x03,
};

/* usrsctp on macOS: sin6_len 28, AF_INET6 30; same event. */
static const uint8_t darwin_paddr_v6[152] = {
    [0] = 0x02, [4] = 0x98, [8] = 0x1c, [9] = 0x1e, [11] = 0x09,
    [16] = 0x20, [17] = 0x01, [18] = 0x0d, [19] = 0xb8, [31] = 0x01,
    [136] = 0x04, [144] = 0x03,
};

/* usrsctp on macOS: sin_len 16, AF_INET 2; 192.0.2.1:80 ADDR_AVAILABLE. */
static const uint8_t darwin_paddr_v4[152] = {
    [0] = 0x02, [4] = 0x98, [8] = 0x10, [9] = 0x02, [11] = 0x50,
    [12] = 0xc0, [14] = 0x02, [15] = 0x01, [136] = 0x01, [144] = 0x01,
};

/* Linux SCTP_REMOTE_ERROR: cause 1 (invalid stream) in network order and
 * the ERROR chunk's cause. */
static const uint8_t linux_remote_error[] = {
    0x04, 0x80, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00, /* 0x8004, 24 */
    0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, /* be16 1, assoc 1 */
    0x00, 0x01, 0x00, 0x08, 0x00, 0x05, 0x00, 0x00, /* cause 1, sid 5 */
};

static const uint8_t usrsctp_remote_error[] = {
    0x03, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00, /* 0x0003, 24 */
    0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, /* host 1, assoc 1 */
    0x00, 0x01, 0x00, 0x08, 0x00, 0x05, 0x00, 0x00,
};

static const uint8_t linux_shutdown[] = {0x05, 0x80, 0x00, 0x00, 0x0c, 0x00,
                                         0x00, 0x00, 0x03, 0x00, 0x00, 0x00};
static const uint8_t usrsctp_shutdown[] = {0x05, 0x00, 0x00, 0x00, 0x0c, 0x00,
                                           0x00, 0x00, 0x03, 0x00, 0x00, 0x00};

static const uint8_t linux_adaptation[] = {
    0x07, 0x80, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
    0x04, 0x03, 0x02, 0x01, 0x02, 0x00, 0x00, 0x00, /* 0x01020304, 2 */
};
static const uint8_t usrsctp_adaptation[] = {
    0x06, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
    0x04, 0x03, 0x02, 0x01, 0x02, 0x00, 0x00, 0x00,
};

static const uint8_t linux_sender_dry[] = {0x09, 0x80, 0x00, 0x00, 0x0c, 0x00,
                                           0x00, 0x00, 0x04, 0x00, 0x00, 0x00};
static const uint8_t usrsctp_sender_dry[] = {
    0x0a, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00};

/* Linux SCTP_SEND_FAILED_EVENT: DATA_SENT (1), ssf_error 0x0c00 (cause 12),
 * sndinfo sid 3, flags NOT_FRAG, ppid 0x12345678, context 9, "hello". */
static const uint8_t linux_send_failed[] = {
    0x0d, 0x80, 0x01, 0x00, 0x25, 0x00, 0x00, 0x00, /* 0x800d, SENT, 37 */
    0x00, 0x0c, 0x00, 0x00,                         /* ssf_error */
    0x03, 0x00, 0x03, 0x00, 0x78, 0x56, 0x34, 0x12, /* sid, flags, ppid */
    0x09, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, /* context, assoc */
    0x01, 0x00, 0x00, 0x00,                         /* ssf_assoc_id */
    'h',  'e',  'l',  'l',  'o',
};

/* usrsctp: SCTP_DATA_SENT is 2 and the cause is in host order. */
static const uint8_t usrsctp_send_failed[] = {
    0x0e, 0x00, 0x02, 0x00, 0x25, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00,
    0x03, 0x00, 0x03, 0x00, 0x78, 0x56, 0x34, 0x12, 0x09, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 'h',  'e',  'l',  'l',
    'o',
};

typedef struct vec {
  const char *name;
  const xnet_sctp_layout *layout;
  const uint8_t *b;
  size_t n;
  xnet_sctp_notification_type type;
  size_t fixed; /* the type's fixed size in this layout */
} vec;

#define VEC(l, v, t, f) {#v, &(l), v, sizeof v, t, f}
static const vec vectors[] = {
    VEC(xnet_sctp_layout_linux, linux_comm_up, XNET_SCTP_ASSOC_CHANGE, 20),
    VEC(xnet_sctp_layout_linux, linux_comm_lost, XNET_SCTP_ASSOC_CHANGE, 20),
    VEC(xnet_sctp_layout_usrsctp, usrsctp_comm_up, XNET_SCTP_ASSOC_CHANGE, 20),
    VEC(xnet_sctp_layout_usrsctp, usrsctp_comm_lost, XNET_SCTP_ASSOC_CHANGE,
        20),
    VEC(xnet_sctp_layout_linux, linux_paddr_v4, XNET_SCTP_PEER_ADDR_CHANGE,
        148),
    VEC(xnet_sctp_layout_linux, linux_paddr_v6, XNET_SCTP_PEER_ADDR_CHANGE,
        148),
    VEC(xnet_sctp_layout_usrsctp, usrsctp_paddr_v4, XNET_SCTP_PEER_ADDR_CHANGE,
        152),
    VEC(xnet_sctp_layout_freebsd, freebsd_paddr_v6, XNET_SCTP_PEER_ADDR_CHANGE,
        152),
    VEC(xnet_sctp_layout_usrsctp_darwin, darwin_paddr_v6,
        XNET_SCTP_PEER_ADDR_CHANGE, 152),
    VEC(xnet_sctp_layout_usrsctp_darwin, darwin_paddr_v4,
        XNET_SCTP_PEER_ADDR_CHANGE, 152),
    VEC(xnet_sctp_layout_linux, linux_remote_error, XNET_SCTP_REMOTE_ERROR, 16),
    VEC(xnet_sctp_layout_usrsctp, usrsctp_remote_error, XNET_SCTP_REMOTE_ERROR,
        16),
    VEC(xnet_sctp_layout_linux, linux_shutdown, XNET_SCTP_SHUTDOWN_EVENT, 12),
    VEC(xnet_sctp_layout_usrsctp, usrsctp_shutdown, XNET_SCTP_SHUTDOWN_EVENT,
        12),
    VEC(xnet_sctp_layout_linux, linux_adaptation,
        XNET_SCTP_ADAPTATION_INDICATION, 16),
    VEC(xnet_sctp_layout_usrsctp, usrsctp_adaptation,
        XNET_SCTP_ADAPTATION_INDICATION, 16),
    VEC(xnet_sctp_layout_linux, linux_sender_dry, XNET_SCTP_SENDER_DRY_EVENT,
        12),
    VEC(xnet_sctp_layout_usrsctp, usrsctp_sender_dry,
        XNET_SCTP_SENDER_DRY_EVENT, 12),
    VEC(xnet_sctp_layout_linux, linux_send_failed, XNET_SCTP_SEND_FAILED_EVENT,
        32),
    VEC(xnet_sctp_layout_usrsctp, usrsctp_send_failed,
        XNET_SCTP_SEND_FAILED_EVENT, 32),
};
#define NVEC (sizeof vectors / sizeof vectors[0])

static int all_zero(const void *p, size_t n) {
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i]) return 0;
  return 1;
}

static const xnet_sctp_layout *const all_layouts[] = {
    &xnet_sctp_layout_linux, &xnet_sctp_layout_usrsctp,
    &xnet_sctp_layout_usrsctp_darwin, &xnet_sctp_layout_freebsd};

/* ---- the Linux vectors are the kernel's structures --------------------- */

static void test_sctp_notify_linux_vectors_match_kernel_structs(void) {
  uint8_t buf[sizeof(union sctp_notification) + 16];

  struct sctp_assoc_change ac;
  memset(&ac, 0, sizeof ac);
  ac.sac_type = SCTP_ASSOC_CHANGE;
  ac.sac_length = sizeof ac + 8;
  ac.sac_state = SCTP_COMM_LOST;
  ac.sac_error = htons(12);
  ac.sac_outbound_streams = 10;
  ac.sac_inbound_streams = 10;
  ac.sac_assoc_id = 2;
  memcpy(buf, &ac, sizeof ac);
  XT_ASSERT_MEM_EQ(buf, sizeof ac, linux_comm_lost, sizeof ac);

  struct sctp_paddr_change pc;
  memset(&pc, 0, sizeof pc);
  pc.spc_type = SCTP_PEER_ADDR_CHANGE;
  pc.spc_length = sizeof pc;
  struct sockaddr_in6 sin6;
  memset(&sin6, 0, sizeof sin6);
  sin6.sin6_family = AF_INET6;
  sin6.sin6_port = htons(5000);
  sin6.sin6_flowinfo = htonl(0x12345);
  sin6.sin6_addr.s6_addr[0] = 0xfe;
  sin6.sin6_addr.s6_addr[1] = 0x80;
  sin6.sin6_addr.s6_addr[15] = 0x01;
  sin6.sin6_scope_id = 2;
  memcpy(&pc.spc_aaddr, &sin6, sizeof sin6);
  pc.spc_state = SCTP_ADDR_UNREACHABLE;
  pc.spc_error = 3;
  pc.spc_assoc_id = 1;
  memcpy(buf, &pc, sizeof pc);
  XT_ASSERT_MEM_EQ(buf, sizeof pc, linux_paddr_v6, sizeof linux_paddr_v6);

  struct sctp_remote_error re;
  memset(&re, 0, sizeof re);
  re.sre_type = SCTP_REMOTE_ERROR;
  re.sre_length = sizeof re + 8;
  re.sre_error = htons(1);
  re.sre_assoc_id = 1;
  memcpy(buf, &re, sizeof re);
  XT_ASSERT_MEM_EQ(buf, sizeof re, linux_remote_error, sizeof re);

  struct sctp_shutdown_event se = {SCTP_SHUTDOWN_EVENT, 0, sizeof se, 3};
  memcpy(buf, &se, sizeof se);
  XT_ASSERT_MEM_EQ(buf, sizeof se, linux_shutdown, sizeof linux_shutdown);

  struct sctp_adaptation_event ae = {SCTP_ADAPTATION_INDICATION, 0, sizeof ae,
                                     0x01020304, 2};
  memcpy(buf, &ae, sizeof ae);
  XT_ASSERT_MEM_EQ(buf, sizeof ae, linux_adaptation, sizeof linux_adaptation);

  struct sctp_sender_dry_event de = {SCTP_SENDER_DRY_EVENT, 0, sizeof de, 4};
  memcpy(buf, &de, sizeof de);
  XT_ASSERT_MEM_EQ(buf, sizeof de, linux_sender_dry, sizeof linux_sender_dry);

  struct sctp_send_failed_event sf;
  memset(&sf, 0, sizeof sf);
  sf.ssf_type = SCTP_SEND_FAILED_EVENT;
  sf.ssf_flags = SCTP_DATA_SENT;
  sf.ssf_length = sizeof sf + 5;
  sf.ssf_error = htons(12);
  sf.ssfe_info.snd_sid = 3;
  sf.ssfe_info.snd_flags = 3;
  sf.ssfe_info.snd_ppid = 0x12345678;
  sf.ssfe_info.snd_context = 9;
  sf.ssfe_info.snd_assoc_id = 1;
  sf.ssf_assoc_id = 1;
  memcpy(buf, &sf, sizeof sf);
  XT_ASSERT_MEM_EQ(buf, sizeof sf, linux_send_failed, sizeof sf);
}

/* ---- decoded values ----------------------------------------------------- */

static void test_sctp_notify_parse_assoc_change(void) {
  xnet_sctp_notification n;
  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_linux, linux_comm_up, sizeof linux_comm_up, &n));
  XT_ASSERT_INT_EQ(n.type, XNET_SCTP_ASSOC_CHANGE);
  XT_ASSERT_UINT_EQ(n.native_type, 0x8001);
  XT_ASSERT_UINT_EQ(n.length, 20);
  XT_ASSERT(n.raw == linux_comm_up);
  XT_ASSERT_INT_EQ(n.u.assoc_change.state, XNET_SCTP_COMM_UP);
  XT_ASSERT_UINT_EQ(n.u.assoc_change.error, 0);
  XT_ASSERT_UINT_EQ(n.u.assoc_change.outbound_streams, 10);
  XT_ASSERT_UINT_EQ(n.u.assoc_change.inbound_streams, 5);
  XT_ASSERT_INT_EQ(n.u.assoc_change.assoc_id, 7);
  XT_ASSERT(n.u.assoc_change.info == NULL);
  XT_ASSERT_UINT_EQ(n.u.assoc_change.info_len, 0);

  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_linux, linux_comm_lost, sizeof linux_comm_lost, &n));
  XT_ASSERT_INT_EQ(n.u.assoc_change.state, XNET_SCTP_COMM_LOST);
  /* Linux's network-order cause is reported as the cause code. */
  XT_ASSERT_UINT_EQ(n.u.assoc_change.error, 12);
  XT_ASSERT(n.u.assoc_change.info == linux_comm_lost + 20);
  XT_ASSERT_UINT_EQ(n.u.assoc_change.info_len, 8);

  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_usrsctp, usrsctp_comm_up, sizeof usrsctp_comm_up, &n));
  XT_ASSERT_INT_EQ(n.type, XNET_SCTP_ASSOC_CHANGE);
  XT_ASSERT_INT_EQ(n.u.assoc_change.state, XNET_SCTP_COMM_UP);
  XT_ASSERT_UINT_EQ(n.u.assoc_change.info_len, 5);
  XT_ASSERT_MEM_EQ(n.u.assoc_change.info, 5, usrsctp_comm_up + 20, 5);

  XT_ASSERT_OK(xnet_sctp_notification_parse(&xnet_sctp_layout_usrsctp,
                                            usrsctp_comm_lost,
                                            sizeof usrsctp_comm_lost, &n));
  XT_ASSERT_INT_EQ(n.u.assoc_change.state, XNET_SCTP_COMM_LOST);
  XT_ASSERT_UINT_EQ(n.u.assoc_change.error, 12);
  XT_ASSERT_INT_EQ(n.u.assoc_change.assoc_id, -1);
}

static void test_sctp_notify_parse_peer_addr_change_ipv4(void) {
  xnet_sctp_notification n;
  static const uint8_t ip[4] = {127, 0, 0, 2};
  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_linux, linux_paddr_v4, sizeof linux_paddr_v4, &n));
  XT_ASSERT_INT_EQ(n.type, XNET_SCTP_PEER_ADDR_CHANGE);
  XT_ASSERT_INT_EQ(n.u.peer_addr_change.addr.family, XNET_SCTP_AF_INET);
  XT_ASSERT_UINT_EQ(n.u.peer_addr_change.addr.port, 5000);
  XT_ASSERT_MEM_EQ(n.u.peer_addr_change.addr.ip, 4, ip, 4);
  XT_ASSERT_INT_EQ(n.u.peer_addr_change.state, XNET_SCTP_ADDR_CONFIRMED);
  XT_ASSERT_UINT_EQ(n.u.peer_addr_change.error, 0);
  XT_ASSERT_INT_EQ(n.u.peer_addr_change.assoc_id, 1);

  xnet_sctp_notification u;
  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_usrsctp, usrsctp_paddr_v4, sizeof usrsctp_paddr_v4, &u));
  XT_ASSERT_UINT_EQ(u.length, 152);
  XT_ASSERT(xnet_sctp_notification_equal(&n, &u));

  static const uint8_t ip2[4] = {192, 0, 2, 1};
  XT_ASSERT_OK(xnet_sctp_notification_parse(&xnet_sctp_layout_usrsctp_darwin,
                                            darwin_paddr_v4,
                                            sizeof darwin_paddr_v4, &n));
  XT_ASSERT_INT_EQ(n.u.peer_addr_change.addr.family, XNET_SCTP_AF_INET);
  XT_ASSERT_UINT_EQ(n.u.peer_addr_change.addr.port, 80);
  XT_ASSERT_MEM_EQ(n.u.peer_addr_change.addr.ip, 4, ip2, 4);
  XT_ASSERT_INT_EQ(n.u.peer_addr_change.state, XNET_SCTP_ADDR_AVAILABLE);
}

static void test_sctp_notify_parse_peer_addr_change_ipv6(void) {
  xnet_sctp_notification n;
  static const uint8_t ll[16] = {0xfe, 0x80, [15] = 1};
  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_linux, linux_paddr_v6, sizeof linux_paddr_v6, &n));
  const xnet_sctp_peer_addr_change *pc = &n.u.peer_addr_change;
  XT_ASSERT_INT_EQ(pc->addr.family, XNET_SCTP_AF_INET6);
  XT_ASSERT_UINT_EQ(pc->addr.port, 5000);
  XT_ASSERT_MEM_EQ(pc->addr.ip, 16, ll, 16);
  XT_ASSERT_UINT_EQ(pc->addr.flowinfo, 0x12345);
  XT_ASSERT_UINT_EQ(pc->addr.scope_id, 2);
  XT_ASSERT_INT_EQ(pc->state, XNET_SCTP_ADDR_UNREACHABLE);
  XT_ASSERT_UINT_EQ(pc->error, 3);

  static const uint8_t doc[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
  xnet_sctp_notification f, d;
  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_freebsd, freebsd_paddr_v6, sizeof freebsd_paddr_v6, &f));
  XT_ASSERT_INT_EQ(f.u.peer_addr_change.addr.family, XNET_SCTP_AF_INET6);
  XT_ASSERT_UINT_EQ(f.u.peer_addr_change.addr.port, 9);
  XT_ASSERT_MEM_EQ(f.u.peer_addr_change.addr.ip, 16, doc, 16);
  XT_ASSERT_INT_EQ(f.u.peer_addr_change.state, XNET_SCTP_ADDR_ADDED);
  XT_ASSERT_INT_EQ(f.u.peer_addr_change.assoc_id, 3);
  XT_ASSERT_OK(xnet_sctp_notification_parse(&xnet_sctp_layout_usrsctp_darwin,
                                            darwin_paddr_v6,
                                            sizeof darwin_paddr_v6, &d));
  XT_ASSERT(xnet_sctp_notification_equal(&f, &d));
}

static void test_sctp_notify_parse_remote_error(void) {
  xnet_sctp_notification n, u;
  XT_ASSERT_OK(xnet_sctp_notification_parse(&xnet_sctp_layout_linux,
                                            linux_remote_error,
                                            sizeof linux_remote_error, &n));
  XT_ASSERT_INT_EQ(n.type, XNET_SCTP_REMOTE_ERROR);
  XT_ASSERT_UINT_EQ(n.u.remote_error.error, 1);
  XT_ASSERT_INT_EQ(n.u.remote_error.assoc_id, 1);
  XT_ASSERT(n.u.remote_error.data == linux_remote_error + 16);
  XT_ASSERT_UINT_EQ(n.u.remote_error.data_len, 8);
  XT_ASSERT_OK(xnet_sctp_notification_parse(&xnet_sctp_layout_usrsctp,
                                            usrsctp_remote_error,
                                            sizeof usrsctp_remote_error, &u));
  XT_ASSERT_UINT_EQ(u.u.remote_error.error, 1);
  XT_ASSERT(xnet_sctp_notification_equal(&n, &u));
}

static void test_sctp_notify_parse_small_events(void) {
  xnet_sctp_notification n;
  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_linux, linux_shutdown, sizeof linux_shutdown, &n));
  XT_ASSERT_INT_EQ(n.type, XNET_SCTP_SHUTDOWN_EVENT);
  XT_ASSERT_INT_EQ(n.u.shutdown_event.assoc_id, 3);
  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_usrsctp, usrsctp_adaptation, sizeof usrsctp_adaptation,
      &n));
  XT_ASSERT_INT_EQ(n.type, XNET_SCTP_ADAPTATION_INDICATION);
  XT_ASSERT_UINT_EQ(n.u.adaptation_event.adaptation_ind, 0x01020304);
  XT_ASSERT_INT_EQ(n.u.adaptation_event.assoc_id, 2);
  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_usrsctp, usrsctp_sender_dry, sizeof usrsctp_sender_dry,
      &n));
  XT_ASSERT_INT_EQ(n.type, XNET_SCTP_SENDER_DRY_EVENT);
  XT_ASSERT_INT_EQ(n.u.sender_dry_event.assoc_id, 4);
}

static void test_sctp_notify_parse_send_failed_event(void) {
  xnet_sctp_notification n, u;
  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_linux, linux_send_failed, sizeof linux_send_failed, &n));
  const xnet_sctp_send_failed_event *sf = &n.u.send_failed_event;
  XT_ASSERT_INT_EQ(n.type, XNET_SCTP_SEND_FAILED_EVENT);
  XT_ASSERT_UINT_EQ(n.flags, 1);
  XT_ASSERT_INT_EQ(sf->flags, XNET_SCTP_DATA_SENT);
  XT_ASSERT_UINT_EQ(sf->error, 12);
  XT_ASSERT_UINT_EQ(sf->info.sid, 3);
  XT_ASSERT_UINT_EQ(sf->info.flags, XNET_SCTP_DATA_NOT_FRAG);
  XT_ASSERT_UINT_EQ(sf->info.ppid, 0x12345678);
  XT_ASSERT_UINT_EQ(sf->info.context, 9);
  XT_ASSERT_INT_EQ(sf->info.assoc_id, 1);
  XT_ASSERT_INT_EQ(sf->assoc_id, 1);
  XT_ASSERT_MEM_EQ(sf->data, sf->data_len, "hello", 5);

  XT_ASSERT_OK(xnet_sctp_notification_parse(&xnet_sctp_layout_usrsctp,
                                            usrsctp_send_failed,
                                            sizeof usrsctp_send_failed, &u));
  XT_ASSERT_UINT_EQ(u.flags, 2);
  XT_ASSERT_INT_EQ(u.u.send_failed_event.flags, XNET_SCTP_DATA_SENT);
  XT_ASSERT_UINT_EQ(u.u.send_failed_event.error, 12);
  XT_ASSERT(xnet_sctp_notification_equal(&n, &u));
}

/* ---- round trips -------------------------------------------------------- */

static void test_sctp_notify_marshal_reproduces_every_vector(void) {
  for (size_t i = 0; i < NVEC; i++) {
    const vec *v = &vectors[i];
    xnet_sctp_notification n, back;
    uint8_t buf[512];
    size_t len = 0;
    XT_ASSERT_OK(xnet_sctp_notification_parse(v->layout, v->b, v->n, &n));
    XT_ASSERT_INT_EQ(n.type, v->type);
    XT_ASSERT_UINT_EQ(xnet_sctp_notification_size(v->layout, &n), v->n);
    XT_ASSERT_OK(
        xnet_sctp_notification_marshal(v->layout, &n, buf, sizeof buf, &len));
    XT_ASSERT_MEM_EQ(buf, len, v->b, v->n);
    XT_ASSERT_OK(xnet_sctp_notification_parse(v->layout, buf, len, &back));
    XT_ASSERT(xnet_sctp_notification_equal(&n, &back));
  }
}

/* A notification built field by field comes back identical, in every
 * layout that has its values. */
static void test_sctp_notify_parse_of_marshal_is_identity(void) {
  static const uint8_t info[] = {9, 8, 7};
  xnet_sctp_notification in[4];
  memset(in, 0, sizeof in);
  in[0].type = XNET_SCTP_ASSOC_CHANGE;
  in[0].u.assoc_change = (xnet_sctp_assoc_change){
      XNET_SCTP_CANT_STR_ASSOC, 0xabcd, 1, 2, -5, info, sizeof info};
  in[1].type = XNET_SCTP_PEER_ADDR_CHANGE;
  in[1].u.peer_addr_change.addr.family = XNET_SCTP_AF_INET6;
  in[1].u.peer_addr_change.addr.port = 65535;
  memset(in[1].u.peer_addr_change.addr.ip, 0xee, 16);
  in[1].u.peer_addr_change.addr.flowinfo = 0xfffff;
  in[1].u.peer_addr_change.addr.scope_id = 0xffffffffu;
  in[1].u.peer_addr_change.state = XNET_SCTP_ADDR_MADE_PRIM;
  in[1].u.peer_addr_change.error = 0xffffffffu;
  in[1].u.peer_addr_change.assoc_id = INT32_MIN;
  in[2].type = XNET_SCTP_SEND_FAILED_EVENT;
  in[2].u.send_failed_event.flags = XNET_SCTP_DATA_UNSENT;
  in[2].u.send_failed_event.error = 0xdead0102u;
  in[2].u.send_failed_event.info.flags = XNET_SCTP_DATA_LAST_FRAG;
  in[3].type = XNET_SCTP_REMOTE_ERROR;
  in[3].u.remote_error.error = 0x1234;
  in[3].u.remote_error.data = info;
  in[3].u.remote_error.data_len = 1;
  for (size_t l = 0; l < 4; l++) {
    for (size_t i = 0; i < 4; i++) {
      uint8_t buf[256];
      size_t len;
      xnet_sctp_notification out;
      XT_ASSERT_OK(xnet_sctp_notification_marshal(all_layouts[l], &in[i], buf,
                                                  sizeof buf, &len));
      XT_ASSERT_OK(xnet_sctp_notification_parse(all_layouts[l], buf, len, &out));
      XT_ASSERT(xnet_sctp_notification_equal(&in[i], &out));
    }
  }
}

/* Replay writes Linux bytes from what another stack reported. */
static void test_sctp_notify_translates_between_layouts(void) {
  uint8_t buf[256];
  size_t len;
  xnet_sctp_notification n;
  XT_ASSERT_OK(xnet_sctp_notification_parse(&xnet_sctp_layout_usrsctp,
                                            usrsctp_send_failed,
                                            sizeof usrsctp_send_failed, &n));
  XT_ASSERT_OK(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n, buf,
                                              sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, linux_send_failed, sizeof linux_send_failed);
  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_linux, linux_paddr_v4, sizeof linux_paddr_v4, &n));
  XT_ASSERT_OK(xnet_sctp_notification_marshal(&xnet_sctp_layout_usrsctp, &n,
                                              buf, sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, usrsctp_paddr_v4, sizeof usrsctp_paddr_v4);
  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_linux, linux_comm_lost, sizeof linux_comm_lost, &n));
  n.u.assoc_change.info_len = 0;
  n.u.assoc_change.info = NULL;
  n.u.assoc_change.assoc_id = -1;
  XT_ASSERT_OK(xnet_sctp_notification_marshal(&xnet_sctp_layout_usrsctp, &n,
                                              buf, sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, usrsctp_comm_lost, sizeof usrsctp_comm_lost);
}

/* ---- errors -------------------------------------------------------------- */

static void test_sctp_notify_every_truncation_fails_cleanly(void) {
  for (size_t i = 0; i < NVEC; i++) {
    const vec *v = &vectors[i];
    for (size_t k = 0; k < v->n; k++) {
      xnet_sctp_notification n;
      memset(&n, 0xa5, sizeof n);
      int err = xnet_sctp_notification_parse(v->layout, v->b, k, &n);
      XT_ASSERT_ERR(err, k < 8 ? XNET_ESHORT : XNET_ETRUNCATED);
      XT_ASSERT(all_zero(&n, sizeof n));
    }
  }
}

/* Cut short with sn_length saying so: below the fixed size it is a length
 * error; above, variable types parse what is whole. */
static void test_sctp_notify_consistent_truncation_parses_what_is_whole(void) {
  for (size_t i = 0; i < NVEC; i++) {
    const vec *v = &vectors[i];
    uint8_t buf[512];
    memcpy(buf, v->b, v->n);
    for (size_t k = 8; k < v->n; k++) {
      xnet_sctp_notification n;
      memset(&n, 0xa5, sizeof n);
      buf[4] = (uint8_t)k;
      buf[5] = (uint8_t)(k >> 8);
      int err = xnet_sctp_notification_parse(v->layout, buf, k, &n);
      if (k < v->fixed) {
        XT_ASSERT_ERR(err, XNET_EBADLEN);
        XT_ASSERT(all_zero(&n, sizeof n));
      } else {
        XT_ASSERT_OK(err);
        XT_ASSERT_UINT_EQ(n.length, k);
      }
    }
  }
}

static void test_sctp_notify_rejects_bad_header(void) {
  xnet_sctp_notification n;
  uint8_t b[32];
  XT_ASSERT_ERR(xnet_sctp_notification_parse(&xnet_sctp_layout_linux,
                                             linux_shutdown, 7, &n),
                XNET_ESHORT);
  XT_ASSERT_ERR(xnet_sctp_notification_parse(&xnet_sctp_layout_linux,
                                             linux_shutdown, 0, &n),
                XNET_ESHORT);
  memcpy(b, linux_shutdown, sizeof linux_shutdown);
  b[4] = 7; /* sn_length below the header */
  XT_ASSERT_ERR(
      xnet_sctp_notification_parse(&xnet_sctp_layout_linux, b, 12, &n),
      XNET_EBADLEN);
  b[4] = 13; /* larger than the buffer */
  XT_ASSERT_ERR(
      xnet_sctp_notification_parse(&xnet_sctp_layout_linux, b, 12, &n),
      XNET_ETRUNCATED);
  b[4] = 0;
  b[7] = 0x80; /* 2^31: larger than any buffer */
  XT_ASSERT_ERR(
      xnet_sctp_notification_parse(&xnet_sctp_layout_linux, b, 12, &n),
      XNET_ETRUNCATED);
  XT_ASSERT_ERR(xnet_sctp_notification_parse(NULL, b, 12, &n), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_notification_parse(&xnet_sctp_layout_linux, NULL, 12,
                                             &n),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_notification_parse(&xnet_sctp_layout_linux, b, 12,
                                             NULL),
                XNET_EINVAL);
}

static void test_sctp_notify_trailing_bytes_are_ignored(void) {
  uint8_t b[sizeof linux_shutdown + 4];
  memcpy(b, linux_shutdown, sizeof linux_shutdown);
  memset(b + sizeof linux_shutdown, 0xff, 4);
  xnet_sctp_notification n;
  XT_ASSERT_OK(
      xnet_sctp_notification_parse(&xnet_sctp_layout_linux, b, sizeof b, &n));
  XT_ASSERT_UINT_EQ(n.length, 12);
  XT_ASSERT_INT_EQ(n.u.shutdown_event.assoc_id, 3);
}

/* A fixed-size type whose sn_length leaves room for more: the extra bytes
 * are ignored and a marshal writes the canonical size. */
static void test_sctp_notify_longer_fixed_type_is_accepted(void) {
  uint8_t b[16] = {0x05, 0x80, 0, 0, 16, 0, 0, 0, 3, 0, 0, 0, 1, 2, 3, 4};
  xnet_sctp_notification n;
  uint8_t out[16];
  size_t len;
  XT_ASSERT_OK(
      xnet_sctp_notification_parse(&xnet_sctp_layout_linux, b, sizeof b, &n));
  XT_ASSERT_UINT_EQ(n.length, 16);
  XT_ASSERT_OK(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n, out,
                                              sizeof out, &len));
  XT_ASSERT_MEM_EQ(out, len, linux_shutdown, sizeof linux_shutdown);
}

static void test_sctp_notify_unknown_type_reports_type(void) {
  uint8_t b[12];
  memcpy(b, linux_shutdown, sizeof b);
  b[0] = 0x00; /* 0x8000: SCTP_SN_TYPE_BASE / SCTP_DATA_IO_EVENT */
  xnet_sctp_notification n;
  XT_ASSERT_ERR(
      xnet_sctp_notification_parse(&xnet_sctp_layout_linux, b, sizeof b, &n),
      XNET_EBADTYPE);
  XT_ASSERT_INT_EQ(n.type, 0);
  XT_ASSERT_UINT_EQ(n.native_type, 0x8000);
  XT_ASSERT_UINT_EQ(n.length, 12);
  XT_ASSERT(n.raw == b);
  /* A Linux number means nothing to usrsctp. */
  XT_ASSERT_ERR(xnet_sctp_notification_parse(&xnet_sctp_layout_usrsctp,
                                             linux_shutdown,
                                             sizeof linux_shutdown, &n),
                XNET_EBADTYPE);
  XT_ASSERT_UINT_EQ(n.native_type, 0x8005);
  /* usrsctp's NOTIFICATIONS_STOPPED (11) is unknown on Linux. */
  b[0] = 0x0b;
  b[1] = 0x00;
  XT_ASSERT_ERR(
      xnet_sctp_notification_parse(&xnet_sctp_layout_linux, b, sizeof b, &n),
      XNET_EBADTYPE);
  char text[96];
  xnet_sctp_notification_format(&n, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "notification type 0x000b flags=0x0 length=12 (unknown)");
}

static void test_sctp_notify_not_decoded_types_report_type_and_length(void) {
  static const struct {
    const xnet_sctp_layout *l;
    uint16_t native;
    xnet_sctp_notification_type type;
  } cases[] = {
      {&xnet_sctp_layout_linux, 0x8006, XNET_SCTP_PARTIAL_DELIVERY_EVENT},
      {&xnet_sctp_layout_linux, 0x8008, XNET_SCTP_AUTHENTICATION_EVENT},
      {&xnet_sctp_layout_linux, 0x800a, XNET_SCTP_STREAM_RESET_EVENT},
      {&xnet_sctp_layout_linux, 0x800b, XNET_SCTP_ASSOC_RESET_EVENT},
      {&xnet_sctp_layout_linux, 0x800c, XNET_SCTP_STREAM_CHANGE_EVENT},
      {&xnet_sctp_layout_linux, 0x8003, XNET_SCTP_SEND_FAILED},
      {&xnet_sctp_layout_usrsctp, 0x0007, XNET_SCTP_PARTIAL_DELIVERY_EVENT},
      {&xnet_sctp_layout_usrsctp, 0x0008, XNET_SCTP_AUTHENTICATION_EVENT},
      {&xnet_sctp_layout_usrsctp, 0x0009, XNET_SCTP_STREAM_RESET_EVENT},
      {&xnet_sctp_layout_usrsctp, 0x000c, XNET_SCTP_ASSOC_RESET_EVENT},
      {&xnet_sctp_layout_usrsctp, 0x000d, XNET_SCTP_STREAM_CHANGE_EVENT},
      {&xnet_sctp_layout_usrsctp, 0x0004, XNET_SCTP_SEND_FAILED},
      {&xnet_sctp_layout_freebsd, 0x000b, XNET_SCTP_NOTIFICATIONS_STOPPED_EVENT},
  };
  uint8_t b[24] = {0, 0, 0x05, 0x00, 24, 0, 0, 0, 1, 2, 3, 4};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    b[0] = (uint8_t)cases[i].native;
    b[1] = (uint8_t)(cases[i].native >> 8);
    xnet_sctp_notification n;
    XT_ASSERT_ERR(xnet_sctp_notification_parse(cases[i].l, b, sizeof b, &n),
                  XNET_ENOTDECODED);
    XT_ASSERT_INT_EQ(n.type, cases[i].type);
    XT_ASSERT_UINT_EQ(n.native_type, cases[i].native);
    XT_ASSERT_UINT_EQ(n.flags, 5);
    XT_ASSERT_UINT_EQ(n.length, 24);
    XT_ASSERT(n.raw == b);
    /* Nothing to marshal from: no body was decoded. */
    uint8_t out[64];
    size_t len = 99;
    XT_ASSERT_ERR(
        xnet_sctp_notification_marshal(cases[i].l, &n, out, sizeof out, &len),
        XNET_ENOTSUP);
    XT_ASSERT_UINT_EQ(len, 0);
    XT_ASSERT_UINT_EQ(xnet_sctp_notification_size(cases[i].l, &n), 0);
  }
}

static void test_sctp_notify_rejects_wrong_sockaddr_family(void) {
  xnet_sctp_notification n;
  uint8_t b[152];
  memcpy(b, linux_paddr_v4, sizeof linux_paddr_v4);
  b[8] = 28; /* FreeBSD's AF_INET6 on Linux */
  XT_ASSERT_ERR(xnet_sctp_notification_parse(&xnet_sctp_layout_linux, b, 148,
                                             &n),
                XNET_EAFNOSUPPORT);
  XT_ASSERT(all_zero(&n, sizeof n));
  memcpy(b, freebsd_paddr_v6, sizeof freebsd_paddr_v6);
  XT_ASSERT_ERR(xnet_sctp_notification_parse(&xnet_sctp_layout_usrsctp_darwin,
                                             b, sizeof b, &n),
                XNET_EAFNOSUPPORT);
  b[9] = 10; /* Linux's AF_INET6 on FreeBSD */
  XT_ASSERT_ERR(
      xnet_sctp_notification_parse(&xnet_sctp_layout_freebsd, b, sizeof b, &n),
      XNET_EAFNOSUPPORT);
  b[9] = 28;
  b[8] = 16; /* sin6_len of a sockaddr_in */
  XT_ASSERT_ERR(
      xnet_sctp_notification_parse(&xnet_sctp_layout_freebsd, b, sizeof b, &n),
      XNET_EBADADDR);
  /* A Linux sockaddr read as BSD: length byte 2, family byte 0. */
  XT_ASSERT_ERR(xnet_sctp_notification_parse(&xnet_sctp_layout_freebsd,
                                             usrsctp_paddr_v4,
                                             sizeof usrsctp_paddr_v4, &n),
                XNET_EAFNOSUPPORT);
  /* No address at all. */
  memcpy(b, linux_paddr_v4, sizeof linux_paddr_v4);
  b[8] = 0;
  XT_ASSERT_ERR(xnet_sctp_notification_parse(&xnet_sctp_layout_linux, b, 148,
                                             &n),
                XNET_EAFNOSUPPORT);
}

static void test_sctp_notify_rejects_undefined_values(void) {
  xnet_sctp_notification n;
  uint8_t b[152];
  memcpy(b, linux_comm_up, sizeof linux_comm_up);
  b[8] = 5; /* sac_state past CANT_STR_ASSOC */
  XT_ASSERT_ERR(xnet_sctp_notification_parse(&xnet_sctp_layout_linux, b,
                                             sizeof linux_comm_up, &n),
                XNET_EBADFORMAT);
  XT_ASSERT(all_zero(&n, sizeof n));
  memcpy(b, usrsctp_comm_lost, sizeof usrsctp_comm_lost);
  b[8] = 0; /* usrsctp numbers states from 1 */
  XT_ASSERT_ERR(xnet_sctp_notification_parse(&xnet_sctp_layout_usrsctp, b,
                                             sizeof usrsctp_comm_lost, &n),
                XNET_EBADFORMAT);
  memcpy(b, usrsctp_paddr_v4, sizeof usrsctp_paddr_v4);
  b[136] = 7; /* no POTENTIALLY_FAILED in usrsctp */
  XT_ASSERT_ERR(
      xnet_sctp_notification_parse(&xnet_sctp_layout_usrsctp, b, 152, &n),
      XNET_EBADFORMAT);
  memcpy(b, linux_send_failed, sizeof linux_send_failed);
  b[2] = 2; /* ssf_flags past DATA_SENT */
  XT_ASSERT_ERR(xnet_sctp_notification_parse(&xnet_sctp_layout_linux, b,
                                             sizeof linux_send_failed, &n),
                XNET_EBADFORMAT);
}

static void test_sctp_notify_marshal_errors(void) {
  xnet_sctp_notification n;
  uint8_t buf[256];
  size_t len = 0;
  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_linux, linux_paddr_v4, sizeof linux_paddr_v4, &n));
  XT_ASSERT_ERR(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n,
                                               buf, 147, &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 148);
  XT_ASSERT_ERR(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n,
                                               NULL, 0, &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 148);
  XT_ASSERT_ERR(xnet_sctp_notification_marshal(&xnet_sctp_layout_usrsctp, &n,
                                               buf, 148, &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 152);

  n.u.peer_addr_change.state = XNET_SCTP_ADDR_POTENTIALLY_FAILED;
  XT_ASSERT_OK(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n, buf,
                                              sizeof buf, &len));
  XT_ASSERT_ERR(xnet_sctp_notification_marshal(&xnet_sctp_layout_usrsctp, &n,
                                               buf, sizeof buf, &len),
                XNET_ENOTSUP);
  n.u.peer_addr_change.state = XNET_SCTP_PEER_ADDR_STATE__MAX;
  XT_ASSERT_ERR(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n,
                                               buf, sizeof buf, &len),
                XNET_EINVAL);
  n.u.peer_addr_change.state = XNET_SCTP_ADDR_ADDED;
  n.u.peer_addr_change.addr.family = (xnet_sctp_addr_family)5;
  XT_ASSERT_ERR(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n,
                                               buf, sizeof buf, &len),
                XNET_EINVAL);

  memset(&n, 0, sizeof n);
  n.type = XNET_SCTP_NOTIFICATIONS_STOPPED_EVENT;
  XT_ASSERT_ERR(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n,
                                               buf, sizeof buf, &len),
                XNET_ENOTSUP);
  n.type = (xnet_sctp_notification_type)0;
  XT_ASSERT_ERR(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n,
                                               buf, sizeof buf, &len),
                XNET_ENOTSUP);
  n.type = XNET_SCTP_NOTIFICATION__MAX;
  XT_ASSERT_ERR(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n,
                                               buf, sizeof buf, &len),
                XNET_EINVAL);
  n.type = XNET_SCTP_REMOTE_ERROR;
  n.u.remote_error.data_len = 3; /* with no data */
  XT_ASSERT_ERR(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n,
                                               buf, sizeof buf, &len),
                XNET_EINVAL);
  n.type = XNET_SCTP_SEND_FAILED_EVENT;
  n.u.send_failed_event.info.flags = 0x10000;
  XT_ASSERT_ERR(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n,
                                               buf, sizeof buf, &len),
                XNET_EINVAL);
  n.u.send_failed_event.info.flags = XNET_SCTP_DATA_NOT_FRAG;
  n.u.send_failed_event.flags = XNET_SCTP_SEND_FAILED_FLAG__MAX;
  XT_ASSERT_ERR(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n,
                                               buf, sizeof buf, &len),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, NULL,
                                               buf, sizeof buf, &len),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n,
                                               buf, sizeof buf, NULL),
                XNET_EINVAL);
}

static void test_sctp_notify_format(void) {
  static const struct {
    const xnet_sctp_layout *l;
    const uint8_t *b;
    size_t n;
    const char *want;
  } cases[] = {
      {&xnet_sctp_layout_linux, linux_comm_lost, sizeof linux_comm_lost,
       "SCTP_ASSOC_CHANGE state=SCTP_COMM_LOST error=12 outbound=10 "
       "inbound=10 assoc=2 info=8"},
      {&xnet_sctp_layout_linux, linux_paddr_v4, sizeof linux_paddr_v4,
       "SCTP_PEER_ADDR_CHANGE addr=127.0.0.2:5000 state=SCTP_ADDR_CONFIRMED "
       "error=0 assoc=1"},
      {&xnet_sctp_layout_linux, linux_paddr_v6, sizeof linux_paddr_v6,
       "SCTP_PEER_ADDR_CHANGE addr=[fe80::1%2]:5000 "
       "state=SCTP_ADDR_UNREACHABLE error=3 assoc=1"},
      {&xnet_sctp_layout_freebsd, freebsd_paddr_v6, sizeof freebsd_paddr_v6,
       "SCTP_PEER_ADDR_CHANGE addr=[2001:db8::1]:9 state=SCTP_ADDR_ADDED "
       "error=0 assoc=3"},
      {&xnet_sctp_layout_linux, linux_remote_error, sizeof linux_remote_error,
       "SCTP_REMOTE_ERROR error=1 assoc=1 data=8"},
      {&xnet_sctp_layout_linux, linux_shutdown, sizeof linux_shutdown,
       "SCTP_SHUTDOWN_EVENT assoc=3"},
      {&xnet_sctp_layout_linux, linux_adaptation, sizeof linux_adaptation,
       "SCTP_ADAPTATION_INDICATION adaptation_ind=0x01020304 assoc=2"},
      {&xnet_sctp_layout_linux, linux_sender_dry, sizeof linux_sender_dry,
       "SCTP_SENDER_DRY_EVENT assoc=4"},
      {&xnet_sctp_layout_usrsctp, usrsctp_send_failed,
       sizeof usrsctp_send_failed,
       "SCTP_SEND_FAILED_EVENT flags=SCTP_DATA_SENT error=12 sid=3 "
       "info_flags=0x3 ppid=305419896 context=9 assoc=1 data=5"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    xnet_sctp_notification n;
    char text[160];
    XT_ASSERT_OK(xnet_sctp_notification_parse(cases[i].l, cases[i].b,
                                              cases[i].n, &n));
    int w = xnet_sctp_notification_format(&n, text, sizeof text);
    XT_ASSERT_STR_EQ(text, cases[i].want);
    XT_ASSERT_INT_EQ(w, strlen(cases[i].want));
    /* snprintf semantics: truncated but terminated, same length. */
    char small[8];
    XT_ASSERT_INT_EQ(xnet_sctp_notification_format(&n, small, sizeof small),
                     w);
    XT_ASSERT_UINT_EQ(strlen(small), 7);
    XT_ASSERT_INT_EQ(xnet_sctp_notification_format(&n, NULL, 0), w);
  }
}

static void test_sctp_notify_format_ipv6_forms(void) {
  static const struct {
    uint8_t ip[16];
    const char *want;
  } cases[] = {
      {{0}, "[::]:1"},
      {{[15] = 1}, "[::1]:1"},
      {{0x20, 0x01, 0x0d, 0xb8, [9] = 1, [15] = 1}, "[2001:db8::1:0:0:1]:1"},
      {{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, [15] = 1}, "[2001:db8:0:1::1]:1"},
      {{0x20, 0x01, [5] = 1, [7] = 1, [9] = 1, [11] = 1, [13] = 1, [15] = 1},
       "[2001:0:1:1:1:1:1:1]:1"},
      {{1, 0, [15] = 0}, "[100::]:1"},
      {{[10] = 0xff, [11] = 0xff, 10, 0, 0, 1}, "10.0.0.1:1"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    xnet_sctp_notification n;
    memset(&n, 0, sizeof n);
    n.type = XNET_SCTP_PEER_ADDR_CHANGE;
    n.u.peer_addr_change.addr.family = XNET_SCTP_AF_INET6;
    n.u.peer_addr_change.addr.port = 1;
    memcpy(n.u.peer_addr_change.addr.ip, cases[i].ip, 16);
    char text[160], want[160];
    xnet_sctp_notification_format(&n, text, sizeof text);
    snprintf(want, sizeof want,
             "SCTP_PEER_ADDR_CHANGE addr=%s state=SCTP_ADDR_AVAILABLE error=0 "
             "assoc=0",
             cases[i].want);
    XT_ASSERT_STR_EQ(text, want);
  }
}

static void test_sctp_notify_not_decoded_format(void) {
  uint8_t b[24] = {0x06, 0x80, 0, 0, 24};
  xnet_sctp_notification n;
  XT_ASSERT_ERR(
      xnet_sctp_notification_parse(&xnet_sctp_layout_linux, b, sizeof b, &n),
      XNET_ENOTDECODED);
  char text[96];
  xnet_sctp_notification_format(&n, text, sizeof text);
  XT_ASSERT_STR_EQ(text,
                   "SCTP_PARTIAL_DELIVERY_EVENT flags=0x0 length=24 (not decoded)");
}

static void test_sctp_notify_equal_compares_bodies(void) {
  xnet_sctp_notification a, b;
  XT_ASSERT_OK(xnet_sctp_notification_parse(
      &xnet_sctp_layout_linux, linux_comm_lost, sizeof linux_comm_lost, &a));
  b = a;
  XT_ASSERT(xnet_sctp_notification_equal(&a, &b));
  uint8_t info[8];
  memcpy(info, a.u.assoc_change.info, 8);
  b.u.assoc_change.info = info; /* other storage, same bytes */
  XT_ASSERT(xnet_sctp_notification_equal(&a, &b));
  info[7] ^= 1;
  XT_ASSERT(!xnet_sctp_notification_equal(&a, &b));
  b = a;
  b.flags = 1;
  XT_ASSERT(!xnet_sctp_notification_equal(&a, &b));
  b = a;
  b.u.assoc_change.error = 13;
  XT_ASSERT(!xnet_sctp_notification_equal(&a, &b));
  b = a;
  b.type = XNET_SCTP_SHUTDOWN_EVENT;
  XT_ASSERT(!xnet_sctp_notification_equal(&a, &b));
  XT_ASSERT(!xnet_sctp_notification_equal(&a, NULL));
}

XT_SUITE(codecs, sctp_notify, NULL, NULL,
         XT_TEST(test_sctp_notify_linux_vectors_match_kernel_structs),
         XT_TEST(test_sctp_notify_parse_assoc_change),
         XT_TEST(test_sctp_notify_parse_peer_addr_change_ipv4),
         XT_TEST(test_sctp_notify_parse_peer_addr_change_ipv6),
         XT_TEST(test_sctp_notify_parse_remote_error),
         XT_TEST(test_sctp_notify_parse_small_events),
         XT_TEST(test_sctp_notify_parse_send_failed_event),
         XT_TEST(test_sctp_notify_marshal_reproduces_every_vector),
         XT_TEST(test_sctp_notify_parse_of_marshal_is_identity),
         XT_TEST(test_sctp_notify_translates_between_layouts),
         XT_TEST(test_sctp_notify_every_truncation_fails_cleanly),
         XT_TEST(test_sctp_notify_consistent_truncation_parses_what_is_whole),
         XT_TEST(test_sctp_notify_rejects_bad_header),
         XT_TEST(test_sctp_notify_trailing_bytes_are_ignored),
         XT_TEST(test_sctp_notify_longer_fixed_type_is_accepted),
         XT_TEST(test_sctp_notify_unknown_type_reports_type),
         XT_TEST(test_sctp_notify_not_decoded_types_report_type_and_length),
         XT_TEST(test_sctp_notify_rejects_wrong_sockaddr_family),
         XT_TEST(test_sctp_notify_rejects_undefined_values),
         XT_TEST(test_sctp_notify_marshal_errors),
         XT_TEST(test_sctp_notify_format),
         XT_TEST(test_sctp_notify_format_ipv6_forms),
         XT_TEST(test_sctp_notify_not_decoded_format),
         XT_TEST(test_sctp_notify_equal_compares_bodies));
