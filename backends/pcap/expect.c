/* expect.c — expected writes: each write is matched with the next packet
 * the capture shows the conn's local endpoint sending. Strict mode compares
 * payload (and destination, for unconnected conns) and fails the write
 * with XNET_EMISMATCH and a readable diff (xnet_replay_error); lenient mode
 * only consumes it. Either way a write can be recorded into an output
 * capture (LINKTYPE_RAW, synthesised IPv4/IPv6 and UDP headers). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "replay_int.h"
#include "xnet/error.h"
#include "xnet/inet_checksum.h"

void rp_note_problem(replay *r, int code, const char *fmt, ...) {
  char text[sizeof r->problem];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  /* The failing call's op error shows this one; the stack keeps the
   * first for xnet_replay_error and xnet_replay_finish. */
  xnet__backend_detail(code, text);
  if (r->problem_code) return;
  r->problem_code = code;
  memcpy(r->problem, text, sizeof text);
}

/* Formats an endpoint ("10.0.0.1:53", "[2001:db8::1]:53", or the bare
 * address when port is false); a is an xnet_sockaddr or an rp_ep. */
#define fmt_sa(a, with_port, buf, cap) \
  fmt_ep((a)->family, (a)->port, &(a)->ip, with_port, buf, cap)
static void fmt_ep(uint8_t family, uint16_t pnum, const xnet_ip *a, bool port,
                   char *buf, size_t cap) {
  char ip[XNET_IP_STRLEN];
  if (xnet_ip_format(a, ip, sizeof ip) < 0) snprintf(ip, sizeof ip, "?");
  if (!port) snprintf(buf, cap, "%s", ip);
  else if (family == XNET_AF_INET6) snprintf(buf, cap, "[%s]:%u", ip, pnum);
  else snprintf(buf, cap, "%s:%u", ip, pnum);
}

static size_t hex(char *out, size_t cap, const uint8_t *b, size_t n,
                  size_t from, size_t count) {
  size_t w = 0;
  for (size_t i = from; i < n && i < from + count && w + 4 < cap; i++)
    w += (size_t)snprintf(out + w, cap - w, "%02x ", b[i]);
  if (from + count < n && w + 4 < cap) w += (size_t)snprintf(out + w, cap - w, "...");
  if (w == 0 && cap) out[0] = 0;
  return w;
}

/* Finds (and dispatches up to) the next expected write of s. */
static rp_pkt *next_expected(replay *r, rp_sock *s) {
  if (s->expect.head) return rp_queue_pop(&s->expect);
  rp_pkt *found = NULL;
  for (rp_pkt *p = r->fifo.head; p && !found; p = p->next)
    if (!rp_match_in(r, s, p) && rp_match_out(r, s, p)) found = p;
  while (!found && r->fifo.count < RP_FIFO_MAX_PKTS &&
         r->fifo.bytes < RP_FIFO_MAX_BYTES && rp_pull(r)) {
    rp_pkt *p = r->fifo.tail;
    if (!rp_match_in(r, s, p) && rp_match_out(r, s, p)) found = p;
  }
  if (!found) return NULL;
  rp_advance_through(r, found);
  return rp_queue_pop(&s->expect);
}

/* An IPv4-mapped IPv6 address (a dual-stack socket's IPv4 peer) as the
 * IPv4 address the packet carries. */
