/* sctp_kernel_capture.c — measures what the Linux SCTP stack delivers to an
 * application, inside the VM (tests/vm/run-vm.sh), with kernel sockets only,
 * and records it for the replay backend.
 *
 * Each scenario runs one association on loopback while a packet socket
 * captures lo (vm_capture.h), and logs, one line per event, what the
 * application did and observed: each message read (stream, SSN, PPID, TSN,
 * flags, length), each notification decoded by xnet's codec
 * (xnet_sctp_notification_parse with xnet_sctp_layout_linux, and its raw
 * bytes), each send and its result. The files are left in the working
 * directory as kernel_<scenario>.pcap and kernel_<scenario>.log
 * (fixtures/sctp/make_kernel.sh copies them out of the VM). The checks print
 * PASS/FAIL lines (vm_check.h): they state the kernel behaviour the replay
 * backend reproduces, so a kernel that behaves differently fails here first.
 *
 * Kernel sockets, not xnet's SCTP API, on purpose: these are the reference
 * observations, made without the library in the way; only the decoding is
 * xnet's (tests/vm/sctp_vm_suite.c runs the library's API itself).
 *
 * Log line format (fields separated by one space):
 *   <ns since the epoch> <side> <what> key=value ...
 * where <side> is client or server and <what> one of: notification, data,
 * send, eof, recv-error, status, sockopt, note. Lines starting with '#'
 * describe the scenario (addresses, ports).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "xnet/sctp_abi.h"
#include "xnet/sctp_cmsg.h"
#include "xnet/sctp_notify.h"

#include "vm_capture.h"
#include "vm_check.h"
#include "vm_reading.h"

static const xnet_sctp_layout *const L = &xnet_sctp_layout_linux;

/* ---- the log --------------------------------------------------------------
 */

static FILE *logf_;

