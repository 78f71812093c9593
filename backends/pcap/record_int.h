/* record_int.h — the recording stack's private state, shared by its files:
 * record.c (the ops table that forwards to the inner stack, the public
 * API), record_file.c (the pcapng writer), record_packet.c (IP, UDP and
 * TCP headers around a payload), record_tcp.c (a TCP conn's sequence
 * numbers, handshake, FIN and RST) and record_cmsg.c (the control
 * messages headers are learnt from). One mutex (recorder.mu) guards the
 * file and the socket table. */
#ifndef XNET_RECORD_INT_H
#define XNET_RECORD_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "xnet/backend.h"
#include "xnet/record.h"

/* What the recorder knows of one socket of the inner stack. */
typedef struct rec_sock {
  bool used;
  bool ip;            /* an IP socket the recorder follows (not Unix, SCTP) */
  uint8_t family;     /* XNET_AF_INET / XNET_AF_INET6 */
  int type, protocol; /* XNET_SOCK_*, IP protocol (raw) */
  bool hdrincl;       /* raw IPv4 with IP_HDRINCL: sends carry the header */
  /* record_cmsg.c: receive options turned on by the recorder (bits of
   * profile rows) and those of them the application turned on */
  uint32_t forced, want;
  bool have_local;    /* local holds a bound port (or raw: an address) */
  xnet_sockaddr local;
  bool have_remote;
  xnet_sockaddr remote;
  /* TCP (record_tcp.c) */
  bool syn_pending;   /* connect in progress: the SYN is not written yet */
  bool up;            /* handshake written */
  bool fin_out, fin_in, rst;
  uint32_t snd_nxt, rcv_nxt;
} rec_sock;

/* One packet to write: the endpoints and what the headers say. */
typedef struct rec_pkt {
  uint8_t family;      /* XNET_AF_INET / XNET_AF_INET6 */
  uint8_t proto;       /* 6, 17 or a raw conn's protocol */
  xnet_sockaddr src, dst;
  uint8_t ttl, tos;
  uint32_t ifindex;    /* 0: unknown (interface 1) */
  bool out;            /* sent by the local side (else received) */
  /* TCP */
  uint8_t flags;       /* REC_TCP_* */
  uint32_t seq, ack;
  const uint8_t *payload;
  size_t len;
} rec_pkt;

enum {
  REC_TCP_FIN = 0x01, REC_TCP_SYN = 0x02, REC_TCP_RST = 0x04,
  REC_TCP_PSH = 0x08, REC_TCP_ACK = 0x10
};

/* Headers in front of the payload: IPv6 (40) + TCP (20) at most. */
#define REC_HDR_MAX 60
/* Largest TCP payload per segment, so the IP total length fits 16 bits. */
#define REC_TCP_SEG_MAX 65000u

typedef struct recorder {
  pthread_mutex_t mu;
  xnet_stack *inner;
  const xnet_backend_ops *io; /* the inner stack's ops and instance */
  void *ii;
  bool close_inner;
  /* record_file.c */
  FILE *f;
  int ferr;             /* XNET_EIO once a write failed */
  uint32_t nifs;        /* interface blocks written */
  int64_t shift;        /* added to the inner clock for timestamps */
  uint64_t packets, bytes;
  /* sockets, indexed by the inner stack's handle */
  rec_sock *socks;
  size_t nsocks;
  uint32_t iss;         /* initial sequence numbers, one per handshake */
  uint16_t ipid;
  /* one packet being built (under mu), and a payload gathered from
   * several iovecs */
  uint8_t scratch[REC_HDR_MAX + 65536];
  uint8_t gather[65536];
} recorder;

/* record_file.c */
int rec_file_open(recorder *r, const char *path);
int rec_file_close(recorder *r);
/* Writes one packet (a whole IP datagram) at time t (ns) on the interface
 * with index ifindex (0 or 1: the first), sent (out) or received. */
void rec_file_packet(recorder *r, int64_t t, uint32_t ifindex, bool out,
                     const uint8_t *d, size_t n);

/* record_packet.c: builds p's headers around its payload and writes it at
 * the inner clock's time. */
void rec_emit(recorder *r, const rec_pkt *p);
/* A raw IP datagram as it is (received raw IPv4, header-included sends). */
void rec_emit_datagram(recorder *r, const uint8_t *d, size_t n,
                       uint32_t ifindex, bool out);

/* record_cmsg.c */
/* Control messages of up to this many bytes are read for the recording. */
#define REC_CTL 256
/* Turns on, at the inner socket, the receive options of every control
 * message that carries a header field (s->forced says which took). */
void rec_cmsg_force(recorder *r, int sock, rec_sock *s);
/* The application's set / get of one of those options, answered from
 * s->want (true, *rc the result); false for any other option. */
bool rec_cmsg_setopt(recorder *r, rec_sock *s, int level, int name,
                     const void *val, size_t len, int *rc);
bool rec_cmsg_getopt(recorder *r, const rec_sock *s, int level, int name,
                     void *val, size_t *len, int *rc);
/* Copies the messages of ctl[0..n) the application turned on into
 * out[0..cap); returns the bytes used, *cut when some did not fit. */
size_t rec_cmsg_filter(recorder *r, const rec_sock *s, const uint8_t *ctl,
                       size_t n, uint8_t *out, size_t cap, bool *cut);

/* record_tcp.c (r->mu held) */
void rec_tcp_handshake(recorder *r, rec_sock *s, bool accepted);
void rec_tcp_refused(recorder *r, rec_sock *s);
void rec_tcp_data(recorder *r, rec_sock *s, bool out, const uint8_t *d,
                  size_t n);
void rec_tcp_fin(recorder *r, rec_sock *s, bool out);
void rec_tcp_rst_in(recorder *r, rec_sock *s);

#endif /* XNET_RECORD_INT_H */