static void unmap(xnet_sockaddr *a) {
  static const uint8_t pre[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (a->family != XNET_AF_INET6 || a->ip.len != 16 ||
      memcmp(a->ip.bytes, pre, 12))
    return;
  memmove(a->ip.bytes, a->ip.bytes + 12, 4);
  memset(a->ip.bytes + 4, 0, 12);
  a->ip.len = 4;
  a->family = XNET_AF_INET;
}

/* For a UDP socket writing before any bind: the capture's first packet to
 * the destination names the local endpoint it was sent from. */
void rp_implicit_bind(replay *r, rp_sock *s, const xnet_sockaddr *dst) {
  xnet_sockaddr t = *dst;
  unmap(&t);
  const xnet_sockaddr *to = &t;
  rp_pkt *found = NULL;
  for (rp_pkt *p = r->fifo.head;; p = p->next) {
    if (!p) {
      if (r->fifo.count >= RP_FIFO_MAX_PKTS || !rp_pull(r)) break;
      p = r->fifo.tail;
    }
    if (p->udp && p->family == to->family && p->dst.port == to->port &&
        !memcmp(p->dst.ip.bytes, to->ip.bytes, to->ip.len) &&
        (r->local_count == 0 || rp_is_local_ip(r, &p->src))) {
      found = p;
      break;
    }
  }
  s->local.family = (uint8_t)s->family;
  if (found && found->family == s->family) {
    s->local.ip = found->src.ip;
    s->local.port = found->src.port;
  } else if (found) { /* an IPv4 packet of a dual-stack socket */
    memset(&s->local.ip, 0, sizeof s->local.ip);
    s->local.ip.len = 16;
    s->local.port = found->src.port;
  } else {
    s->local.ip.len = s->family == XNET_AF_INET ? 4 : 16;
    s->local.port = r->next_port++;
  }
  s->bound = true;
}

/* Appends the write to the output capture with synthesised headers; the
 * source is the conn's address, or the capture's when it is a wildcard.
 * A TCP write gets a TCP header (PSH|ACK, sequence number seq, valid
 * checksum). */
static void record(replay *r, rp_sock *s, const xnet_sockaddr *to,
                   const rp_pkt *e, const uint8_t *b, size_t n,
                   uint32_t seq) {
  if (!r->out) return;
  /* An IPv6 socket talking to an IPv4-mapped address sends IPv4, as the
   * kernel does: both ends as the IPv4 addresses they map. */
  xnet_sockaddr dst = *to, loc = s->local;
  unmap(&dst);
  unmap(&loc);
  to = &dst;
  bool v4 = to->family == XNET_AF_INET;
  xnet_ip src;
  memset(&src, 0, sizeof src);
  bool wild = true;
  for (int i = 0; i < loc.ip.len; i++)
    if (loc.ip.bytes[i]) wild = false;
  if (!wild && loc.family == to->family) src = loc.ip;
  else if (e && e->src.family == to->family) src = e->src.ip;
  bool udp = s->type == XNET_SOCK_DGRAM, tcp = s->type == XNET_SOCK_STREAM;
  size_t hl = v4 ? 20 : 40, ul = udp ? 8 : tcp ? 20 : 0;
  size_t total = hl + ul + n;
  if (total > 65535 + 40) return;
  uint8_t *f = calloc(1, total);
  if (!f) return;
  uint8_t proto = udp ? 17 : tcp ? 6 : (uint8_t)s->protocol;
  if (v4) {
    f[0] = 0x45;
    f[2] = (uint8_t)(total >> 8);
    f[3] = (uint8_t)total;
    f[6] = 0x40;
    f[8] = 64;
    f[9] = proto;
    memcpy(f + 12, src.bytes, 4);
    memcpy(f + 16, to->ip.bytes, 4);
    uint16_t sum = xnet_inet_checksum_finish(xnet_inet_checksum_add(0, f, 20));
    f[10] = (uint8_t)(sum >> 8);
    f[11] = (uint8_t)sum;
  } else {
    f[0] = 0x60;
    f[4] = (uint8_t)((total - 40) >> 8);
    f[5] = (uint8_t)(total - 40);
    f[6] = proto;
    f[7] = 64;
    memcpy(f + 8, src.bytes, 16);
    memcpy(f + 24, to->ip.bytes, 16);
  }
  if (udp) {
    uint8_t *u = f + hl;
    u[0] = (uint8_t)(s->local.port >> 8);
    u[1] = (uint8_t)s->local.port;
    u[2] = (uint8_t)(to->port >> 8);
    u[3] = (uint8_t)to->port;
    u[4] = (uint8_t)((ul + n) >> 8);
    u[5] = (uint8_t)(ul + n);
  }
  memcpy(f + hl + ul, b, n);
  if (tcp) {
    uint8_t *t = f + hl;
    t[0] = (uint8_t)(s->local.port >> 8);
    t[1] = (uint8_t)s->local.port;
    t[2] = (uint8_t)(to->port >> 8);
    t[3] = (uint8_t)to->port;
    t[4] = (uint8_t)(seq >> 24);
    t[5] = (uint8_t)(seq >> 16);
    t[6] = (uint8_t)(seq >> 8);
    t[7] = (uint8_t)seq;
    t[12] = 5 << 4;
    t[13] = 0x18; /* PSH|ACK */
    t[14] = t[15] = 0xff;
    size_t al = v4 ? 4 : 16;
    uint32_t sum = xnet_inet_checksum_add(0, f + (v4 ? 12 : 8), 2 * al);
    sum = xnet_inet_checksum_add_u16(sum, 6);
    sum = xnet_inet_checksum_add_u16(sum, (uint16_t)((ul + n) >> 16));
    sum = xnet_inet_checksum_add_u16(sum, (uint16_t)(ul + n));
    sum = xnet_inet_checksum_add(sum, t, ul + n);
    uint16_t c = xnet_inet_checksum_finish(sum);
    t[16] = (uint8_t)(c >> 8);
    t[17] = (uint8_t)c;
  }
  rp_output_packet(r, f, total);
  free(f);
}

/* A write on a TCP conn: the bytes must continue the capture's outbound
 * stream (reassembled, so segmentation does not matter). The write is
 * compared chunk by chunk (RP_TCP_SEND_CHUNK), so it may be larger than
 * the stream's cap; lenient mode only moves through the stream, in chunks
 * of what it keeps (RP_TCP_LENIENT_OUT_KEEP). */
int rp_tcp_send(replay *r, rp_sock *s, const uint8_t *b, size_t n) {
  rp_tcp *t = s->tcp;
  if (!t || t->listening || !s->connected) return XNET_ENOTCONN;
  if (t->reset) return XNET_ECONNRESET;
  if (t->wr_closed) return XNET_EPIPE;
  r->writes++;
  size_t chunk = r->lenient ? RP_TCP_LENIENT_OUT_KEEP : RP_TCP_SEND_CHUNK;
  uint64_t at = t->out.consumed; /* the write's stream offset */
  uint32_t seq = 0;
  size_t done = 0;
  int rc = (int)n;
  for (bool first = true; first || done < n; first = false) {
    size_t want = n - done < chunk ? n - done : chunk;
    rp_tcp_gather(r, s, want);
    size_t have = rp_stream_avail(&t->out);
    if (first) seq = t->out.nxt - (uint32_t)have;
    size_t k = have < want ? have : want;
    /* No buffer until the capture's stream has bytes (NULL + 0 is
     * undefined); k is then 0 and d is not read. */
    const uint8_t *d = t->out.buf ? t->out.buf + t->out.off : NULL;
    const uint8_t *w = b + done;
    size_t diff = 0;
    if (!r->lenient)
      while (diff < k && d[diff] == w[diff]) diff++;
    if (!r->lenient && (diff < k || k < want)) {
      char la[80], ta[80], xh[160], ah[160];
      fmt_sa(&s->local, true, la, sizeof la);
      fmt_sa(&s->remote, true, ta, sizeof ta);
      size_t from = diff > 4 ? diff - 4 : 0;
      hex(xh, sizeof xh, d, have, from, 16);
      hex(ah, sizeof ah, w, n - done, from, 16);
      if (t->out.err)
        rp_note_problem(r, t->out.err,
                        "write %llu %s->%s: the capture's stream failed "
                        "(reassembly cap: strict mode keeps at most %u bytes "
                        "the application has not written yet)",
                        (unsigned long long)r->writes, la, ta,
                        RP_TCP_STREAM_MAX);
      else
        rp_note_problem(r, XNET_EMISMATCH,
                        "write %llu %s->%s (TCP stream offset %llu): bytes "
                        "differ at byte %zu of the write (the capture has %zu "
                        "more bytes%s, the write %zu)\n"
                        "  expected @%zu: %s\n  actual   @%zu: %s",
                        (unsigned long long)r->writes, la, ta,
                        (unsigned long long)at, done + diff, done + have,
                        t->out.eof ? " then FIN" : "", n, done + from, xh,
                        done + from, ah);
      rc = t->out.err ? t->out.err : XNET_EMISMATCH;
      rp_stream_consume(&t->out, k);
      break;
    }
    rp_stream_consume(&t->out, k);
    done += want;
    if (k < want) break; /* lenient: the capture's stream ended */
  }
  record(r, s, &s->remote, NULL, b, n, seq);
  return rc;
}

void rp_expect_push(replay *r, rp_sock *s, rp_pkt *p) {
  if (s->expect_err) { /* strict, overflowed: counted, not kept */
    s->missing++;
    rp_pkt_free(r, p);
    return;
  }
  rp_queue_push(&s->expect, p);
  if (r->lenient) {
    /* Nothing compares them: the last few give recorded writes their
     * source; older ones go, so a conn that never writes costs nothing. */
    while (s->expect.count > RP_LENIENT_EXPECT_KEEP)
      rp_pkt_free(r, rp_queue_pop(&s->expect));
    return;
  }
  if (s->expect.bytes <= RP_EXPECT_MAX_BYTES) return;
  char la[80];
  fmt_sa(&s->local, s->type == XNET_SOCK_DGRAM, la, sizeof la);
  rp_note_problem(r, XNET_ENOBUFS,
                  "record %llu: %s: %zu writes of the capture (%zu bytes) "
                  "wait for the application to make them, more than the "
                  "%u bytes strict mode keeps to compare writes with (it "
                  "never wrote them; lenient mode keeps only the last few)",
                  (unsigned long long)p->recno, la, s->expect.count,
                  s->expect.bytes, RP_EXPECT_MAX_BYTES);
  s->expect_err = XNET_ENOBUFS;
  s->missing += s->expect.count;
  rp_queue_free(r, &s->expect);
}

size_t rp_msg_len(const xnet_backend_msg *m) {
  size_t n = 0;
  for (size_t i = 0; i < m->iov_len; i++) n += m->iov[i].iov_len;
  return n;
}

uint8_t *rp_msg_bytes(const xnet_backend_msg *m, size_t n) {
  uint8_t *b = malloc(n ? n : 1);
  if (!b) return NULL;
  size_t off = 0;
  for (size_t i = 0; i < m->iov_len && off < n; i++) {
    size_t k = m->iov[i].iov_len < n - off ? m->iov[i].iov_len : n - off;
    if (k) memcpy(b + off, m->iov[i].iov_base, k);
    off += k;
  }
  return b;
}

int rp_send(replay *r, int sock, rp_sock *s, xnet_backend_msg *m) {
  (void)sock;
  xnet_sockaddr to;
  if (s->type == XNET_SOCK_STREAM) {
    size_t n = rp_msg_len(m);
    if (n > (size_t)INT32_MAX) n = (size_t)INT32_MAX;
    uint8_t *b = rp_msg_bytes(m, n);
    if (!b) return XNET_ENOMEM;
    int rc = rp_tcp_send(r, s, b, n);
    free(b);
    return rc;
  }
  if (m->addr.family != XNET_AF_UNSPEC) {
    to = m->addr;
  } else if (s->connected) {
    to = s->remote;
  } else {
    return XNET_ENOTCONN;
  }
  unmap(&to);
  size_t n = rp_msg_len(m);
  if (n > 65507) return XNET_EMSGSIZE;
  uint8_t *b = rp_msg_bytes(m, n);
  if (!b) return XNET_ENOMEM;
  if (s->type == XNET_SOCK_DGRAM && !s->bound) rp_implicit_bind(r, s, &to);
  r->writes++;
  if (s->expect_err) { /* strict: the expected writes overflowed */
    free(b);
    return s->expect_err;
  }
  rp_pkt *e = next_expected(r, s);
  record(r, s, &to, e, b, n, 0);
  int rc = (int)n;
  char la[80], ta[80];
  bool port = s->type == XNET_SOCK_DGRAM;
  fmt_sa(&s->local, port, la, sizeof la);
  fmt_sa(&to, port, ta, sizeof ta);
  if (!e) {
    if (!r->lenient) {
      rp_note_problem(r, XNET_EMISMATCH,
                      "write %llu (%zu bytes, %s->%s): the capture has no "
                      "further packet from %s",
                      (unsigned long long)r->writes, n, la, ta, la);
      rc = XNET_EMISMATCH;
    }
    free(b);
    return rc;
  }
  if (!r->lenient) {
    const uint8_t *d = e->data + (s->type == XNET_SOCK_DGRAM ? e->pay_off : e->l4_off);
    size_t en = e->len - (size_t)(d - e->data);
    size_t diff = 0;
    while (diff < n && diff < en && d[diff] == b[diff]) diff++;
    bool dst_ok = true;
    if (!s->connected && m->addr.family != XNET_AF_UNSPEC) {
      rp_ep ed = e->dst;
      dst_ok = ed.ip.len == to.ip.len &&
               !memcmp(ed.ip.bytes, to.ip.bytes, to.ip.len) &&
               (!port || ed.port == to.port);
    }
    if (diff < n || diff < en || !dst_ok) {
      char ea[80], xh[160], ah[160];
      fmt_sa(&e->dst, port, ea, sizeof ea);
      size_t from = diff > 4 ? diff - 4 : 0;
      hex(xh, sizeof xh, d, en, from, 16);
      hex(ah, sizeof ah, b, n, from, 16);
      if (!dst_ok)
        rp_note_problem(r, XNET_EMISMATCH,
                        "write %llu from %s (record %llu): destination %s, "
                        "expected %s",
                        (unsigned long long)r->writes, la,
                        (unsigned long long)e->recno, ta, ea);
      else
        rp_note_problem(r, XNET_EMISMATCH,
                        "write %llu %s->%s (record %llu): payload differs at "
                        "byte %zu (expected %zu bytes, got %zu)\n"
                        "  expected @%zu: %s\n  actual   @%zu: %s",
                        (unsigned long long)r->writes, la, ta,
                        (unsigned long long)e->recno, diff, en, n, from, xh,
                        from, ah);
      rc = XNET_EMISMATCH;
    }
  }
  rp_pkt_free(r, e);
  free(b);
  return rc;
}

void rp_output_packet(replay *r, const uint8_t *f, size_t len) {
  struct pcap_pkthdr h;
  memset(&h, 0, sizeof h);
  h.ts.tv_sec = (time_t)(r->now / XNET_SECOND);
  h.ts.tv_usec = (suseconds_t)(r->now % XNET_SECOND); /* nanosecond file */
  h.caplen = h.len = (bpf_u_int32)len;
  pcap_dump((u_char *)r->out, &h, f);
}

int rp_output_open(replay *r, const char *path) {
  r->out_dead = pcap_open_dead_with_tstamp_precision(
      DLT_RAW, 65535 + 64, PCAP_TSTAMP_PRECISION_NANO);
  if (!r->out_dead) return XNET_ENOMEM;
  r->out = pcap_dump_open(r->out_dead, path);
  if (!r->out) {
    pcap_close(r->out_dead);
    r->out_dead = NULL;
    return XNET_EINVAL;
  }
  return 0;
}

void rp_output_close(replay *r) {
  if (r->out) pcap_dump_close(r->out);
  if (r->out_dead) pcap_close(r->out_dead);
  r->out = NULL;
  r->out_dead = NULL;
}