static void logline(const char *side, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void logline(const char *side, const char *fmt, ...) {
  if (logf_ == NULL)
    return;
  va_list ap;
  fprintf(logf_, "%llu %s ", (unsigned long long)vm_now_ns(), side);
  va_start(ap, fmt);
  vfprintf(logf_, fmt, ap);
  va_end(ap);
  fputc('\n', logf_);
  fflush(logf_);
}

static void logcomment(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static void logcomment(const char *fmt, ...) {
  if (logf_ == NULL)
    return;
  va_list ap;
  fputs("# ", logf_);
  va_start(ap, fmt);
  vfprintf(logf_, fmt, ap);
  va_end(ap);
  fputc('\n', logf_);
  fflush(logf_);
}

static const char *errname(int e) {
  const char *n = strerrorname_np(e);
  return n ? n : "E?";
}

static void hex(const uint8_t *b, size_t n, char *out, size_t cap) {
  static const char digits[] = "0123456789abcdef";
  size_t i = 0;
  for (; i < n && 2 * i + 2 < cap; i++) {
    out[2 * i] = digits[b[i] >> 4];
    out[2 * i + 1] = digits[b[i] & 15];
  }
  out[2 * i] = '\0';
}

/* ---- one side of an association ------------------------------------------ */

typedef struct side {
  const char *name;
  int fd;
  /* What was seen, for the checks. */
  int ntf[XNET_SCTP_NOTIFICATION__MAX];
  int assoc_state[XNET_SCTP_ASSOC_CHANGE_STATE__MAX];
  int paddr_state[XNET_SCTP_PEER_ADDR_STATE__MAX];
  uint16_t lost_error; /* sac_error of the last COMM_LOST, host order */
  size_t lost_info_len;
  int send_failed[2]; /* by XNET_SCTP_DATA_UNSENT / DATA_SENT */
  size_t send_failed_bytes;
  uint8_t confirmed_ip[4]; /* the last ADDR_CONFIRMED address */
} side;


static void note_notification(side *s, const xnet_sctp_notification *n) {
  if (n->type > 0 && n->type < XNET_SCTP_NOTIFICATION__MAX)
    s->ntf[n->type]++;
  switch (n->type) {
  case XNET_SCTP_ASSOC_CHANGE:
    if (n->u.assoc_change.state < XNET_SCTP_ASSOC_CHANGE_STATE__MAX)
      s->assoc_state[n->u.assoc_change.state]++;
    if (n->u.assoc_change.state == XNET_SCTP_COMM_LOST) {
      s->lost_error = n->u.assoc_change.error;
      s->lost_info_len = n->u.assoc_change.info_len;
    }
    break;
  case XNET_SCTP_PEER_ADDR_CHANGE:
    if (n->u.peer_addr_change.state < XNET_SCTP_PEER_ADDR_STATE__MAX)
      s->paddr_state[n->u.peer_addr_change.state]++;
    if (n->u.peer_addr_change.state == XNET_SCTP_ADDR_CONFIRMED)
      memcpy(s->confirmed_ip, n->u.peer_addr_change.addr.ip, 4);
    break;
  case XNET_SCTP_SEND_FAILED_EVENT:
    if (n->u.send_failed_event.flags <= XNET_SCTP_DATA_SENT)
      s->send_failed[n->u.send_failed_event.flags]++;
    s->send_failed_bytes += n->u.send_failed_event.data_len;
    break;
  default:
    break;
  }
}

static void flags_text(int msg_flags, uint32_t rcv_flags, char *out,
                       size_t cap) {
  snprintf(out, cap, "%s%s%s", (msg_flags & MSG_EOR) ? "EOR" : "-",
           (rcv_flags & XNET_SCTP_UNORDERED) ? ",UNORDERED" : "",
           (msg_flags & MSG_CTRUNC) ? ",CTRUNC" : "");
}

/* Reads once from s (waiting up to timeout_ms) into r with a buffer of cap
 * bytes, logs what came, and records notifications in s. */
static void read_one(side *s, int timeout_ms, size_t cap, reading *r) {
  memset(r, 0, sizeof *r);
  if (cap > sizeof r->buf)
    cap = sizeof r->buf;
  struct pollfd p = {s->fd, POLLIN, 0};
  int pr = poll(&p, 1, timeout_ms);
  if (pr == 0) {
    r->kind = R_TIMEOUT;
    return;
  }
  union {
    struct cmsghdr h;
    uint8_t b[256];
  } ctl;
  struct iovec iov = {r->buf, cap};
  struct msghdr m = {.msg_iov = &iov,
                     .msg_iovlen = 1,
                     .msg_control = ctl.b,
                     .msg_controllen = sizeof ctl.b};
  ssize_t n = recvmsg(s->fd, &m, MSG_DONTWAIT);
  if (n < 0) {
    r->kind = R_ERROR;
    r->err = errno;
    if (errno == EAGAIN) {
      r->kind = R_TIMEOUT;
      return;
    }
    logline(s->name, "recv-error errno=%s", errname(r->err));
    return;
  }
  r->len = (size_t)n;
  r->flags = m.msg_flags;
  if (n == 0 && !(m.msg_flags & MSG_NOTIFICATION)) {
    r->kind = R_EOF;
    logline(s->name, "eof");
    return;
  }
  char text[512];
  static char hx[2 * sizeof r->buf + 1];
  if (m.msg_flags & MSG_NOTIFICATION) {
    r->kind = R_NOTIFICATION;
    r->parse_rc = xnet_sctp_notification_parse(L, r->buf, r->len, &r->n);
    text[0] = '\0';
    if (r->parse_rc == 0 || r->n.raw != NULL)
      xnet_sctp_notification_format(&r->n, text, sizeof text);
    hex(r->buf, r->len, hx, sizeof hx);
    logline(s->name, "notification parse=%d %s flags=%s len=%zu raw=%s",
            r->parse_rc, text[0] ? text : "?",
            (m.msg_flags & MSG_EOR) ? "EOR" : "-", r->len, hx);
    if (r->parse_rc == 0)
      note_notification(s, &r->n);
    return;
  }
  r->kind = R_DATA;
  for (struct cmsghdr *h = CMSG_FIRSTHDR(&m); h != NULL;
       h = CMSG_NXTHDR(&m, h)) {
    xnet_sctp_cmsg_type kind;
    if (xnet_sctp_cmsg_kind(L, h->cmsg_level, h->cmsg_type, &kind) == 0 &&
        kind == XNET_SCTP_CMSG_RCVINFO &&
        xnet_sctp_rcvinfo_parse(L, CMSG_DATA(h), h->cmsg_len - CMSG_LEN(0),
                                &r->rcv) == 0)
      r->have_rcvinfo = 1;
  }
  flags_text(r->flags, r->rcv.flags, text, sizeof text);
  hex(r->buf, r->len < 16 ? r->len : 16, hx, sizeof hx);
  logline(s->name,
          "data sid=%u ssn=%u ppid=%u tsn=%u cumtsn=%u assoc=%d flags=%s "
          "len=%zu rcvinfo=%d head=%s",
          r->rcv.sid, r->rcv.ssn, ntohl(r->rcv.ppid), r->rcv.tsn, r->rcv.cumtsn,
          r->rcv.assoc_id, text, r->len, r->have_rcvinfo, hx);
}

/* Reads (logging everything) until a read matches want, or timeout_ms
 * passes. Returns 1 when matched (r holds it), 0 on timeout. */
static int read_until(side *s, int timeout_ms, size_t cap, want_fn want,
                      const void *arg, reading *r) {
  uint64_t end = vm_now_ns() + (uint64_t)timeout_ms * 1000000u;
  for (;;) {
    uint64_t now = vm_now_ns();
    if (now >= end)
      return 0;
    read_one(s, (int)((end - now) / 1000000u) + 1, cap, r);
    if (r->kind == R_TIMEOUT)
      continue;
    if (want(r, arg))
      return 1;
    if (r->kind == R_EOF || (r->kind == R_ERROR && r->err != EINTR)) {
      /* Nothing more will come: later reads would return the same. */
      return 0;
    }
  }
}

/* Reads whatever arrives until quiet_ms pass with nothing. */
static void drain(side *s, int quiet_ms) {
  reading rbuf, *r = &rbuf;
  for (;;) {
    read_one(s, quiet_ms, sizeof r->buf, r);
    if (r->kind == R_TIMEOUT || r->kind == R_EOF || r->kind == R_ERROR)
      break;
  }
}

/* Waits for a notification; 1 if it came. */
static int await_ntf(side *s, xnet_sctp_notification_type type, int state,
                     int timeout_ms) {
  struct want_ntf w = {type, state};
  reading r;
  return read_until(s, timeout_ms, sizeof r.buf, want_notification, &w, &r);
}

/* ---- sockets ---------------------------------------------------------------
 */

static const uint16_t all_events[] = {
    SCTP_ASSOC_CHANGE,           SCTP_PEER_ADDR_CHANGE,
    SCTP_REMOTE_ERROR,           SCTP_SHUTDOWN_EVENT,
    SCTP_PARTIAL_DELIVERY_EVENT, SCTP_ADAPTATION_INDICATION,
    SCTP_AUTHENTICATION_EVENT,   SCTP_SENDER_DRY_EVENT,
    SCTP_STREAM_RESET_EVENT,     SCTP_ASSOC_RESET_EVENT,
    SCTP_STREAM_CHANGE_EVENT,    SCTP_SEND_FAILED_EVENT,
};

/* An SCTP socket subscribed to every event, with rcvinfo, 10 streams each
 * way and an adaptation indication, bound to 127.0.0.1:port and, when
 * multihomed, 127.0.0.2:port as well (sctp_bindx). Returns the fd or -1. */
static int endpoint(const char *who, uint16_t port, int multihomed,
                    uint32_t adaptation, uint16_t *bound_port) {
  int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
  if (fd < 0)
    return vm_fail(who, "socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP): %s",
                   errname(errno));
  for (size_t i = 0; i < sizeof all_events / sizeof all_events[0]; i++) {
    struct sctp_event ev = {
        .se_assoc_id = SCTP_FUTURE_ASSOC, .se_type = all_events[i], .se_on = 1};
    if (setsockopt(fd, IPPROTO_SCTP, SCTP_EVENT, &ev, sizeof ev) < 0)
      logline(who, "sockopt SCTP_EVENT type=0x%04x errno=%s", all_events[i],
              errname(errno));
  }
  /* A shorter initial retransmission timeout than the default 3 s, so the
   * HEARTBEAT that confirms a second address (sent RTO/2 +- 50% after
   * set-up, before any RTT is measured on that path) comes within half a
   * second: the VM runs in an emulator and the test should be short. The
   * minimum stays at its default (1 s): below the peer's 200 ms delayed
   * SACK, a T3 timeout would mark the primary path potentially failed
   * (pf_retrans is 0) and move the data to the other address. */
  struct sctp_rtoinfo rto = {.srto_assoc_id = SCTP_FUTURE_ASSOC,
                             .srto_initial = 400};
  if (setsockopt(fd, IPPROTO_SCTP, SCTP_RTOINFO, &rto, sizeof rto) < 0)
    logline(who, "sockopt SCTP_RTOINFO errno=%s", errname(errno));
  int one = 1;
  struct sctp_initmsg im = {.sinit_num_ostreams = 10,
                            .sinit_max_instreams = 10};
  struct sctp_setadaptation ad = {.ssb_adaptation_ind = adaptation};
  if (setsockopt(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, &one, sizeof one) < 0 ||
      setsockopt(fd, IPPROTO_SCTP, SCTP_INITMSG, &im, sizeof im) < 0 ||
      setsockopt(fd, IPPROTO_SCTP, SCTP_ADAPTATION_LAYER, &ad, sizeof ad) < 0) {
    vm_fail(who, "setsockopt: %s", errname(errno));
    close(fd);
    return -1;
  }
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(0x7f000001);
  if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) {
    vm_fail(who, "bind 127.0.0.1: %s", errname(errno));
    close(fd);
    return -1;
  }
  socklen_t al = sizeof a;
  getsockname(fd, (struct sockaddr *)&a, &al);
  *bound_port = ntohs(a.sin_port);
  if (multihomed) {
    a.sin_addr.s_addr = htonl(0x7f000002);
    if (sctp_bindx(fd, (struct sockaddr *)&a, 1, SCTP_BINDX_ADD_ADDR) < 0) {
      vm_fail(who, "sctp_bindx 127.0.0.2: %s", errname(errno));
      close(fd);
      return -1;
    }
  }
  return fd;
}

/* Sends one message with an SCTP_SNDINFO control message; returns 0 or
 * errno, and logs it. */
static int send_msg(side *s, const void *b, size_t n, uint16_t sid,
                    uint32_t ppid, uint16_t flags) {
  union {
    struct cmsghdr h;
    uint8_t b[CMSG_SPACE(sizeof(struct sctp_sndinfo))];
  } ctl;
  memset(&ctl, 0, sizeof ctl);
  struct cmsghdr *h = &ctl.h;
  h->cmsg_level = IPPROTO_SCTP;
  h->cmsg_type = SCTP_SNDINFO;
  h->cmsg_len = CMSG_LEN(sizeof(struct sctp_sndinfo));
  struct sctp_sndinfo si = {
      .snd_sid = sid, .snd_flags = flags, .snd_ppid = htonl(ppid)};
  memcpy(CMSG_DATA(h), &si, sizeof si);
  struct iovec iov = {(void *)(uintptr_t)b, n};
  struct msghdr m = {.msg_iov = &iov,
                     .msg_iovlen = 1,
                     .msg_control = ctl.b,
                     .msg_controllen = sizeof ctl.b};
  ssize_t rc = sendmsg(s->fd, &m, MSG_DONTWAIT | MSG_NOSIGNAL);
  int e = rc < 0 ? errno : 0;
  logline(s->name, "send sid=%u ppid=%u flags=0x%x len=%zu result=%s", sid,
          ppid, flags, n, e ? errname(e) : "ok");
  return e;
}

static int status(side *s, xnet_sctp_status *st) {
  struct sctp_status raw;
  memset(&raw, 0, sizeof raw);
  socklen_t len = sizeof raw;
  if (getsockopt(s->fd, IPPROTO_SCTP, SCTP_STATUS, &raw, &len) < 0)
    return -errno;
  int rc = xnet_sctp_status_parse(L, (const uint8_t *)&raw, len, st);
  if (rc < 0)
    return rc;
  char ip[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, st->primary.addr.ip, ip, sizeof ip);
  logline(s->name,
          "status state=%s rwnd=%u unackdata=%u penddata=%u instrms=%u "
          "outstrms=%u fragpoint=%u "
          "primary=%s:%u primary_state=%s mtu=%u",
          xnet_sctp_state_name(st->state), st->rwnd, st->unackdata,
          st->penddata, st->instrms, st->outstrms, st->fragmentation_point, ip,
          st->primary.addr.port, xnet_sctp_paddr_state_name(st->primary.state),
          st->primary.mtu);
  return 0;
}

/* A connected pair: client dialled the server (both multihomed when asked),
 * server accepted. The listener is closed. */
typedef struct pair {
  side client, server;
  uint16_t cport, sport;
} pair;

static int pair_open(pair *p, int multihomed, int server_rcvbuf) {
  memset(p, 0, sizeof *p);
  p->client.name = "client";
  p->server.name = "server";
  p->client.fd = p->server.fd = -1;
  uint16_t sport = 0, cport = 0;
  int lfd = endpoint("listener", 0, multihomed, 0x01020304u, &sport);
  if (lfd < 0)
    return -1;
  if (server_rcvbuf > 0)
    setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &server_rcvbuf,
               sizeof server_rcvbuf);
  if (listen(lfd, 4) < 0) {
    close(lfd);
    return vm_fail("listen", "%s", errname(errno));
  }
  p->client.fd = endpoint("client", 0, multihomed, 0x0a0b0c0du, &cport);
  if (p->client.fd < 0) {
    close(lfd);
    return -1;
  }
  p->sport = sport;
  p->cport = cport;
  logcomment("server 127.0.0.1%s port %u, client 127.0.0.1%s port %u",
             multihomed ? "+127.0.0.2" : "", sport,
             multihomed ? "+127.0.0.2" : "", cport);
  struct sockaddr_in to[2];
  memset(to, 0, sizeof to);
  for (int i = 0; i < 2; i++) {
    to[i].sin_family = AF_INET;
    to[i].sin_port = htons(sport);
    to[i].sin_addr.s_addr = htonl(0x7f000001u + (uint32_t)i);
  }
  sctp_assoc_t id = 0;
  logline("client", "connectx addrs=%d", multihomed ? 2 : 1);
  if (sctp_connectx(p->client.fd, (struct sockaddr *)to, multihomed ? 2 : 1,
                    &id) < 0) {
    close(lfd);
    return vm_fail("connectx", "%s", errname(errno));
  }
  p->server.fd = accept(lfd, NULL, NULL);
  close(lfd);
  if (p->server.fd < 0)
    return vm_fail("accept", "%s", errname(errno));
  logline("server", "accept");
  return 0;
}

