/* sctp_int.h — SCTP on the replay stack, shared by its files: sctp.c (the
 * socket ops), sctp_assoc.c (association state from the capture's chunks),
 * sctp_reasm.c (DATA chunks of one direction into messages) and
 * sctp_notify_synth.c (notifications in the Linux layout's bytes).
 *
 * The replay stack behaves like a subscribed Linux kernel
 * (xnet_sctp_layout_linux): one-to-one style sockets, messages with
 * rcvinfo, notifications queued in the order the kernel queues them.
 * Everything runs under replay.mu. */
#ifndef XNET_REPLAY_SCTP_INT_H
#define XNET_REPLAY_SCTP_INT_H

#include "replay_int.h"
#include "xnet/sctp_abi.h"
#include "xnet/sctp_chunk.h"
#include "xnet/sctp_cmsg.h"
#include "xnet/sctp_notify.h"
#include "xnet/sctp_packet.h"

#define RP_SCTP_LAYOUT (&xnet_sctp_layout_linux)
#define RP_SCTP_PROTO 132

/* Caps, so a hostile capture cannot grow memory without bound: DATA bytes
 * waiting for reassembly (or for their turn in stream order) and chunks
 * tracked above the cumulative TSN, per direction; associations waiting
 * to be accepted per listener; addresses per side of an association. */
#define RP_SCTP_REASM_MAX (4u << 20)
#define RP_SCTP_REASM_CHUNKS 16384u
#define RP_SCTP_BACKLOG 64
#define RP_SCTP_MAX_ADDRS 16

/* A message: received data or a notification waiting to be read, or a
 * message the capture shows the local side sending (an expected write). */
typedef struct rp_sctp_msg {
  struct rp_sctp_msg *next;
  bool notification;
  bool unordered;
  uint16_t sid, ssn;
  uint32_t ppid;   /* as a number on the wire (big-endian field) */
  uint32_t tsn;    /* of the first fragment */
  uint32_t tsn_last; /* of the last fragment */
  uint32_t cumtsn; /* rcv_cumtsn as Linux reports it */
  rp_ep src, dst;  /* of the first fragment's packet */
  uint64_t recno;
  size_t len, off; /* bytes, and how many were read already */
  uint8_t d[];
} rp_sctp_msg;

typedef struct rp_sctp_mq {
  rp_sctp_msg *head, *tail;
  size_t count, bytes;
} rp_sctp_mq;

/* One DATA chunk above the cumulative TSN (or not yet delivered). */
typedef struct rp_sctp_frag {
  struct rp_sctp_frag *next;
  uint32_t tsn, ppid;
  uint16_t sid, ssn;
  uint8_t flags;  /* XNET_SCTP_DATA_FLAG_* */
  bool done;      /* delivered: payload freed, kept for duplicate checks */
  rp_ep src, dst;
  uint64_t recno;
  size_t n;
  uint8_t *d;
} rp_sctp_frag;

/* sctp_reasm.c: one direction's DATA. */
typedef struct rp_sctp_dir {
  bool started;
  uint32_t cum;        /* highest TSN with every TSN before it received */
  rp_sctp_frag *frags; /* sorted by TSN */
  size_t count, bytes;
  bool in_order;       /* inbound: ordered messages wait for their SSN */
  uint16_t *next_ssn;  /* per stream id, grown on demand */
  size_t nssn;
  uint32_t last_tsn;   /* highest TSN seen */
  bool any;            /* a DATA chunk was seen */
  int err;             /* XNET_ENOBUFS past a cap, XNET_ENOMEM */
} rp_sctp_dir;

void rp_sctp_dir_start(rp_sctp_dir *d, uint32_t initial_tsn, bool in_order);
/* Adds a DATA chunk; complete messages are appended to out. Returns 0, 1
 * for a duplicate (dropped), or an error (then d->err is set). */
int rp_sctp_dir_add(rp_sctp_dir *d, const xnet_sctp_data *c, const rp_pkt *p,
                    rp_sctp_mq *out);
