/* vm_reading.h — what one read of an SCTP socket returned in the VM
 * programs, and the predicates their read loops wait for. Both programs
 * (sctp_kernel_capture.c on kernel sockets, sctp_vm_suite.c on xnet's API)
 * fill a reading their own way and wait with these. */
#ifndef XNET_VM_READING_H
#define XNET_VM_READING_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/sctp_cmsg.h"
#include "xnet/sctp_notify.h"

typedef struct reading {
  enum { R_TIMEOUT, R_DATA, R_NOTIFICATION, R_EOF, R_ERROR } kind;
  int err;          /* R_ERROR: errno (kernel sockets) or an XNET_E code */
  size_t len;
  int flags;        /* the read's message flags */
  int have_rcvinfo; /* rcv holds the message's SCTP_RCVINFO */
  xnet_sctp_rcvinfo rcv;
  xnet_sctp_notification n; /* valid for R_NOTIFICATION; views into buf */
  int parse_rc;
  uint8_t buf[4096];
} reading;

typedef int (*want_fn)(const reading *r, const void *arg);

/* A notification of type, in an assoc or peer address state (-1: any). */
struct want_ntf {
  xnet_sctp_notification_type type;
  int state;
};

static inline int want_notification(const reading *r, const void *arg) {
  const struct want_ntf *w = arg;
  if (r->kind != R_NOTIFICATION || r->parse_rc != 0 || r->n.type != w->type)
    return 0;
  if (w->state < 0)
    return 1;
  if (w->type == XNET_SCTP_ASSOC_CHANGE)
    return (int)r->n.u.assoc_change.state == w->state;
  if (w->type == XNET_SCTP_PEER_ADDR_CHANGE)
    return (int)r->n.u.peer_addr_change.state == w->state;
  return 1;
}

static inline int want_data(const reading *r, const void *arg) {
  (void)arg;
  return r->kind == R_DATA;
}

static inline int want_eof(const reading *r, const void *arg) {
  (void)arg;
  return r->kind == R_EOF;
}

#endif /* XNET_VM_READING_H */