static void pair_close(pair *p) {
  if (p->client.fd >= 0)
    close(p->client.fd);
  if (p->server.fd >= 0)
    close(p->server.fd);
  p->client.fd = p->server.fd = -1;
}

/* ---- scenarios -------------------------------------------------------------
 */

/* Multi-homed association: set-up notifications, messages on several
 * streams with PPIDs, unordered, a message read in parts, status,
 * disable-fragments, a reply, and the graceful shutdown. */
static int scenario_assoc(pair *p) {
  side *c = &p->client, *s = &p->server;
  VM_CHECK("assoc.client_comm_up",
           await_ntf(c, XNET_SCTP_ASSOC_CHANGE, XNET_SCTP_COMM_UP, 3000),
           "no SCTP_ASSOC_CHANGE COMM_UP on the client");
  VM_CHECK("assoc.server_comm_up",
           await_ntf(s, XNET_SCTP_ASSOC_CHANGE, XNET_SCTP_COMM_UP, 3000),
           "no SCTP_ASSOC_CHANGE COMM_UP on the server");
  /* The server learnt the client's second address from the INIT: it is
   * unconfirmed until a HEARTBEAT to it is acknowledged (RTO/2 +- 50% after
   * set-up), which the server reports. The client's two peer addresses
   * were given to connectx, so they count as confirmed: no notification. */
  VM_CHECK(
      "assoc.server_addr_confirmed",
      await_ntf(s, XNET_SCTP_PEER_ADDR_CHANGE, XNET_SCTP_ADDR_CONFIRMED,
                5000) &&
          s->confirmed_ip[3] == 2,
      "no SCTP_PEER_ADDR_CHANGE ADDR_CONFIRMED for 127.0.0.2 on the server");
  drain(c, 100);
  drain(s, 100);
  VM_CHECK("assoc.adaptation_indication",
           c->ntf[XNET_SCTP_ADAPTATION_INDICATION] == 1 &&
               s->ntf[XNET_SCTP_ADAPTATION_INDICATION] == 1,
           "adaptation indications client=%d server=%d, want 1 each",
           c->ntf[XNET_SCTP_ADAPTATION_INDICATION],
           s->ntf[XNET_SCTP_ADAPTATION_INDICATION]);

  /* Messages on several streams with PPIDs, one unordered. */
  static const struct {
    uint16_t sid;
    uint32_t ppid;
    uint16_t flags;
    const char *text;
  } msgs[] = {
      {0, 10, 0, "stream zero"},
      {1, 11, 0, "stream one, first"},
      {2, 12, 0, "stream two"},
      {1, 13, SCTP_UNORDERED, "stream one, unordered"},
      {1, 14, 0, "stream one, second"},
  };
  enum { NMSG = sizeof msgs / sizeof msgs[0] };
  for (int i = 0; i < NMSG; i++)
    if (send_msg(c, msgs[i].text, strlen(msgs[i].text), msgs[i].sid,
                 msgs[i].ppid, msgs[i].flags))
      return vm_fail("assoc.send_streams", "send %d failed", i);
  vm_pass("assoc.send_streams");
  reading rbuf, *r = &rbuf;
  int got[NMSG] = {0}, bad = 0;
  uint16_t ssn1[2] = {0, 0};
  int n1 = 0;
  for (int k = 0; k < NMSG; k++) {
    if (!read_until(s, 3000, sizeof r->buf, want_data, NULL, r)) {
      bad = -1;
      break;
    }
    uint32_t ppid = ntohl(r->rcv.ppid);
    int i = (int)ppid - 10;
    if (i < 0 || i >= NMSG || !r->have_rcvinfo || r->rcv.sid != msgs[i].sid ||
        r->len != strlen(msgs[i].text) ||
        memcmp(r->buf, msgs[i].text, r->len) != 0 || !(r->flags & MSG_EOR) ||
        !!(r->rcv.flags & XNET_SCTP_UNORDERED) !=
            !!(msgs[i].flags & SCTP_UNORDERED)) {
      bad = i + 1;
      break;
    }
    got[i]++;
    if (msgs[i].sid == 1 && !(msgs[i].flags & SCTP_UNORDERED) && n1 < 2)
      ssn1[n1++] = r->rcv.ssn;
  }
  if (bad)
    return vm_fail("assoc.recv_streams",
                   "message %d: wrong or missing (sid=%u ppid=%u len=%zu)", bad,
                   r->rcv.sid, ntohl(r->rcv.ppid), r->len);
  vm_pass("assoc.recv_streams");
  VM_CHECK("assoc.ssn_per_stream", n1 == 2 && ssn1[0] == 0 && ssn1[1] == 1,
           "stream 1's ordered SSNs were %u, %u; want 0, 1", ssn1[0], ssn1[1]);
  VM_CHECK(
      "assoc.sender_dry", await_ntf(c, XNET_SCTP_SENDER_DRY_EVENT, -1, 3000),
      "no SCTP_SENDER_DRY_EVENT on the client after its data was acknowledged");

  /* A message larger than the reader's buffer comes in parts; only the
   * last has MSG_EOR. */
  uint8_t big[3000];
  for (size_t i = 0; i < sizeof big; i++)
    big[i] = (uint8_t)(i * 7);
  if (send_msg(c, big, sizeof big, 3, 20, 0))
    return vm_fail("assoc.partial_read", "send of 3000 bytes failed");
  size_t total = 0;
  int parts = 0, eor_early = 0, eor_last = 0;
  while (total < sizeof big && read_until(s, 3000, 1000, want_data, NULL, r)) {
    if (memcmp(r->buf, big + total, r->len) != 0)
      break;
    total += r->len;
    parts++;
    if (r->flags & MSG_EOR) {
      if (total < sizeof big)
        eor_early = 1;
      else
        eor_last = 1;
    }
  }
  VM_CHECK("assoc.partial_read",
           total == sizeof big && parts == 3 && !eor_early && eor_last,
           "read %zu of 3000 bytes in %d parts, EOR early=%d last=%d", total,
           parts, eor_early, eor_last);

  xnet_sctp_status st;
  int rc = status(c, &st);
  VM_CHECK("assoc.status",
           rc == 0 && st.state == XNET_SCTP_ESTABLISHED && st.instrms == 10 &&
               st.outstrms == 10 && st.primary.addr.port == p->sport &&
               st.primary.addr.ip[0] == 127 &&
               st.primary.state == XNET_SCTP_ACTIVE,
           "rc=%d state=%s instrms=%u outstrms=%u primary port %u state %s", rc,
           xnet_sctp_state_name(st.state), st.instrms, st.outstrms,
           st.primary.addr.port, xnet_sctp_paddr_state_name(st.primary.state));

  /* With fragmentation disabled, a message above the fragmentation point
   * is refused. */
  int one = 1, zero = 0;
  if (setsockopt(c->fd, IPPROTO_SCTP, SCTP_DISABLE_FRAGMENTS, &one,
                 sizeof one) < 0)
    return vm_fail("assoc.disable_fragments", "setsockopt: %s", errname(errno));
  logline("client", "sockopt SCTP_DISABLE_FRAGMENTS=1");
  size_t huge_len = (size_t)st.fragmentation_point + 100;
  uint8_t *huge = calloc(1, huge_len);
  int e = huge ? send_msg(c, huge, huge_len, 0, 21, 0) : ENOMEM;
  free(huge);
  setsockopt(c->fd, IPPROTO_SCTP, SCTP_DISABLE_FRAGMENTS, &zero, sizeof zero);
  logline("client", "sockopt SCTP_DISABLE_FRAGMENTS=0");
  VM_CHECK("assoc.disable_fragments_emsgsize", e == EMSGSIZE,
           "send of %zu bytes: %s, want EMSGSIZE", huge_len,
           e ? errname(e) : "ok");

  /* A reply the other way. */
  if (send_msg(s, "reply", 5, 4, 30, 0))
    return vm_fail("assoc.reply", "server send failed");
  reading *rr = r;
  int ok = read_until(c, 3000, sizeof rr->buf, want_data, NULL, rr) &&
           rr->rcv.sid == 4 && ntohl(rr->rcv.ppid) == 30 && rr->len == 5;
  VM_CHECK("assoc.reply", ok,
           "the client did not read the server's reply on stream 4");
  drain(c, 300);
  drain(s, 300);

  /* Graceful shutdown: SHUT_WR starts SCTP's full shutdown. */
  logline("client", "shutdown SHUT_WR");
  if (shutdown(c->fd, SHUT_WR) < 0)
    return vm_fail("assoc.shutdown", "shutdown: %s", errname(errno));
  VM_CHECK("assoc.server_shutdown_event",
           await_ntf(s, XNET_SCTP_SHUTDOWN_EVENT, -1, 3000),
           "no SCTP_SHUTDOWN_EVENT on the server");
  e = send_msg(c, "late", 4, 0, 40, 0);
  VM_CHECK("assoc.send_after_shutdown_epipe", e == EPIPE,
           "send after SHUT_WR: %s, want EPIPE", e ? errname(e) : "ok");
  VM_CHECK("assoc.client_shutdown_comp",
           await_ntf(c, XNET_SCTP_ASSOC_CHANGE, XNET_SCTP_SHUTDOWN_COMP, 3000),
           "no SCTP_ASSOC_CHANGE SHUTDOWN_COMP on the client");
  ok = read_until(s, 3000, sizeof r->buf, want_eof, NULL, r);
  VM_CHECK("assoc.server_eof",
           ok && s->assoc_state[XNET_SCTP_SHUTDOWN_COMP] == 1,
           "server: eof=%d SHUTDOWN_COMP seen %d times", ok,
           s->assoc_state[XNET_SCTP_SHUTDOWN_COMP]);
  drain(c, 200);
  VM_CHECK(
      "assoc.client_no_peer_addr_change",
      c->ntf[XNET_SCTP_PEER_ADDR_CHANGE] == 0,
      "the client got %d SCTP_PEER_ADDR_CHANGE for addresses it gave connectx",
      c->ntf[XNET_SCTP_PEER_ADDR_CHANGE]);
  return 0;
}

