/* xnet/stack.h — stacks: the backend instance every conn lives on.
 *
 * A stack is one instance of a backend (the host kernel, a replayed
 * capture). NULL means the default host stack, created on first use. Dialers
 * and listen configs carry the stack, so code that takes an `xnet_stack *`
 * runs unchanged against a replay stack in tests.
 *
 * Time: deadlines are absolute nanoseconds of the stack's monotonic clock
 * (CLOCK_MONOTONIC on the host stacks, capture time on a replay stack); 0
 * means no deadline. Build one with xnet_deadline_in().
 *
 * Thread-safety: stacks may be shared by any number of threads; the default
 * stack lives until the process exits.
 */
#ifndef XNET_STACK_H
#define XNET_STACK_H

#include <stdint.h>

#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xnet_stack xnet_stack;

/* Address families, portable values (not the host's AF_* numbers). */
enum { XNET_AF_UNSPEC = 0, XNET_AF_INET = 4, XNET_AF_INET6 = 6, XNET_AF_UNIX = 1 };

/* Nanoseconds in a millisecond and a second, for deadline arithmetic. */
#define XNET_MILLISECOND INT64_C(1000000)
#define XNET_SECOND INT64_C(1000000000)

/* xnet_stack_default returns the default host stack (created on first use),
 * or NULL when it cannot be created (xnet_last_error says why).
 * Go: none (the implicit host network). */
XNET_API xnet_stack *xnet_stack_default(void);

/* xnet_stack_close releases a stack opened by a backend's open function.
 * Every conn and listener on it must be closed first. The default stack is
 * never closed (a call with it does nothing). Go: none. */
XNET_API void xnet_stack_close(xnet_stack *s);

/* xnet_stack_name returns the backend's name ("linux", "bsd", "replay").
 * Go: none. */
XNET_API const char *xnet_stack_name(xnet_stack *s);

/* xnet_now returns the stack's monotonic clock in nanoseconds (NULL: the
 * default stack). Go: time.Now (as a monotonic reading). */
XNET_API int64_t xnet_now(xnet_stack *s);

/* xnet_deadline_in returns the deadline `ns` nanoseconds from now on the
 * stack's clock; ns <= 0 gives a deadline that has already passed.
 * Go: time.Now().Add(d). */
XNET_API int64_t xnet_deadline_in(xnet_stack *s, int64_t ns);

#ifdef __cplusplus
}
#endif
#endif /* XNET_STACK_H */
