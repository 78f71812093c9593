/* test_sctp_cmsg.c — SCTP ancillary data payloads: byte-exact vectors per
 * layout (Linux's built from the installed <netinet/sctp.h> structures),
 * cmsg level/type per layout, flag mapping, errors, every truncation, and
 * framing in a cmsghdr with the generic writer/iterator of xnet/cmsg.h
 * (so this suite links cmsg.c: XNET_ONLY needs the "cmsg" prefix too). */
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "xnet/cmsg.h"
#include "xnet/error.h"
#include "xnet/profile.h"
#include "xnet/sctp_cmsg.h"
#include "xnet_test.h"

/* The offsets sctp_cmsg.c writes, as the Linux header lays them out. */
_Static_assert(sizeof(struct sctp_sndinfo) == 16, "sndinfo");
_Static_assert(offsetof(struct sctp_sndinfo, snd_ppid) == 4, "snd_ppid");
_Static_assert(offsetof(struct sctp_sndinfo, snd_assoc_id) == 12, "snd_aid");
_Static_assert(sizeof(struct sctp_rcvinfo) == 28, "rcvinfo");
_Static_assert(offsetof(struct sctp_rcvinfo, rcv_flags) == 4, "rcv_flags");
_Static_assert(offsetof(struct sctp_rcvinfo, rcv_ppid) == 8, "rcv_ppid");
_Static_assert(offsetof(struct sctp_rcvinfo, rcv_context) == 20, "rcv_ctx");
_Static_assert(offsetof(struct sctp_rcvinfo, rcv_assoc_id) == 24, "rcv_aid");
_Static_assert(sizeof(struct sctp_nxtinfo) == 16, "nxtinfo");
_Static_assert(offsetof(struct sctp_nxtinfo, nxt_length) == 8, "nxt_length");
_Static_assert(sizeof(struct sctp_prinfo) == 8, "prinfo");
_Static_assert(offsetof(struct sctp_prinfo, pr_value) == 4, "pr_value");
_Static_assert(sizeof(struct sctp_sndrcvinfo) == 32, "sndrcvinfo");
_Static_assert(offsetof(struct sctp_sndrcvinfo, sinfo_ppid) == 8, "ppid");
_Static_assert(offsetof(struct sctp_sndrcvinfo, sinfo_timetolive) == 16,
               "ttl");
_Static_assert(offsetof(struct sctp_sndrcvinfo, sinfo_assoc_id) == 28, "aid");
_Static_assert(sizeof(struct sctp_initmsg) == 8, "initmsg");
_Static_assert(offsetof(struct sctp_initmsg, sinit_max_init_timeo) == 6,
               "timeo");

/* ---- usrsctp / FreeBSD vectors (sctp_uio.h numbering) ------------------- */

/* sid 1, UNORDERED|EOF (0x400|0x100), ppid 0x33, context 0, assoc -2. */
static const uint8_t usrsctp_sndinfo[16] = {
    0x01, 0x00, 0x00, 0x05, 0x33, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xfe, 0xff, 0xff, 0xff};

/* sid 2, ssn 7, UNORDERED, ppid 5, tsn 0x01020304, cumtsn 0x01020303,
 * context 0, assoc 1. */
static const uint8_t usrsctp_rcvinfo[28] = {
    0x02, 0x00, 0x07, 0x00, 0x00, 0x04, 0x00, 0x00, 0x05, 0x00,
    0x00, 0x00, 0x04, 0x03, 0x02, 0x01, 0x03, 0x03, 0x02, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00};

/* sid 3, NOTIFICATION|COMPLETE|UNORDERED (0x10|0x20|0x400), length 100. */
static const uint8_t usrsctp_nxtinfo[16] = {
    0x03, 0x00, 0x30, 0x04, 0x00, 0x00, 0x00, 0x00,
    0x64, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00};

/* SCTP_PR_SCTP_RTX (3), 5 retransmissions. */
static const uint8_t usrsctp_prinfo[8] = {0x03, 0x00, 0x00, 0x00,
                                          0x05, 0x00, 0x00, 0x00};

/* FreeBSD sctp_sndrcvinfo: stream 4, flags UNORDERED|TTL (0x400|1), ppid 7,
 * timetolive 1000, assoc 1, key numbers and padding zero (128 bytes). */