/* Waits for COMM_UP on both sides, then reads what else comes at once;
 * 1 when the association came up. */
static int both_up(side *c, side *s) {
  if (!await_ntf(c, XNET_SCTP_ASSOC_CHANGE, XNET_SCTP_COMM_UP, 3000) ||
      !await_ntf(s, XNET_SCTP_ASSOC_CHANGE, XNET_SCTP_COMM_UP, 3000))
    return 0;
  drain(c, 100);
  drain(s, 100);
  return 1;
}

/* Aborts side s's association the one way a one-to-one socket can:
 * SO_LINGER 0 and close. */
static void abort_close(side *s) {
  struct linger lg = {1, 0};
  logline(s->name, "close linger=0");
  setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  close(s->fd);
  s->fd = -1;
}

/* The server aborts (SO_LINGER 0 and close) while the client has messages
 * queued that the server never read: the client gets COMM_LOST and one
 * SEND_FAILED_EVENT per message not delivered. */
static int scenario_abort(pair *p) {
  side *c = &p->client, *s = &p->server;
  VM_CHECK("abort.comm_up", both_up(c, s), "the association did not come up");
  /* The server's receive window is small and it never reads: after a few
   * messages the rest wait in the client's send queue. */
  static uint8_t msg[1000];
  int sent = 0;
  for (int i = 0; i < 40; i++) {
    memset(msg, 'a' + i % 26, sizeof msg);
    if (send_msg(c, msg, sizeof msg, (uint16_t)(i % 3), (uint32_t)(100 + i),
                 0) != 0)
      break;
    sent++;
  }
  VM_CHECK("abort.queued", sent > 0, "no message could be sent");
  usleep(300 * 1000);
  xnet_sctp_status st;
  if (status(c, &st) < 0)
    return vm_fail("abort.status", "SCTP_STATUS failed");
  drain(c, 100);
  abort_close(s);
  VM_CHECK("abort.client_comm_lost",
           await_ntf(c, XNET_SCTP_ASSOC_CHANGE, XNET_SCTP_COMM_LOST, 3000),
           "no SCTP_ASSOC_CHANGE COMM_LOST on the client");
  drain(c, 500);
  int failed = c->send_failed[0] + c->send_failed[1];
  VM_CHECK("abort.send_failed_events", failed > 0 && failed <= sent,
           "%d SEND_FAILED_EVENTs (unsent %d, sent %d) for %d messages sent",
           failed, c->send_failed[0], c->send_failed[1], sent);
  int e = send_msg(c, "x", 1, 0, 1, 0);
  VM_CHECK("abort.send_after_abort", e == EPIPE,
           "send after abort: %s, want EPIPE", e ? errname(e) : "ok");
  return 0;
}