void rp_sctp_dir_free(rp_sctp_dir *d);

void rp_sctp_mq_push(rp_sctp_mq *q, rp_sctp_msg *m);
rp_sctp_msg *rp_sctp_mq_pop(rp_sctp_mq *q);
void rp_sctp_mq_free(rp_sctp_mq *q);

/* Peer address states (Linux's transport states). */
enum { RP_PADDR_ACTIVE = 1, RP_PADDR_UNCONFIRMED = 2, RP_PADDR_UNKNOWN = 3 };

/* The SCTP state of a socket. */
typedef struct rp_sctp {
  /* listener */
  bool listening;
  int pend[RP_SCTP_BACKLOG]; /* associations from INITs, not accepted */
  size_t npend;
  /* bound addresses (bind, sctp_bindx): IPs, the port is s->local's */
  xnet_ip bound[RP_SCTP_MAX_ADDRS];
  size_t nbound;
  /* the association */
  bool assoc;                /* ports and addresses set: packets match */
  xnet_sctp_state state;     /* XNET_SCTP_CLOSED when none or ended */
  bool established;          /* reached ESTABLISHED once */
  int32_t assoc_id;
  uint16_t peer_port;
  bool have_my_tag, have_peer_tag;
  uint32_t my_tag, peer_tag;
  rp_ep local[RP_SCTP_MAX_ADDRS];
  size_t nlocal;
  rp_ep peer[RP_SCTP_MAX_ADDRS];
  uint8_t peer_state[RP_SCTP_MAX_ADDRS];
  size_t npeer, primary;
  /* the two INITs: streams offered (os) and accepted (mis) */
  uint16_t my_os, my_mis, peer_os, peer_mis;
  uint16_t outstrms, instrms;
  uint32_t peer_rwnd;
  bool peer_adapt;
  uint32_t peer_adapt_ind;
  int listener;              /* an unaccepted association's listener */
  /* options (Linux semantics) */
  uint32_t events;           /* 1 << xnet_sctp_notification_type */
  bool data_io, recvrcvinfo, recvnxtinfo, nodelay, disable_frag;
  xnet_sctp_initmsg initmsg;
  uint32_t adaptation;
  bool linger_set;
  int linger;                /* seconds; 0 with linger_set: ABORT on close */
  /* data */
  rp_sctp_dir in, out;
  rp_sctp_mq rq;             /* to be read: messages and notifications */
  rp_sctp_mq wq;             /* the capture's outbound messages not yet
                                written */
  rp_sctp_mq inflight;       /* written and sent, not yet acknowledged */
  rp_sctp_mq unsent;         /* written, never sent: the peer aborted
                                first (the kernel kept them queued) */
  uint32_t acked;            /* the peer's cumulative TSN ack */
  /* Our last HEARTBEATs: the ACK echoes the info, which names the path
   * (its source need not be the address the HEARTBEAT went to). */
  struct {
    uint8_t info[64];
    size_t n;
    rp_ep dst;
  } hb[8];
  size_t nhb;
  bool dry;                  /* every outbound TSN acknowledged */
  bool writing;              /* a write is gathering its message: the
                                kernel's queue is not empty */
  /* the end */
  bool refused;              /* ABORT in answer to our INIT */
  bool eof;                  /* peer SHUTDOWN or association closed */
  bool eof_final;            /* after a SHUTDOWN: nothing more from the
                                peer in the capture (reads return 0) */
  int err;                   /* pending socket error (read once) */
  bool wr_closed;
  bool saw_local_shutdown, saw_local_abort;
  uint32_t next_tsn;         /* TSN for recorded writes */
  const xnet_sockaddr *dial; /* during sctp_connectx: the addresses */
  size_t ndial;
} rp_sctp;

/* sctp_assoc.c */
/* Gives an SCTP packet to the association or listener it belongs to. */
bool rp_sctp_dispatch(replay *r, rp_pkt *p);
/* Whether p is a packet from the peer of association s (in) or from its
 * local side (out); for a listener, whether p is addressed to it. */
