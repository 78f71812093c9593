/* stack_int.h — the stack object, private to core. */
#ifndef XNET_STACK_INT_H
#define XNET_STACK_INT_H

#include "xnet/backend.h"

struct xnet_stack {
  xnet_backend_ops ops; /* the backend's table, missing ops stubbed */
  void *inst;           /* backend instance state, in the same block */
};

/* Replaces a NULL stack with the default one; fails when it cannot open. */
int xnet__stack_resolve(xnet_stack **s);

#endif /* XNET_STACK_INT_H */