/* The client aborts. On a one-to-one (SOCK_STREAM) socket Linux refuses
 * the SCTP_ABORT and SCTP_EOF send flags with EINVAL (they are for
 * one-to-many sockets), so the abort is SO_LINGER 0 and close: the server
 * gets COMM_LOST with cause 12 (User-Initiated Abort), and its reads and
 * writes fail afterwards. */
static int scenario_user_abort(pair *p) {
  side *c = &p->client, *s = &p->server;
  VM_CHECK("user_abort.comm_up", both_up(c, s),
           "the association did not come up");
  int e = send_msg(c, "going away", 10, 0, 0, SCTP_ABORT);
  VM_CHECK("user_abort.abort_flag_einval", e == EINVAL,
           "sendmsg with SCTP_ABORT: %s, want EINVAL", e ? errname(e) : "ok");
  e = send_msg(c, "eof", 3, 0, 0, SCTP_EOF);
  VM_CHECK("user_abort.eof_flag_einval", e == EINVAL,
           "sendmsg with SCTP_EOF: %s, want EINVAL", e ? errname(e) : "ok");
  if (send_msg(c, "before", 6, 0, 50, 0))
    return vm_fail("user_abort.send", "send failed");
  reading r;
  VM_CHECK("user_abort.data_before",
           read_until(s, 3000, sizeof r.buf, want_data, NULL, &r),
           "the server did not read the message sent before the abort");
  abort_close(c);
  VM_CHECK("user_abort.server_comm_lost",
           await_ntf(s, XNET_SCTP_ASSOC_CHANGE, XNET_SCTP_COMM_LOST, 3000) &&
               s->lost_error == 12,
           "server: COMM_LOST seen %d times, error %u (want 12, User-Initiated "
           "Abort)",
           s->assoc_state[XNET_SCTP_COMM_LOST], s->lost_error);
  read_one(s, 500, sizeof r.buf, &r);
  VM_CHECK("user_abort.server_read_after", r.kind == R_ERROR || r.kind == R_EOF,
           "the server's read after COMM_LOST returned kind %d", (int)r.kind);
  e = send_msg(s, "x", 1, 0, 1, 0);
  VM_CHECK("user_abort.server_send_after", e == EPIPE,
           "the server's send after COMM_LOST: %s, want EPIPE",
           e ? errname(e) : "ok");
  drain(s, 200);
  return 0;
}

