/* replay_int.h — the pcap replay backend's private state, shared by its
 * files: replay.c (ops table, sockets, public API), source.c (records from
 * libpcap into packets), ip_reasm.c and ip6_reasm.c (IPv4 and IPv6
 * fragments), clock.c (virtual
 * time, waits, wakers), udp.c (matching and delivery), expect.c (expected
 * writes), tcp.c (TCP conns: listen, accept, dial, reads, waits) and
 * tcp_reasm.c (a direction's byte stream); SCTP in sctp*.c, whose own
 * declarations are in sctp_int.h. One mutex (replay.mu) guards
 * everything. */
#ifndef XNET_REPLAY_INT_H
#define XNET_REPLAY_INT_H

#include <pcap/pcap.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "xnet/backend.h"
#include "xnet/replay.h"

/* A packet's endpoint: what an xnet_sockaddr holds for IP, compactly. */
typedef struct rp_ep {
  uint8_t family; /* XNET_AF_INET / XNET_AF_INET6 */
  uint16_t port;  /* UDP only */
  xnet_ip ip;
} rp_ep;

/* One IP datagram of the capture (reassembled when it was fragmented). */
typedef struct rp_pkt {
  struct rp_pkt *next;
  int64_t t;          /* capture time, ns */
  uint64_t recno;     /* 1-based record number (of the last fragment) */
  uint8_t family;     /* XNET_AF_INET / XNET_AF_INET6 */
  uint8_t proto;      /* upper-layer protocol (17 UDP, 1 ICMP, ...) */
  uint8_t ttl, tos;   /* TTL / hop limit, TOS / traffic class */
  bool udp;           /* a whole UDP header was found */
  uint32_t ifindex;
  rp_ep src, dst;     /* ports set for UDP */
  size_t l4_off;      /* upper-layer header offset in data */
  size_t pay_off;     /* UDP payload offset in data (udp only) */
  size_t len;         /* bytes of data: the IP datagram */
  size_t cap;         /* bytes allocated for data (RP_POOL_DATA: pooled) */
  uint8_t data[];
} rp_pkt;

typedef struct rp_queue {
  rp_pkt *head, *tail;
  size_t count, bytes;
} rp_queue;

struct xnet_waker {
  int fired;
  int sock; /* the socket whose reads wait on it (-1 until one does) */
  uint32_t gen; /* that socket slot's generation (rp_sock.gen) */
};

/* Consumes a fired waker (caller holds r->mu): true when w fired since it
 * was last consumed, and the blocked call returns 1 to look again. */
static inline bool rp_waker_take(xnet_waker *w) {
  if (!w || !w->fired) return false;
  w->fired = 0;
  return true;
}

enum {
  RP_RECV_PKTINFO = 1, RP_RECV_TTL = 2, RP_RECV_TOS = 4,
  RP_RECV6_PKTINFO = 8, RP_RECV6_HOPLIMIT = 16, RP_RECV6_TCLASS = 32
};

/* tcp_reasm.c: one direction of a TCP conn, reassembled. Out-of-order
 * segments are a treap (a search tree by sequence number, a heap by
 * prio): O(log n) to keep one, find its neighbours or take the first. */
typedef struct rp_seg {
  struct rp_seg *left, *right;
  uint32_t prio;
  uint32_t seq;
  size_t n;
  uint8_t d[];
} rp_seg;

typedef struct rp_stream {
  bool started;        /* SYN (or first segment) seen: nxt is valid */
  uint32_t nxt;        /* next sequence number expected */
  uint8_t *buf;        /* in-order bytes not consumed: buf[off..len) */
  size_t off, len, cap;
  uint64_t consumed;   /* bytes consumed so far (stream offset of buf[off]) */
  rp_seg *ooo;         /* out-of-order segments (treap), never overlapping */
  size_t ooo_bytes;    /* their bytes */
  size_t ooo_count;
  uint32_t rnd;        /* the treap's priorities (xorshift; 0: unseeded) */
  bool ooo_full;       /* err: RP_TCP_OOO_MAX or RP_TCP_OOO_SEGS reached */
  bool fin_seen, eof;  /* FIN seen; every byte before it arrived */
  uint32_t fin_seq;
  int err;             /* XNET_ENOBUFS past a cap, XNET_ENOMEM */
} rp_stream;

