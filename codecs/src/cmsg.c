/* cmsg.c — generic control-message framing: geometry, iterator, writer.
 *
 * Everything here is driven by the profile's xnet_cmsg_abi; nothing looks
 * at the build host's struct cmsghdr.
 */
#include "xnet/cmsg.h"

#include <string.h>

#include "xnet/error.h"

static const xnet_cmsg_abi *abi_of(const xnet_profile *p) {
  return p != NULL ? p->cmsg : NULL;
}

/* Rounds n up to a (a power of two); SIZE_MAX when that overflows. */
static size_t align_up(size_t n, size_t a) {
  if (n > SIZE_MAX - (a - 1)) return SIZE_MAX;
  return (n + (a - 1)) & ~(a - 1);
}

/* Adds without wrapping: SIZE_MAX stands for "too large". */
static size_t add_sat(size_t a, size_t b) {
  return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

size_t xnet_cmsg_align(const xnet_profile *p, size_t n) {
  const xnet_cmsg_abi *abi = abi_of(p);
  return abi != NULL ? align_up(n, abi->align) : 0;
}

size_t xnet_cmsg_len(const xnet_profile *p, size_t payload_len) {
  const xnet_cmsg_abi *abi = abi_of(p);
  if (abi == NULL) return 0;
  return add_sat(align_up(abi->hdr_len, abi->align), payload_len);
}

size_t xnet_cmsg_space(const xnet_profile *p, size_t payload_len) {
  const xnet_cmsg_abi *abi = abi_of(p);
  if (abi == NULL) return 0;
  return add_sat(align_up(abi->hdr_len, abi->align),
                 align_up(payload_len, abi->align));
}

void xnet_cmsg_iter_init(xnet_cmsg_iter *it, const xnet_profile *p,
                         const uint8_t *buf, size_t n) {
  static const xnet_cmsg_iter empty;
  const xnet_cmsg_abi *abi = abi_of(p);
  *it = empty;
  it->profile = p;
  it->buf = buf;
  it->n = buf != NULL ? n : 0;
  if (abi == NULL) { /* fails at the first step */
    it->status = XNET_EINVAL;
    return;
  }
  it->hdr_len = abi->hdr_len;
  it->len_size = abi->len_size;
  it->align = abi->align;
  it->data_off = (uint8_t)((abi->hdr_len + abi->align - 1) & -abi->align);
  it->little_endian = p->little_endian;
}

/* The slow paths of xnet_cmsg_iter_next: the end, a stopped walk, and
 * each malformed shape. code is 0 at the end of the buffer, the sticky
 * status, or the error xnet_cmsg_iter_next found. */
int xnet__cmsg_iter_fail(xnet_cmsg_iter *it, xnet_cmsg *out, int code) {
  memset(out, 0, sizeof(*out));
  if (code == 0 || it->status != 0) return code;
  if (code == XNET_ETRUNCATED) {
    /* The header is whole but the message is not: report what is there
     * (possibly only part of the header padding) and stop. */
    const uint8_t *h = it->buf + it->off;
    size_t left = it->n - it->off;
    out->level = (int32_t)xnet__cmsg_iter_u32(it, h + it->len_size);
    out->type = (int32_t)xnet__cmsg_iter_u32(it, h + it->len_size + 4);
    out->offset = it->off;
    out->data = left > it->data_off ? h + it->data_off : NULL;
    out->len = left > it->data_off ? left - it->data_off : 0;
  }
  it->status = code;
  return code;
}

int xnet_cmsg_header_put(const xnet_profile *p, uint8_t *buf, size_t cap,
                         size_t *len, int32_t level, int32_t type,
                         size_t payload_len) {
  const xnet_cmsg_abi *abi = abi_of(p);
  if (abi == NULL || len == NULL) return XNET_EINVAL;
  size_t clen = xnet_cmsg_len(p, payload_len);
  size_t space = xnet_cmsg_space(p, payload_len);
  /* cmsg_len must be representable in the profile's field. */
  if (space == SIZE_MAX || (abi->len_size == 4 && space > UINT32_MAX))
    return XNET_EMSGSIZE;
  if (cap < space || buf == NULL) {
    *len = space;
    return XNET_ENOBUFS;
  }
  memset(buf, 0, space);
  if (abi->len_size == 8)
    xnet_profile_put_u64(p, buf, (uint64_t)clen);
  else
    xnet_profile_put_u32(p, buf, (uint32_t)clen);
  xnet_profile_put_u32(p, buf + abi->len_size, (uint32_t)level);
  xnet_profile_put_u32(p, buf + abi->len_size + 4, (uint32_t)type);
  *len = space;
  return 0;
}

int xnet_cmsg_put(const xnet_profile *p, uint8_t *buf, size_t cap,
                  size_t *len, int32_t level, int32_t type,
                  const void *payload, size_t payload_len) {
  if (payload == NULL && payload_len != 0) return XNET_EINVAL;
  int rc = xnet_cmsg_header_put(p, buf, cap, len, level, type, payload_len);
  if (rc != 0) return rc;
  if (payload_len != 0)
    memcpy(buf + xnet_cmsg_len(p, 0), payload, payload_len);
  return 0;
}
