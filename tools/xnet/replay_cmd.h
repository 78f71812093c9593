/* replay_cmd.h — `xnet replay`, shared by its files: replay.c (options,
 * the conns and the loop that drives them through the public API of a
 * replay stack), replay_scan.c (reading the capture with libpcap and the
 * dissector: which endpoints to open, and a cursor that walks the packets
 * in step with the replay) and replay_print.c (one observation as text or
 * as a JSON line).
 *
 * Thread-safety: one command per thread; no global state.
 */
#ifndef XNET_TOOL_REPLAY_CMD_H
#define XNET_TOOL_REPLAY_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "xnet/address.h"

/* replay.c: xnet replay [--json] [--local ADDR]... FILE */
int xnet_tool_replay(int argc, char **argv, FILE *in, FILE *out, FILE *err);

/* ---- replay_scan.c ---- */

/* What the tool needs of one captured IP packet (the outermost header). */
typedef struct rs_pkt {
  int64_t t;         /* capture time, ns */
  uint8_t family;    /* 4 or 6 */
  uint8_t proto;     /* upper-layer protocol */
  xnet_ip src, dst;
  bool ports;        /* a UDP/TCP/SCTP header with ports was found */
  uint16_t sport, dport;
  uint8_t tcp_flags; /* TCP: FIN 1, SYN 2, RST 4, PSH 8, ACK 16 */
  bool tcp_payload;  /* TCP: bytes after the header */
  uint8_t sctp_chunk;/* SCTP: the first chunk's type */
} rs_pkt;

typedef struct rs_reader rs_reader;

/* Opens path for reading with nanosecond timestamps; NULL with msg set. */
rs_reader *rs_open(const char *path, char *msg, size_t cap);
/* The next record: 1 (*p filled; p->family 0 when it is no IP packet), 0
 * at the end, -1 when the file is damaged (msg set). */
int rs_next(rs_reader *r, rs_pkt *p, char *msg, size_t cap);
/* Records read so far, and the fraction of the file read (0..1). */
uint64_t rs_records(const rs_reader *r);
double rs_progress(const rs_reader *r);
/* The file's size in bytes (0 when unknown). */
long rs_size(const rs_reader *r);
void rs_close(rs_reader *r);

/* ---- replay_print.c ---- */

/* One observation. Strings are caller storage; NULL fields are left out. */
typedef struct rp_obs {
  int64_t t;            /* virtual time, ns */
  int64_t t0;           /* the capture's first record time (text form) */
  const char *event;    /* datagram, accept, data, eof, reset, timeout, ... */
  const char *network;  /* the conn's network: udp4, tcp6, ip4:1, ... */
  const char *local;    /* the conn's local and remote address */
  const char *remote;   /* NULL: an unconnected packet conn */
  const char *src, *dst;/* NULL: not part of this event */
  const uint8_t *data;  /* payload (NULL with len 0 and has_len false) */
  size_t len;
  bool has_len;
  bool has_cm;          /* control messages, as the conn received them */
  unsigned ttl, tos, ifindex;
  const char *cm_dst;
  const char *error;    /* an error's name, for events that failed */
  /* an SCTP message's receive information */
  bool has_sctp;
  unsigned sid, ssn;
  uint32_t ppid, tsn;   /* ppid as on the wire (network order read) */
  bool unordered, eor;
  /* an SCTP notification: its type and state names and other fields, each
   * a number or (s non-NULL) a string */
  const char *nt_type, *nt_state;
  struct {
    const char *key, *s;
    int64_t v;
  } nt[6];
  size_t nnt;
} rp_obs;

void rp_print_text(FILE *out, const rp_obs *o);
void rp_print_json(FILE *out, const rp_obs *o);

#ifdef XNET_TOOL_WITH_PCAP
/* ---- replay.c: the run and its conns ---- */

#include "xnet/xnet.h"

enum { RC_UDP, RC_RAW, RC_LISTENER, RC_TCP, RC_SCTP_LISTENER, RC_SCTP };

/* Most conns one replay opens (listeners and accepted conns included). */
#define RC_MAX_CONNS 4096
/* Reads a pending conn may miss (a datagram still in fragments) before
 * the walk stops trying it until its next packet. */