/* Caps per direction of a TCP conn (see tcp_reasm.c). */
#define RP_TCP_OOO_MAX (1u << 20)
#define RP_TCP_OOO_SEGS 65536u /* bounds their bookkeeping too */
#define RP_TCP_STREAM_MAX (4u << 20)
#define RP_TCP_BACKLOG 64
/* Lenient mode compares no write, so a conn's outbound stream keeps only
 * the last bytes (for the sequence numbers of recorded writes). */
#define RP_TCP_LENIENT_OUT_KEEP (64u << 10)
/* Strict mode compares a TCP write in chunks of at most this many bytes,
 * so one write may be larger than RP_TCP_STREAM_MAX. */
#define RP_TCP_SEND_CHUNK (1u << 20)

void rp_stream_syn(rp_stream *s, uint32_t seq);
int rp_stream_add(rp_stream *s, uint32_t seq, const uint8_t *d, size_t n,
                  bool fin);
void rp_stream_consume(rp_stream *s, size_t n);
void rp_stream_free(rp_stream *s);
static inline size_t rp_stream_avail(const rp_stream *s) {
  return s->len - s->off;
}

/* tcp.c: the TCP state of a stream socket. */
typedef struct rp_tcp {
  bool listening;
  int pend[RP_TCP_BACKLOG]; /* listener: conns made by SYNs, not accepted */
  size_t npend;
  bool syn_sent, established, refused, reset, wr_closed;
  rp_stream in;  /* what the peer sent */
  rp_stream out; /* what the local side sent: the expected writes
                  * (lenient: the last RP_TCP_LENIENT_OUT_KEEP bytes) */
} rp_tcp;

/* Sockets open at once (slots of the table). A closed slot is reused;
 * a handle is slot + RP_MAX_SOCKS * generation, so a stale handle of a
 * reused slot fails with XNET_EBADF instead of reaching the new socket. */
#define RP_MAX_SOCKS 1024
#define RP_SOCK_GENS ((uint32_t)(INT32_MAX / RP_MAX_SOCKS))
#define RP_MAX_OPTS 8
/* Groups a socket may join (Linux's default IPv4 limit is 20; past this
 * a join fails with XNET_ENOBUFS, as the kernel's does past its limit). */
#define RP_MAX_GROUPS 8
/* Expected writes kept per conn: lenient mode keeps the last few (the
 * source address of a recorded write); strict mode keeps all up to a cap,
 * beyond which the conn's writes fail with XNET_ENOBUFS. */
#define RP_LENIENT_EXPECT_KEEP 16
#define RP_EXPECT_MAX_BYTES (16u << 20)

typedef struct rp_sock {
  bool used, open;
  int family, type, protocol;
  bool bound, connected, v6only;
  xnet_sockaddr local, remote;
  unsigned recv;         /* RP_RECV_* */
  int opt_key[RP_MAX_OPTS]; /* stored raw option values (level << 16 | name) */
  int opt_val[RP_MAX_OPTS];
  rp_queue in;           /* delivered, waiting to be read */
  rp_queue expect;       /* expected writes seen so far */
  uint64_t missing;      /* expected writes after close (counted only) */
  int expect_err;        /* XNET_ENOBUFS once expect overflowed (strict) */
  uint32_t gen;          /* the slot's generation (handles) */
  uint64_t closed_seq;   /* when it closed (reuse takes the oldest) */
  rp_tcp *tcp;           /* stream sockets (tcp.c) */
  struct rp_sctp *sctp;  /* SCTP sockets (sctp.c, sctp_int.h) */
  /* The read deadline the last wait for reading was given (rd_known):
   * until the read waker fires (a new deadline, close), a read may move
   * the clock to its next packet itself (rp_read_ahead). */
  bool rd_known;
  int64_t rd_deadline;
  /* The last wait said "ready" leaving the clock for the read to move
   * (rp_wait_read): the next read, batch reads included, looks ahead. */
  bool rd_due;
  /* Multicast groups joined (replay.c, group_change): a conn bound to
   * the wildcard receives their datagrams even when the options name the
   * local host (udp.c). group_len[i] is 4 or 16. */
  uint8_t ngroups;
  uint8_t group_len[RP_MAX_GROUPS];
  uint8_t groups[RP_MAX_GROUPS][16];
} rp_sock;