bool rp_sctp_match_in(const replay *r, const rp_sock *s, const rp_pkt *p);
bool rp_sctp_match_out(const replay *r, const rp_sock *s, const rp_pkt *p);
/* The SCTP common header and chunk bytes of p (bounded by the IP
 * length); false when there is no whole common header. */
bool rp_sctp_parse(const rp_pkt *p, xnet_sctp_packet *out);
/* The first chunk's type (-1 when none). */
int rp_sctp_first_chunk(const xnet_sctp_packet *pk);
/* Index of ip in s's peer addresses, -1 if none. */
int rp_sctp_peer_index(const rp_sctp *t, const rp_ep *e);
int32_t rp_sctp_new_assoc_id(replay *r);

/* sctp_notify_synth.c: queue a notification on s when it is subscribed. */
void rp_sctp_notify_assoc_change(rp_sock *s, xnet_sctp_assoc_change_state st,
                                 uint16_t error, const uint8_t *info,
                                 size_t info_len);
void rp_sctp_notify_paddr(rp_sock *s, const rp_ep *addr,
                          xnet_sctp_peer_addr_state st, uint32_t error);
void rp_sctp_notify_shutdown(rp_sock *s);
void rp_sctp_notify_adaptation(rp_sock *s);
void rp_sctp_notify_sender_dry(rp_sock *s);
/* SCTP_AUTHENTICATION_EVENT with SCTP_AUTH_NO_AUTH: what Linux queues
 * after COMM_UP when the peer is not AUTH-capable (auth_enable is 0). */
void rp_sctp_notify_no_auth(rp_sock *s);
void rp_sctp_notify_remote_error(rp_sock *s, const uint8_t *causes,
                                 size_t len);
/* SCTP_SEND_FAILED_EVENT for a message the association failed to deliver
 * (sent: it was on the wire), with the ABORT's cause. */
void rp_sctp_notify_send_failed(rp_sock *s, const rp_sctp_msg *m, bool sent,
                                uint16_t cause);
/* The primary peer address as the socket's family sees it (port set). */
void rp_sctp_peer_sockaddr(const rp_sock *s, const rp_ep *e,
                           xnet_sockaddr *out);

/* sctp.c: the ops replay.c routes SCTP sockets to. */
int rp_sctp_socket(rp_sock *s);
void rp_sctp_free(replay *r, rp_sock *s);
int rp_sctp_bind(replay *r, rp_sock *s, const xnet_sockaddr *a);
int rp_sctp_bindx(replay *r, rp_sock *s, const xnet_sockaddr *a, size_t n,
                  int add);
int rp_sctp_listen(replay *r, rp_sock *s);
int rp_sctp_accept(replay *r, rp_sock *s, int *new_sock, xnet_sockaddr *peer);
int rp_sctp_connectx(replay *r, rp_sock *s, const xnet_sockaddr *a, size_t n);
int rp_sctp_recv(replay *r, rp_sock *s, xnet_backend_msg *m, int flags);
int rp_sctp_read(replay *r, rp_sock *s, void *buf, size_t n);
int rp_sctp_send(replay *r, rp_sock *s, xnet_backend_msg *m);
int rp_sctp_wait_read(replay *r, int sock, int64_t deadline, xnet_waker *w);
int rp_sctp_shutdown(replay *r, rp_sock *s, int how);
void rp_sctp_close(replay *r, rp_sock *s);
int rp_sctp_setsockopt(replay *r, rp_sock *s, int level, int name,
                       const void *val, size_t len);
int rp_sctp_getsockopt(replay *r, rp_sock *s, int level, int name, void *val,
                       size_t *len);
int rp_sctp_addrs(replay *r, rp_sock *s, int remote, xnet_sockaddr *out,
                  size_t cap);
/* xnet_replay_finish: outbound messages the application never wrote. */
void rp_sctp_finish(replay *r);

#endif /* XNET_REPLAY_SCTP_INT_H */