#define RC_MAX_MISSES 8
#define RC_BUF (256 * 1024)
/* Buckets of the conn hash (a power of two). */
#define RC_HASH 8192

typedef struct rc_conn {
  int kind;
  uint8_t family, proto;
  xnet_ip lip, rip;
  uint16_t lport, rport;
  xnet_conn *c;
  xnet_listener *l;
  char network[16], local[256], remote[80];
  /* an SCTP listener: more local addresses (multi-homing) */
  xnet_ip extra[4];
  size_t nextra;
  xnet_ip peers[4]; /* where its INITs came from: not local addresses */
  size_t npeers;
  bool pending, done;
  int misses;
  int32_t next; /* the next conn of its hash bucket, -1: none */
} rc_conn;

typedef struct rc_run {
  FILE *out, *err;
  bool json;
  const char *path;
  xnet_ip local[XNET_REPLAY_MAX_LOCAL];
  size_t nlocal;
  xnet_stack *s;
  rc_conn *conns;
  size_t n;
  size_t *pend; /* indexes of pending conns */
  int32_t *heads; /* RC_HASH buckets: first conn index, -1: none */
  size_t npend;
  int64_t t0, t;
  bool have_t0;
  uint64_t observations;
  size_t too_many, no_room;
  int status;
  uint8_t *buf;
} rc_run;

bool rc_is_local(const rc_run *r, const xnet_ip *ip);
rc_conn *rc_find(rc_run *r, int kind, uint8_t family, uint8_t proto,
                 const xnet_ip *lip, uint16_t lport, const xnet_ip *rip,
                 uint16_t rport);
/* A new conn (zeroed but for its key, which the lookups find it by), or
 * NULL when the table is full. */
rc_conn *rc_new(rc_run *r, int kind, uint8_t family, uint8_t proto,
                const xnet_ip *lip, uint16_t lport, const xnet_ip *rip,
                uint16_t rport);
/* The first conn of kind on a local port, whatever its address. */
rc_conn *rc_find_port(rc_run *r, int kind, uint8_t family, uint8_t proto,
                      uint16_t lport);
void rc_host_port(const xnet_ip *ip, uint8_t family, uint16_t port,
                  bool with_port, char *buf, size_t cap);
void rc_addr_text(const xnet_addr *a, char *buf, size_t cap);
/* The conn of a dial the capture's packet p starts (from its source to its
 * destination), on network base + "4" or "6" and named by p's addresses;
 * NULL when it has one already (a retransmission) or the table is full. */
rc_conn *rc_dial_conn(rc_run *r, int kind, uint8_t proto, const char *base,
                      const rs_pkt *p);
/* Fills o with the observation of c's dial that returned rc. A failed
 * dial is emitted here and leaves c done without a conn (false); true
 * leaves o for the caller to complete and emit. */
bool rc_dial_result(rc_run *r, rc_conn *c, int rc, rp_obs *o);
void rc_emit(rc_run *r, rp_obs *o);
void rc_base(const rc_conn *c, rp_obs *o, const char *event);
void rc_finish(rc_conn *c);
void rc_pend(rc_run *r, rc_conn *c);
/* The deadline of a read made for the packet due now. */
int64_t rc_deadline(rc_run *r);
/* Prints the thread's last op error to stderr; the run's status becomes 1. */
void rc_op_failed(rc_run *r);

/* ---- replay_sctp.c ---- */
/* The scan's SCTP packet p: a listener for an INIT to the local host, and
 * the local addresses (multi-homing) of listeners. */
void rc_sctp_scan(rc_run *r, const rs_pkt *p);
/* After the scan: a listener's addresses are not its peers' (two hosts
 * using the same port would otherwise look like one multi-homed host). */
void rc_sctp_scan_done(rc_run *r);
void rc_sctp_open(rc_run *r, rc_conn *c);
/* The walk's SCTP packet p: a dial, or the conn or listener it is due to. */
void rc_sctp_route(rc_run *r, const rs_pkt *p);
/* One accept / one read: 1 observed, 0 nothing due, -1 finished. */
int rc_sctp_accept(rc_run *r, rc_conn *l);
int rc_sctp_read(rc_run *r, rc_conn *c);
#endif

#endif /* XNET_TOOL_REPLAY_CMD_H */