static const uint8_t freebsd_sndrcvinfo[128] = {
    [0] = 0x04, [4] = 0x01, [5] = 0x04, [8] = 0x07,
    [16] = 0xe8, [17] = 0x03, [28] = 0x01};

static void test_sctp_cmsg_linux_matches_kernel_structs(void) {
  uint8_t buf[64];
  size_t len;

  struct sctp_sndinfo snd = {5, SCTP_UNORDERED | SCTP_EOF, 0x11223344, 9, 3};
  xnet_sctp_sndinfo s = {5, XNET_SCTP_UNORDERED | XNET_SCTP_EOF, 0x11223344, 9,
                         3};
  XT_ASSERT_OK(xnet_sctp_sndinfo_marshal(&xnet_sctp_layout_linux, &s, buf,
                                         sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, &snd, sizeof snd);
  xnet_sctp_sndinfo s2;
  XT_ASSERT_OK(xnet_sctp_sndinfo_parse(&xnet_sctp_layout_linux,
                                       (const uint8_t *)&snd, sizeof snd, &s2));
  XT_ASSERT_UINT_EQ(s2.flags, XNET_SCTP_UNORDERED | XNET_SCTP_EOF);
  XT_ASSERT_UINT_EQ(s2.ppid, 0x11223344);
  XT_ASSERT_INT_EQ(s2.assoc_id, 3);

  struct sctp_rcvinfo rcv;
  memset(&rcv, 0, sizeof rcv);
  rcv.rcv_sid = 2;
  rcv.rcv_ssn = 7;
  rcv.rcv_flags = SCTP_UNORDERED;
  rcv.rcv_ppid = 5;
  rcv.rcv_tsn = 0x01020304;
  rcv.rcv_cumtsn = 0x01020303;
  rcv.rcv_context = 0xcafe;
  rcv.rcv_assoc_id = -1;
  xnet_sctp_rcvinfo r = {2, 7, XNET_SCTP_UNORDERED, 5, 0x01020304, 0x01020303,
                         0xcafe, -1};
  XT_ASSERT_OK(xnet_sctp_rcvinfo_marshal(&xnet_sctp_layout_linux, &r, buf,
                                         sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, &rcv, sizeof rcv);

  struct sctp_nxtinfo nxt = {3, SCTP_NOTIFICATION | SCTP_UNORDERED, 8, 100, 1};
  xnet_sctp_nxtinfo x = {3, XNET_SCTP_NOTIFICATION | XNET_SCTP_UNORDERED, 8,
                         100, 1};
  XT_ASSERT_OK(xnet_sctp_nxtinfo_marshal(&xnet_sctp_layout_linux, &x, buf,
                                         sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, &nxt, sizeof nxt);

  struct sctp_prinfo pr;
  memset(&pr, 0, sizeof pr);
  pr.pr_policy = SCTP_PR_SCTP_TTL;
  pr.pr_value = 1000;
  xnet_sctp_prinfo p = {XNET_SCTP_PR_SCTP_TTL, 1000};
  XT_ASSERT_OK(xnet_sctp_prinfo_marshal(&xnet_sctp_layout_linux, &p, buf,
                                        sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, &pr, sizeof pr);

  struct sctp_sndrcvinfo sr;
  memset(&sr, 0, sizeof sr);
  sr.sinfo_stream = 4;
  sr.sinfo_ssn = 1;
  sr.sinfo_flags = SCTP_UNORDERED | SCTP_PR_SCTP_RTX;
  sr.sinfo_ppid = 7;
  sr.sinfo_context = 8;
  sr.sinfo_timetolive = 3;
  sr.sinfo_tsn = 10;
  sr.sinfo_cumtsn = 9;
  sr.sinfo_assoc_id = 2;
  xnet_sctp_sndrcvinfo q = {4, 1, XNET_SCTP_UNORDERED, XNET_SCTP_PR_SCTP_RTX,
                            7, 8, 3, 10, 9, 2};
  XT_ASSERT_OK(xnet_sctp_sndrcvinfo_marshal(&xnet_sctp_layout_linux, &q, buf,
                                            sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, &sr, sizeof sr);
  xnet_sctp_sndrcvinfo q2;
  XT_ASSERT_OK(xnet_sctp_sndrcvinfo_parse(
      &xnet_sctp_layout_linux, (const uint8_t *)&sr, sizeof sr, &q2));
  XT_ASSERT_UINT_EQ(q2.flags, XNET_SCTP_UNORDERED);
  XT_ASSERT_INT_EQ(q2.pr_policy, XNET_SCTP_PR_SCTP_RTX);
  XT_ASSERT_UINT_EQ(q2.timetolive, 3);

  struct sctp_initmsg im = {10, 11, 4, 60000};
  xnet_sctp_initmsg i = {10, 11, 4, 60000};
  XT_ASSERT_OK(xnet_sctp_initmsg_marshal(&xnet_sctp_layout_linux, &i, buf,
                                         sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, &im, sizeof im);
}

static void test_sctp_cmsg_usrsctp_vectors(void) {
  const xnet_sctp_layout *l = &xnet_sctp_layout_usrsctp;
  uint8_t buf[64];
  size_t len;

  xnet_sctp_sndinfo s;
  XT_ASSERT_OK(xnet_sctp_sndinfo_parse(l, usrsctp_sndinfo, 16, &s));
  XT_ASSERT_UINT_EQ(s.sid, 1);
  XT_ASSERT_UINT_EQ(s.flags, XNET_SCTP_UNORDERED | XNET_SCTP_EOF);
  XT_ASSERT_UINT_EQ(s.ppid, 0x33);
  XT_ASSERT_INT_EQ(s.assoc_id, -2);
  XT_ASSERT_OK(xnet_sctp_sndinfo_marshal(l, &s, buf, sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, usrsctp_sndinfo, sizeof usrsctp_sndinfo);

  xnet_sctp_rcvinfo r;
  XT_ASSERT_OK(xnet_sctp_rcvinfo_parse(l, usrsctp_rcvinfo, 28, &r));
  XT_ASSERT_UINT_EQ(r.sid, 2);
  XT_ASSERT_UINT_EQ(r.ssn, 7);
  XT_ASSERT_UINT_EQ(r.flags, XNET_SCTP_UNORDERED);
  XT_ASSERT_UINT_EQ(r.ppid, 5);
  XT_ASSERT_UINT_EQ(r.tsn, 0x01020304);
  XT_ASSERT_UINT_EQ(r.cumtsn, 0x01020303);
  XT_ASSERT_INT_EQ(r.assoc_id, 1);
  XT_ASSERT_OK(xnet_sctp_rcvinfo_marshal(l, &r, buf, sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, usrsctp_rcvinfo, sizeof usrsctp_rcvinfo);

  xnet_sctp_nxtinfo x;
  XT_ASSERT_OK(xnet_sctp_nxtinfo_parse(l, usrsctp_nxtinfo, 16, &x));
  XT_ASSERT_UINT_EQ(x.flags, XNET_SCTP_NOTIFICATION | XNET_SCTP_COMPLETE |
                                 XNET_SCTP_UNORDERED);
  XT_ASSERT_UINT_EQ(x.length, 100);
  XT_ASSERT_OK(xnet_sctp_nxtinfo_marshal(l, &x, buf, sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, usrsctp_nxtinfo, sizeof usrsctp_nxtinfo);
  /* COMPLETE has no Linux number. */
  XT_ASSERT_ERR(xnet_sctp_nxtinfo_marshal(&xnet_sctp_layout_linux, &x, buf,
                                          sizeof buf, &len),
                XNET_ENOTSUP);

  xnet_sctp_prinfo p;
  XT_ASSERT_OK(xnet_sctp_prinfo_parse(l, usrsctp_prinfo, 8, &p));
  XT_ASSERT_INT_EQ(p.policy, XNET_SCTP_PR_SCTP_RTX);
  XT_ASSERT_UINT_EQ(p.value, 5);
  XT_ASSERT_OK(xnet_sctp_prinfo_marshal(l, &p, buf, sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, usrsctp_prinfo, sizeof usrsctp_prinfo);
  /* The same policy in Linux numbering: 0x20. */
  XT_ASSERT_OK(xnet_sctp_prinfo_marshal(&xnet_sctp_layout_linux, &p, buf,
                                        sizeof buf, &len));
  XT_ASSERT_UINT_EQ(buf[0], 0x20);
}

static void test_sctp_cmsg_sndrcvinfo_per_layout(void) {
  uint8_t buf[160];
  size_t len;
  xnet_sctp_sndrcvinfo q;
  XT_ASSERT_OK(xnet_sctp_sndrcvinfo_parse(&xnet_sctp_layout_freebsd,
                                          freebsd_sndrcvinfo, 128, &q));
  XT_ASSERT_UINT_EQ(q.stream, 4);
  XT_ASSERT_UINT_EQ(q.flags, XNET_SCTP_UNORDERED);
  XT_ASSERT_INT_EQ(q.pr_policy, XNET_SCTP_PR_SCTP_TTL);
  XT_ASSERT_UINT_EQ(q.ppid, 7);
  XT_ASSERT_UINT_EQ(q.timetolive, 1000);
  XT_ASSERT_INT_EQ(q.assoc_id, 1);
  XT_ASSERT_OK(xnet_sctp_sndrcvinfo_marshal(&xnet_sctp_layout_freebsd, &q, buf,
                                            sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, freebsd_sndrcvinfo, sizeof freebsd_sndrcvinfo);
  /* The 128-byte FreeBSD struct is not a Linux one, nor the reverse. */
  XT_ASSERT_ERR(xnet_sctp_sndrcvinfo_parse(&xnet_sctp_layout_linux,
                                           freebsd_sndrcvinfo, 128, &q),
                XNET_EBADLEN);
  XT_ASSERT_ERR(xnet_sctp_sndrcvinfo_parse(&xnet_sctp_layout_freebsd,
                                           freebsd_sndrcvinfo, 32, &q),
                XNET_ESHORT);
  /* usrsctp has no sctp_sndrcvinfo. */
  XT_ASSERT_ERR(xnet_sctp_sndrcvinfo_parse(&xnet_sctp_layout_usrsctp,
                                           freebsd_sndrcvinfo, 32, &q),
                XNET_ENOTSUP);
  memset(&q, 0, sizeof q);
  XT_ASSERT_ERR(xnet_sctp_sndrcvinfo_marshal(&xnet_sctp_layout_usrsctp, &q,
                                             buf, sizeof buf, &len),
                XNET_ENOTSUP);
  /* An undefined policy in the flags' low nibble. */
  uint8_t bad[128];
  memcpy(bad, freebsd_sndrcvinfo, sizeof bad);
  bad[4] = 0x0e;
  XT_ASSERT_ERR(
      xnet_sctp_sndrcvinfo_parse(&xnet_sctp_layout_freebsd, bad, 128, &q),
      XNET_EBADFORMAT);
  XT_ASSERT_UINT_EQ(q.stream, 0);
  /* Unmapped bits may not smuggle policy bits past the policy field. */
  memset(&q, 0, sizeof q);
  q.flags = 0x10u << XNET_SCTP_FLAGS_UNMAPPED_SHIFT;
  XT_ASSERT_ERR(xnet_sctp_sndrcvinfo_marshal(&xnet_sctp_layout_linux, &q, buf,
                                             sizeof buf, &len),
                XNET_EINVAL);
}

static void test_sctp_cmsg_unmapped_flags_survive(void) {
  /* Linux SCTP_PR_SCTP_ALL (0x80) has no portable name. */
  struct sctp_rcvinfo rcv;
  memset(&rcv, 0, sizeof rcv);
  rcv.rcv_flags = SCTP_UNORDERED | 0x80;
  xnet_sctp_rcvinfo r;
  XT_ASSERT_OK(xnet_sctp_rcvinfo_parse(&xnet_sctp_layout_linux,
                                       (const uint8_t *)&rcv, sizeof rcv, &r));
  XT_ASSERT_UINT_EQ(r.flags,
                    XNET_SCTP_UNORDERED |
                        0x80u << XNET_SCTP_FLAGS_UNMAPPED_SHIFT);
  uint8_t buf[28];
  size_t len;
  XT_ASSERT_OK(xnet_sctp_rcvinfo_marshal(&xnet_sctp_layout_linux, &r, buf,
                                         sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, &rcv, sizeof rcv);
  /* A named native bit must travel under its name. */
  r.flags = 0x0001u << XNET_SCTP_FLAGS_UNMAPPED_SHIFT;
  XT_ASSERT_ERR(xnet_sctp_rcvinfo_marshal(&xnet_sctp_layout_linux, &r, buf,
                                          sizeof buf, &len),
                XNET_EINVAL);
  /* usrsctp's explicit-EOR flag has no Linux number. */
  xnet_sctp_sndinfo s = {0, XNET_SCTP_EXPLICIT_EOR, 0, 0, 0};
  XT_ASSERT_ERR(xnet_sctp_sndinfo_marshal(&xnet_sctp_layout_linux, &s, buf,
                                          sizeof buf, &len),
                XNET_ENOTSUP);
  XT_ASSERT_OK(xnet_sctp_sndinfo_marshal(&xnet_sctp_layout_usrsctp, &s, buf,
                                         sizeof buf, &len));
  XT_ASSERT_UINT_EQ(buf[2] | buf[3] << 8, 0x2000);
}

/* Every payload of size-1 bytes or fewer is ESHORT, one byte more EBADLEN,
 * and *out is zeroed each time. */
static void test_sctp_cmsg_every_truncation_fails_cleanly(void) {
  uint8_t b[129];
  memset(b, 0, sizeof b);
  for (size_t n = 0; n <= sizeof b; n++) {
    union {
      xnet_sctp_sndinfo s;
      xnet_sctp_rcvinfo r;
      xnet_sctp_nxtinfo x;
      xnet_sctp_prinfo p;
      xnet_sctp_sndrcvinfo q;
      xnet_sctp_initmsg i;
    } o;
    const xnet_sctp_layout *l = &xnet_sctp_layout_linux;
#define CHECK(fn, field, size)                                                 \
  do {                                                                         \
    memset(&o, 0xa5, sizeof o);                                                \
    int err = fn(l, b, n, &o.field);                                          \
    int want = n < (size) ? XNET_ESHORT : n > (size) ? XNET_EBADLEN : 0;       \
    XT_ASSERT_ERR(err, want);                                                  \
    if (err) {                                                                 \
      const uint8_t *z = (const uint8_t *)&o.field;                            \
      for (size_t j = 0; j < sizeof o.field; j++) XT_ASSERT_UINT_EQ(z[j], 0);  \
    }                                                                          \
  } while (0)
    CHECK(xnet_sctp_sndinfo_parse, s, 16);
    CHECK(xnet_sctp_rcvinfo_parse, r, 28);
    CHECK(xnet_sctp_nxtinfo_parse, x, 16);
    CHECK(xnet_sctp_prinfo_parse, p, 8);
    CHECK(xnet_sctp_sndrcvinfo_parse, q, 32);
    CHECK(xnet_sctp_initmsg_parse, i, 8);
    l = &xnet_sctp_layout_freebsd;
    CHECK(xnet_sctp_sndrcvinfo_parse, q, 128);
#undef CHECK
  }
}

static void test_sctp_cmsg_marshal_reports_size(void) {
  uint8_t buf[32];
  size_t len = 0;
  xnet_sctp_rcvinfo r;
  memset(&r, 0, sizeof r);
  XT_ASSERT_ERR(xnet_sctp_rcvinfo_marshal(&xnet_sctp_layout_linux, &r, buf, 27,
                                          &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 28);
  XT_ASSERT_ERR(xnet_sctp_rcvinfo_marshal(&xnet_sctp_layout_linux, &r, NULL, 0,
                                          &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 28);
  xnet_sctp_sndrcvinfo q;
  memset(&q, 0, sizeof q);
  XT_ASSERT_ERR(xnet_sctp_sndrcvinfo_marshal(&xnet_sctp_layout_freebsd, &q,
                                             buf, sizeof buf, &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 128);
  xnet_sctp_initmsg i = {1, 2, 3, 4};
  XT_ASSERT_ERR(xnet_sctp_initmsg_marshal(&xnet_sctp_layout_usrsctp, &i, buf,
                                          7, &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 8);
  XT_ASSERT_ERR(xnet_sctp_initmsg_marshal(&xnet_sctp_layout_usrsctp, NULL, buf,
                                          8, &len),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_initmsg_marshal(&xnet_sctp_layout_usrsctp, &i, buf,
                                          8, NULL),
                XNET_EINVAL);
  xnet_sctp_prinfo p = {XNET_SCTP_PR_POLICY__MAX, 0};
  XT_ASSERT_ERR(xnet_sctp_prinfo_marshal(&xnet_sctp_layout_linux, &p, buf,
                                         sizeof buf, &len),
                XNET_EINVAL);
}

static void test_sctp_cmsg_rejects_undefined_policy(void) {
  xnet_sctp_prinfo p;
  uint8_t b[8] = {0x40, 0x00};
  XT_ASSERT_ERR(xnet_sctp_prinfo_parse(&xnet_sctp_layout_linux, b, 8, &p),
                XNET_EBADFORMAT);
  b[0] = 0x10; /* Linux TTL means nothing to usrsctp */
  XT_ASSERT_ERR(xnet_sctp_prinfo_parse(&xnet_sctp_layout_usrsctp, b, 8, &p),
                XNET_EBADFORMAT);
  XT_ASSERT_OK(xnet_sctp_prinfo_parse(&xnet_sctp_layout_linux, b, 8, &p));
  XT_ASSERT_INT_EQ(p.policy, XNET_SCTP_PR_SCTP_TTL);
}

static void test_sctp_cmsg_level_and_type_per_layout(void) {
  int level, type;
  size_t len;
  XT_ASSERT_OK(xnet_sctp_cmsg_info(&xnet_sctp_layout_linux,
                                   XNET_SCTP_CMSG_SNDINFO, &level, &type,
                                   &len));
  XT_ASSERT_INT_EQ(level, IPPROTO_SCTP);
  XT_ASSERT_INT_EQ(type, SCTP_SNDINFO);
  XT_ASSERT_UINT_EQ(len, sizeof(struct sctp_sndinfo));
  static const struct {
    xnet_sctp_cmsg_type kind;
    int type;
    size_t len;
  } linux_rows[] = {
      {XNET_SCTP_CMSG_INIT, SCTP_INIT, sizeof(struct sctp_initmsg)},
      {XNET_SCTP_CMSG_SNDRCV, SCTP_SNDRCV, sizeof(struct sctp_sndrcvinfo)},
      {XNET_SCTP_CMSG_SNDINFO, SCTP_SNDINFO, sizeof(struct sctp_sndinfo)},
      {XNET_SCTP_CMSG_RCVINFO, SCTP_RCVINFO, sizeof(struct sctp_rcvinfo)},
      {XNET_SCTP_CMSG_NXTINFO, SCTP_NXTINFO, sizeof(struct sctp_nxtinfo)},
      {XNET_SCTP_CMSG_PRINFO, SCTP_PRINFO, sizeof(struct sctp_prinfo)},
      {XNET_SCTP_CMSG_AUTHINFO, SCTP_AUTHINFO, sizeof(struct sctp_authinfo)},
      {XNET_SCTP_CMSG_DSTADDRV4, SCTP_DSTADDRV4, sizeof(struct in_addr)},
      {XNET_SCTP_CMSG_DSTADDRV6, SCTP_DSTADDRV6, sizeof(struct in6_addr)},
  };
  for (size_t i = 0; i < sizeof linux_rows / sizeof linux_rows[0]; i++) {
    xnet_sctp_cmsg_type kind;
    XT_ASSERT_OK(xnet_sctp_cmsg_info(&xnet_sctp_layout_linux,
                                     linux_rows[i].kind, &level, &type, &len));
    XT_ASSERT_INT_EQ(level, IPPROTO_SCTP);
    XT_ASSERT_INT_EQ(type, linux_rows[i].type);
    XT_ASSERT_UINT_EQ(len, linux_rows[i].len);
    XT_ASSERT_OK(xnet_sctp_cmsg_kind(&xnet_sctp_layout_linux, IPPROTO_SCTP,
                                     linux_rows[i].type, &kind));
    XT_ASSERT_INT_EQ(kind, linux_rows[i].kind);
  }
  XT_ASSERT_ERR(xnet_sctp_cmsg_info(&xnet_sctp_layout_linux,
                                    XNET_SCTP_CMSG_EXTRCV, &level, &type, &len),
                XNET_ENOTSUP);

  /* sctp_uio.h: SCTP_SNDINFO 0x0004, SCTP_EXTRCV 0x0003. */
  XT_ASSERT_OK(xnet_sctp_cmsg_info(&xnet_sctp_layout_usrsctp,
                                   XNET_SCTP_CMSG_SNDINFO, &level, &type,
                                   &len));
  XT_ASSERT_INT_EQ(level, 132);
  XT_ASSERT_INT_EQ(type, 4);
  XT_ASSERT_ERR(xnet_sctp_cmsg_info(&xnet_sctp_layout_usrsctp,
                                    XNET_SCTP_CMSG_SNDRCV, NULL, NULL, NULL),
                XNET_ENOTSUP);
  XT_ASSERT_OK(xnet_sctp_cmsg_info(&xnet_sctp_layout_freebsd,
                                   XNET_SCTP_CMSG_SNDRCV, NULL, &type, &len));
  XT_ASSERT_INT_EQ(type, 2);
  XT_ASSERT_UINT_EQ(len, 128);
  xnet_sctp_cmsg_type kind;
  XT_ASSERT_OK(xnet_sctp_cmsg_kind(&xnet_sctp_layout_freebsd, 132, 3, &kind));
  XT_ASSERT_INT_EQ(kind, XNET_SCTP_CMSG_EXTRCV);
  XT_ASSERT_OK(xnet_sctp_cmsg_kind(&xnet_sctp_layout_linux, 132, 3, &kind));
  XT_ASSERT_INT_EQ(kind, XNET_SCTP_CMSG_RCVINFO);
  XT_ASSERT_ERR(xnet_sctp_cmsg_kind(&xnet_sctp_layout_usrsctp, 132, 3, &kind),
                XNET_EBADTYPE);
  XT_ASSERT_ERR(xnet_sctp_cmsg_kind(&xnet_sctp_layout_linux, 0, 3, &kind),
                XNET_EBADTYPE);
  XT_ASSERT_ERR(xnet_sctp_cmsg_kind(&xnet_sctp_layout_linux, 132, 99, &kind),
                XNET_EBADTYPE);
  XT_ASSERT_ERR(xnet_sctp_cmsg_info(&xnet_sctp_layout_linux,
                                    XNET_SCTP_CMSG__MAX, NULL, NULL, NULL),
                XNET_EINVAL);
}

/* Every payload the codec writes parses back to the same value, in every
 * layout that has the struct. */
static void test_sctp_cmsg_round_trips_in_every_layout(void) {
  static const xnet_sctp_layout *const layouts[] = {
      &xnet_sctp_layout_linux, &xnet_sctp_layout_usrsctp,
      &xnet_sctp_layout_usrsctp_darwin, &xnet_sctp_layout_freebsd};
  for (size_t li = 0; li < 4; li++) {
    const xnet_sctp_layout *l = layouts[li];
    uint8_t buf[128];
    size_t len;
    xnet_sctp_sndinfo s = {0xffff, XNET_SCTP_ABORT | XNET_SCTP_SENDALL |
                                       XNET_SCTP_SACK_IMMEDIATELY |
                                       XNET_SCTP_ADDR_OVER,
                           0xffffffffu, 1, INT32_MIN},
                      s2;
    XT_ASSERT_OK(xnet_sctp_sndinfo_marshal(l, &s, buf, sizeof buf, &len));
    XT_ASSERT_OK(xnet_sctp_sndinfo_parse(l, buf, len, &s2));
    XT_ASSERT(s.sid == s2.sid && s.flags == s2.flags && s.ppid == s2.ppid &&
              s.context == s2.context && s.assoc_id == s2.assoc_id);
    for (int pol = 0; pol < XNET_SCTP_PR_POLICY__MAX; pol++) {
      xnet_sctp_prinfo p = {(xnet_sctp_pr_policy)pol, 77}, p2;
      XT_ASSERT_OK(xnet_sctp_prinfo_marshal(l, &p, buf, sizeof buf, &len));
      XT_ASSERT_OK(xnet_sctp_prinfo_parse(l, buf, len, &p2));
      XT_ASSERT_INT_EQ(p2.policy, pol);
      XT_ASSERT_UINT_EQ(p2.value, 77);
    }
    xnet_sctp_initmsg i = {1, 2, 3, 0xffff}, i2;
    XT_ASSERT_OK(xnet_sctp_initmsg_marshal(l, &i, buf, sizeof buf, &len));
    XT_ASSERT_OK(xnet_sctp_initmsg_parse(l, buf, len, &i2));
    XT_ASSERT(memcmp(&i, &i2, sizeof i) == 0);
  }
}

/* An sndinfo framed by xnet_cmsg_put is what the C library's CMSG macros
 * build, and the iterator finds and identifies it again. */
static void test_sctp_cmsg_frames_with_generic_writer(void) {
  const xnet_sctp_layout *l = &xnet_sctp_layout_linux;
  xnet_sctp_sndinfo s = {7, XNET_SCTP_UNORDERED, 0x01020304, 5, 1}, back;
  uint8_t payload[16], buf[64];
  size_t plen, len, n;
  int level, type;
  XT_ASSERT_OK(xnet_sctp_sndinfo_marshal(l, &s, payload, sizeof payload,
                                         &plen));
  XT_ASSERT_OK(xnet_sctp_cmsg_info(l, XNET_SCTP_CMSG_SNDINFO, &level, &type,
                                   &len));
  XT_ASSERT_UINT_EQ(len, plen);
  XT_ASSERT_OK(xnet_cmsg_put(&xnet_profile_linux, buf, sizeof buf, &n, level,
                             type, payload, plen));

  union {
    struct cmsghdr h;
    uint8_t b[CMSG_SPACE(sizeof(struct sctp_sndinfo))];
  } k;
  memset(&k, 0, sizeof k);
  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  msg.msg_control = k.b;
  msg.msg_controllen = sizeof k.b;
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = IPPROTO_SCTP;
  c->cmsg_type = SCTP_SNDINFO;
  c->cmsg_len = CMSG_LEN(sizeof(struct sctp_sndinfo));
  struct sctp_sndinfo ks = {7, SCTP_UNORDERED, 0x01020304, 5, 1};
  memcpy(CMSG_DATA(c), &ks, sizeof ks);
  XT_ASSERT_MEM_EQ(buf, n, k.b, sizeof k.b);

  xnet_cmsg_iter it;
  xnet_cmsg m;
  xnet_sctp_cmsg_type kind;
  xnet_cmsg_iter_init(&it, &xnet_profile_linux, buf, n);
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 1);
  XT_ASSERT_OK(xnet_sctp_cmsg_kind(l, m.level, m.type, &kind));
  XT_ASSERT_INT_EQ(kind, XNET_SCTP_CMSG_SNDINFO);
  XT_ASSERT_OK(xnet_sctp_sndinfo_parse(l, m.data, m.len, &back));
  XT_ASSERT(back.sid == 7 && back.flags == XNET_SCTP_UNORDERED &&
            back.ppid == 0x01020304 && back.context == 5 &&
            back.assoc_id == 1);
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 0);

  /* FreeBSD: 12-byte header, payload at 16, rcvinfo type 5. */
  xnet_sctp_rcvinfo r;
  XT_ASSERT_OK(xnet_sctp_rcvinfo_parse(&xnet_sctp_layout_usrsctp,
                                       usrsctp_rcvinfo, 28, &r));
  uint8_t rp[28];
  XT_ASSERT_OK(xnet_sctp_rcvinfo_marshal(&xnet_sctp_layout_freebsd, &r, rp,
                                         sizeof rp, &plen));
  XT_ASSERT_OK(xnet_sctp_cmsg_info(&xnet_sctp_layout_freebsd,
                                   XNET_SCTP_CMSG_RCVINFO, &level, &type,
                                   NULL));
  XT_ASSERT_OK(xnet_cmsg_put(&xnet_profile_freebsd, buf, sizeof buf, &n,
                             level, type, rp, plen));
  XT_ASSERT_UINT_EQ(n, xnet_cmsg_space(&xnet_profile_freebsd, 28));
  XT_ASSERT_UINT_EQ(buf[4], 132); /* level after a 4-byte cmsg_len */
  XT_ASSERT_UINT_EQ(buf[8], 5);
  XT_ASSERT_MEM_EQ(buf + xnet_cmsg_len(&xnet_profile_freebsd, 0), 28,
                   usrsctp_rcvinfo, 28);
  xnet_cmsg_iter_init(&it, &xnet_profile_freebsd, buf, n);
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 1);
  XT_ASSERT_OK(xnet_sctp_cmsg_kind(&xnet_sctp_layout_freebsd, m.level, m.type,
                                   &kind));
  XT_ASSERT_INT_EQ(kind, XNET_SCTP_CMSG_RCVINFO);
}

XT_SUITE(codecs, sctp_cmsg, NULL, NULL,
         XT_TEST(test_sctp_cmsg_frames_with_generic_writer),
         XT_TEST(test_sctp_cmsg_linux_matches_kernel_structs),
         XT_TEST(test_sctp_cmsg_usrsctp_vectors),
         XT_TEST(test_sctp_cmsg_sndrcvinfo_per_layout),
         XT_TEST(test_sctp_cmsg_unmapped_flags_survive),
         XT_TEST(test_sctp_cmsg_every_truncation_fails_cleanly),
         XT_TEST(test_sctp_cmsg_marshal_reports_size),
         XT_TEST(test_sctp_cmsg_rejects_undefined_policy),
         XT_TEST(test_sctp_cmsg_level_and_type_per_layout),
         XT_TEST(test_sctp_cmsg_round_trips_in_every_layout));
