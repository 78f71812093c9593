/* bytes_int.h — fixed-order integer loads and stores shared by the codecs.
 *
 * Every codec reads wire fields byte by byte in an explicit order, so the
 * result never depends on the build host. The caller has checked the bounds
 * (each codec checks a length once, then reads fixed offsets). Private: not
 * installed. */
#ifndef XNET_BYTES_INT_H
#define XNET_BYTES_INT_H

#include <stdint.h>

static inline uint16_t xnet__get_be16(const uint8_t *p) {
  return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint16_t xnet__get_le16(const uint8_t *p) {
  return (uint16_t)((unsigned)p[1] << 8 | p[0]);
}

static inline uint32_t xnet__get_be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         p[3];
}

static inline uint32_t xnet__get_le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static inline void xnet__put_be16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)(v >> 8);
  p[1] = (uint8_t)v;
}

static inline void xnet__put_le16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
}

static inline void xnet__put_be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

static inline void xnet__put_le32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}

#endif /* XNET_BYTES_INT_H */
