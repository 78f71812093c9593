/* xnet/cancel.h — cancelling dials from another thread (Go's
 * Dialer.Cancel channel, or the cancel function of DialContext's context).
 *
 * A dial has no conn yet, so closing cannot wake it: a dial blocked in
 * connect watches its dialer's canceler instead.
 *
 *   xnet_canceler *c;
 *   xnet_canceler_new(stack, &c);
 *   xnet_dialer d = {0};
 *   d.stack = stack;
 *   d.cancel = c;
 *   ... xnet_dialer_dial(&d, "tcp", "example.com:80", &conn) ...
 *   // elsewhere: xnet_canceler_cancel(c);
 *
 * Once cancelled, every dial using the canceler — blocked now or started
 * later — fails at once with XNET_ECANCELED, whose text is Go's
 * context.Canceled ("operation was canceled"). Cancelling is
 * permanent, like closing Go's channel.
 *
 * Ownership: the caller owns a canceler and frees it with
 * xnet_canceler_free once no dial uses it any more.
 *
 * Thread-safety: xnet_canceler_cancel and xnet_canceler_is_canceled may be
 * called from any thread at any time before free; any number of dials, on
 * any threads, may share one canceler.
 */
#ifndef XNET_CANCEL_H
#define XNET_CANCEL_H

#include <stdbool.h>

#include "xnet/stack.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xnet_canceler xnet_canceler;

/* xnet_canceler_new creates a canceler for dials on the stack (NULL: the
 * default stack); a dialer using it must dial on the same stack.
 * Go: context.WithCancel (or make(chan struct{}) for Dialer.Cancel).
 * Errors: XNET_ENOMEM, the stack's waker errors (e.g. XNET_EMFILE),
 * XNET_ENOTSUP (a stack without wakers). *out is NULL on error. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_canceler_new(xnet_stack *s,
                                                       xnet_canceler **out);

/* xnet_canceler_cancel cancels: dials blocked on c fail at once, later ones
 * before they start. Calling it again does nothing.
 * Go: the context's CancelFunc (close(Dialer.Cancel)). Errors: none. */
XNET_API void xnet_canceler_cancel(xnet_canceler *c);

/* xnet_canceler_is_canceled reports whether c (NULL: false) has been
 * cancelled. Go: ctx.Err() != nil. Errors: none. */
XNET_API bool xnet_canceler_is_canceled(const xnet_canceler *c);

/* xnet_canceler_free releases c (NULL: nothing); no dial may still use it.
 * Go: none (garbage collected). Errors: none. */
XNET_API void xnet_canceler_free(xnet_canceler *c);

#ifdef __cplusplus
}
#endif
#endif /* XNET_CANCEL_H */