static int run(const char *name, int (*fn)(pair *), int multihomed,
               int server_rcvbuf) {
  char path[64];
  snprintf(path, sizeof path, "kernel_%s.log", name);
  logf_ = fopen(path, "w");
  if (logf_ == NULL)
    return vm_fail(name, "cannot write %s", path);
  struct utsname u;
  logcomment("scenario %s: Linux SCTP observed by the application "
             "(tests/vm/sctp_kernel_capture.c)",
             name);
  if (uname(&u) == 0)
    logcomment("kernel %s %s", u.release, u.version);
  vm_capture *cap = NULL;
  int rc = vm_capture_start("lo", &cap);
  if (rc < 0) {
    fclose(logf_);
    logf_ = NULL;
    return vm_fail(name, "capture on lo: %s", errname(-rc));
  }
  pair p;
  rc = pair_open(&p, multihomed, server_rcvbuf);
  if (rc == 0)
    rc = fn(&p);
  pair_close(&p);
  usleep(200 * 1000); /* the last packets of the close */
  snprintf(path, sizeof path, "kernel_%s.pcap", name);
  int n = vm_capture_stop(cap, path);
  logcomment("end; %d packets captured", n);
  fclose(logf_);
  logf_ = NULL;
  printf("%s: %d packets captured\n", name, n);
  if (n <= 0)
    return vm_fail(name, "capture: %d", n);
  return rc;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGPIPE, SIG_IGN);
  run("assoc", scenario_assoc, 1, 0);
  run("abort", scenario_abort, 0, 4096);
  run("user_abort", scenario_user_abort, 0, 0);
  return vm_summary();
}