/* An interface of the capture (pcapng.c): its index as records report it
 * and a name (the interface block's if_name, else "replayN"). */
#define RP_MAX_IFS 64
typedef struct rp_iface {
  uint32_t index;
  char name[32];
} rp_iface;

typedef struct replay {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  /* source.c */
  pcap_t *pcap;
  FILE *memf;
  int linktype;
  bool eof;
  int src_error;          /* XNET_E* once the file turned out damaged */
  uint64_t recno;
  struct rp_reasm *reasm; /* ip_reasm.c */
  struct rp_reasm6 *reasm6; /* ip6_reasm.c */
  FILE *ng;               /* pcapng.c: the block walker (NULL: off) */
  bool ng_big;
  uint32_t ng_idbs;       /* interface blocks of the current section */
  /* pcapng.c: the interfaces the stack lists (ops->interfaces) */
  rp_iface ifs[RP_MAX_IFS];
  uint32_t nifs;
  /* clock.c: written under mu, read without it by ops->now */
  _Atomic int64_t now;
  double pacing;
  int64_t real0, virt0;   /* pacing: real and capture time at the start */
  /* the look-ahead: packets read from the capture, not yet dispatched */
  rp_queue fifo;
  /* freed packets of RP_POOL_DATA bytes, for reuse (rp_pkt_alloc) */
  rp_pkt *pool;
  size_t pool_count;
  /* sockets */
  rp_sock *socks;
  int nsocks;             /* slots ever used: [0, nsocks) */
  uint64_t close_seq;     /* closes so far (rp_sock.closed_seq) */
  uint16_t next_port;
  /* options */
  xnet_ip local[XNET_REPLAY_MAX_LOCAL];
  size_t local_count;
  bool lenient;
  /* expect.c */
  pcap_t *out_dead;
  pcap_dumper_t *out;
  char problem[768];
  int problem_code;
  uint64_t delivered, writes;
  /* sctp_assoc.c: association ids handed out (Linux starts above 2) */
  int32_t sctp_assoc_ids;
} replay;

/* Look-ahead bounds: past these the clock is forced forward so memory
 * stays flat whatever the capture's size. */
#define RP_FIFO_MAX_PKTS 65536
#define RP_FIFO_MAX_BYTES (64u << 20)
/* A conn's receive queue, as a socket buffer: beyond it packets drop. */
#define RP_SOCK_QUEUE_BYTES (4u << 20)

/* Packets of up to RP_POOL_DATA bytes come from a small pool: a big
 * capture then costs no allocation per packet. */
#define RP_POOL_DATA 1600
#define RP_POOL_MAX 1024

/* replay.c: a new socket slot (zeroed, used and open, its generation
 * kept), its index in *idx; NULL when RP_MAX_SOCKS are open. A closed
 * slot is reused, the oldest first, after never-used ones when its
 * expected writes may still be accounted for (a strict UDP/raw conn). */
rp_sock *rp_sock_new(replay *r, int *idx);
/* rp_sock_new for a conn arriving on listener l: bound and connected, a
 * stream socket of protocol in l's family. */
rp_sock *rp_sock_accepted(replay *r, const rp_sock *l, int protocol,
                          int *idx);
/* Marks s closed (not open), for reuse. */
void rp_sock_closed(replay *r, rp_sock *s);

/* packets and queues (udp.c) */
rp_pkt *rp_pkt_alloc(replay *r, size_t n);
void rp_pkt_free(replay *r, rp_pkt *p);
void rp_queue_push(rp_queue *q, rp_pkt *p);
rp_pkt *rp_queue_pop(rp_queue *q);
void rp_queue_free(replay *r, rp_queue *q);

/* source.c */
int rp_source_open(replay *r, const char *path, const void *bytes,
                   size_t len);
void rp_source_close(replay *r);
/* Reads records until one yields a packet; NULL at end (or damage). */
rp_pkt *rp_source_next(replay *r);
/* The same, without copying a plain UDP datagram: its fields go to *head
 * (all but data) and its bytes stay in libpcap's buffer at *bytes until
 * the next read (returns 1; rp_source_adopt copies them into a packet);
 * any other packet comes as *pkt (returns 2). 0 at the end. */
