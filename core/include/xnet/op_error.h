/* xnet/op_error.h — the context of the last failure on this thread.
 *
 * Every public core function that fails returns a negative XNET_E* code
 * (which alone drives control flow) and records, once, at the public
 * boundary, the operation, network, local and remote address and the code
 * in a thread-local xnet_op_error — Go's *net.OpError. Formatting it gives
 * Go's text: "dial tcp 127.0.0.1:0->127.0.0.1:1: connection refused".
 *
 * Thread-safety: the record is per thread; the functions are reentrant.
 */
#ifndef XNET_OP_ERROR_H
#define XNET_OP_ERROR_H

#include <stdbool.h>
#include <stddef.h>

#include "xnet/net.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xnet_op_error {
  char op[16];        /* "dial", "listen", "read", "write", "accept", ... */
  char net[24];       /* "tcp", "udp6", "ip4:icmp", ... ("" none) */
  xnet_addr source;   /* local address (kind NONE when unknown) */
  xnet_addr addr;     /* remote address, or the local one for listen */
  char syscall[16];   /* the system call that failed, when one did */
  int code;           /* the XNET_E* code */
  char detail[384];   /* extra text: the text that failed to parse, a
                       * replay stack's diff of a mismatched write */
  /* An address one xnet_addr cannot hold: a multi-homed SCTP endpoint,
   * "h1/h2:port" (Go: an *SCTPAddr as OpError.Source / Addr). When set,
   * the text is printed instead of source / addr, which keep its first
   * IP. "" otherwise. */
  char source_text[256];
  char addr_text[256];
} xnet_op_error;

/* xnet_last_error returns this thread's last failure record (never NULL;
 * code 0 when nothing failed yet). Owns: the thread; valid until the next
 * failing xnet call on this thread. Go: the error value of the last call. */
XNET_API const xnet_op_error *xnet_last_error(void);

/* xnet_op_error_format prints the record as Go's OpError.Error does:
 * "OP NET [SOURCE->]ADDR: CAUSE" (parts omitted when empty; SOURCE and
 * ADDR are source_text / addr_text when set), where CAUSE
 * is the detail when present, else xnet_strerror(code). snprintf
 * semantics. Go: OpError.Error. */
XNET_API int xnet_op_error_format(const xnet_op_error *e, char *buf,
                                  size_t cap);

/* xnet_error_is_timeout reports whether code is a timeout (a passed
 * deadline). Go: net.Error.Timeout. */
XNET_API bool xnet_error_is_timeout(int code);

/* xnet_error_is_temporary reports whether retrying may succeed (timeouts,
 * EAGAIN, ECONNRESET/ECONNABORTED on accept, resource shortages).
 * Go: net.Error.Temporary. */
XNET_API bool xnet_error_is_temporary(int code);

#ifdef __cplusplus
}
#endif
#endif /* XNET_OP_ERROR_H */
