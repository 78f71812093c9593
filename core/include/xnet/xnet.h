/* xnet/xnet.h — the umbrella header: every public header of every layer. */
#ifndef XNET_XNET_H
#define XNET_XNET_H

#include "xnet/error.h"
#include "xnet/profile.h"
#include "xnet/version.h"

#include "xnet/address.h"
#include "xnet/hostport.h"

#include "xnet/conn.h"
#include "xnet/net.h"
#include "xnet/op_error.h"
#include "xnet/stack.h"

#endif /* XNET_XNET_H */