int rp_source_next_view(replay *r, rp_pkt *head, const uint8_t **bytes,
                        rp_pkt **pkt);
rp_pkt *rp_source_adopt(replay *r, const rp_pkt *head, const uint8_t *bytes);
/* Appends the next packet to the look-ahead; false at end. */
bool rp_pull(replay *r);

/* pcapng.c: the interface of each record of a pcapng capture. */
void rp_ng_open(replay *r, const char *path, const void *bytes, size_t len);
void rp_ng_close(replay *r);
/* The interface index (pcapng interface ID + 1) of the record libpcap
 * returned last; 1 when the file is not pcapng. */
uint32_t rp_ng_next_ifindex(replay *r);
/* Adds interface index to the list (name NULL: "replayN"), once; a pcapng
 * capture's interface blocks among its first blocks are listed at open,
 * others and SLL2 indices as records reach them. r->mu held or not yet
 * shared. */
void rp_iface_seen(replay *r, uint32_t index, const char *name);
/* ops->interfaces: the interfaces listed so far (Go's net.Interfaces). */
int rp_interfaces(void *inst, xnet_backend_interface *out, size_t cap);

/* ip_reasm.c: takes the IPv4 datagram ip[0..n) (a fragment); returns the
 * reassembled datagram in a malloc'd buffer (*out_len) once complete,
 * else NULL. */
struct rp_reasm *rp_reasm_new(void);
void rp_reasm_free(struct rp_reasm *z);
uint8_t *rp_reasm_add(struct rp_reasm *z, const uint8_t *ip, size_t n,
                      int64_t t, size_t *out_len);

/* ip6_reasm.c: the same for an IPv6 packet ip[0..n) whose fragment header
 * is at ip + frag_off, the byte naming it (a Next Header field) at
 * ip + nh_off. */
struct rp_reasm6 *rp_reasm6_new(void);
void rp_reasm6_free(struct rp_reasm6 *z);
uint8_t *rp_reasm6_add(struct rp_reasm6 *z, const uint8_t *ip, size_t n,
                       size_t frag_off, size_t nh_off, int64_t t,
                       size_t *out_len);

/* clock.c */
/* Advances the clock to at least t and dispatches what it reaches. */
void rp_advance(replay *r, int64_t t);
/* Dispatches the look-ahead through pkt (inclusive) after moving the
 * clock to its time. */
void rp_advance_through(replay *r, rp_pkt *pkt);
int rp_wait_read(replay *r, int sock, int64_t deadline, xnet_waker *w);
/* The two ways a blocked read waits (r->mu held), shared by UDP/raw and
 * TCP: rp_wait_for moves the clock to the packet found for the read, or
 * to the deadline when it comes first (XNET_ETIMEDOUT), pacing on the way;
 * rp_wait_idle handles a capture with nothing more for the read: the
 * source's error, the deadline, or waiting for a waker or the close. Both
 * return 0 when the caller must look again. */
int rp_wait_for(replay *r, rp_pkt *found, int64_t deadline);
int rp_wait_idle(replay *r, int sock, int64_t deadline, xnet_waker *w);

/* replay.c: the read wait of a TCP or SCTP socket, which its protocol's
 * file describes: ready, s has something to read (or nothing to wait
 * for); next, the first packet of the look-ahead that may make s readable;
 * ended (may be NULL), the peer will send nothing more by deadline (s is
 * readable: end of stream). */
typedef struct rp_stream_wait {
  bool (*ready)(const replay *r, const rp_sock *s);
  rp_pkt *(*next)(replay *r, const rp_sock *s, int64_t deadline);
  bool (*ended)(const replay *r, rp_sock *s, int64_t deadline);
} rp_stream_wait;
int rp_stream_wait_read(replay *r, int sock, int64_t deadline, xnet_waker *w,
                        const rp_stream_wait *how);
/* A read found s's queue empty: when the deadline of its last wait is
 * known, moves the clock to s's next packet as that wait would have (not
 * past the deadline, never pacing or blocking). True when s then has a
 * packet to read; false leaves the wait to the caller. */
bool rp_read_ahead(replay *r, rp_sock *s);
/* rp_read_ahead's shortcut for a read of a UDP conn when nothing waits to
 * be dispatched: when the next record is a plain UDP datagram that would
 * only be queued to s, the read gets it straight from libpcap's buffer —
 * into buf[0..n) (rp_read), or into *m (rp_recv; m non-NULL, flags
 * without XNET_MSG_PEEK). The length read, or XNET_EAGAIN (the record, if
 * one was read, is then in the look-ahead). */
int rp_read_direct(replay *r, rp_sock *s, void *buf, size_t n,
                   xnet_backend_msg *m, int flags);
/* Pacing starts now (at open, after the first record). */
void rp_pace_start(replay *r);

/* udp.c */
bool rp_is_local_ip(const replay *r, const rp_ep *a);
bool rp_match_in(const replay *r, const rp_sock *s, const rp_pkt *p);
bool rp_match_out(const replay *r, const rp_sock *s, const rp_pkt *p);
void rp_dispatch(replay *r, rp_pkt *p);
/* The conn rp_dispatch would queue p to when that is all it would do (no
 * expected write, no TCP conn, room in the queue); else NULL. */
rp_sock *rp_dispatch_only_to(replay *r, const rp_pkt *p);
/* rp_read / rp_recv of a packet whose bytes are at data (p->data or a
 * view), without dequeuing it. */
int rp_read_copy(const rp_sock *s, const rp_pkt *p, const uint8_t *data,
                 void *buf, size_t n);
int rp_recv_copy(const rp_sock *s, const rp_pkt *p, const uint8_t *data,
                 xnet_backend_msg *m);
int rp_recv(replay *r, rp_sock *s, xnet_backend_msg *m, int flags);
/* The plain read: payload only, no source or control messages. */
int rp_read(replay *r, rp_sock *s, void *buf, size_t n);

/* expect.c */
/* The total length of m's iovecs. */
size_t rp_msg_len(const xnet_backend_msg *m);
/* The first n bytes of m's iovecs (n at most their total) in a new buffer
 * (malloc'd, one byte when n is 0), or NULL without memory. */
uint8_t *rp_msg_bytes(const xnet_backend_msg *m, size_t n);
/* Queues p as an expected write of s (bounded: RP_LENIENT_EXPECT_KEEP,
 * RP_EXPECT_MAX_BYTES); takes p. */
void rp_expect_push(replay *r, rp_sock *s, rp_pkt *p);
int rp_send(replay *r, int sock, rp_sock *s, xnet_backend_msg *m);
void rp_implicit_bind(replay *r, rp_sock *s, const xnet_sockaddr *to);
void rp_note_problem(replay *r, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int rp_output_open(replay *r, const char *path);
void rp_output_close(replay *r);
/* Appends the IP packet f (len bytes) to the output file, stamped now. */
void rp_output_packet(replay *r, const uint8_t *f, size_t len);

/* tcp.c */
/* Gives a TCP segment to the conns and listener it belongs to (which copy
 * what they need; p is not freed); false when none wants it. */
bool rp_tcp_dispatch(replay *r, rp_pkt *p);
/* sctp_assoc.c: the same for an SCTP packet (association or listener). */
bool rp_sctp_dispatch(replay *r, rp_pkt *p);
int rp_tcp_socket(rp_sock *s);
int rp_tcp_listen(replay *r, rp_sock *s);
int rp_tcp_accept(replay *r, rp_sock *s, int *new_sock, xnet_sockaddr *peer);
int rp_tcp_connect(replay *r, rp_sock *s, const xnet_sockaddr *a);
int rp_tcp_read(replay *r, rp_sock *s, void *buf, size_t n);
int rp_tcp_wait_read(replay *r, int sock, int64_t deadline, xnet_waker *w);
/* Gathers the capture's outbound stream of s until n bytes are pending or
 * it ends (FIN, reset, end of capture, look-ahead limit). */
void rp_tcp_gather(replay *r, rp_sock *s, size_t n);
/* close-write / close: checks the capture has no more outbound bytes. */
int rp_tcp_close_write(replay *r, rp_sock *s);
void rp_tcp_close(replay *r, rp_sock *s);
/* expect.c: a write on a TCP conn, compared with the outbound stream. */
int rp_tcp_send(replay *r, rp_sock *s, const uint8_t *b, size_t n);

#endif /* XNET_REPLAY_INT_H */
