#ifndef PORTCULLIS_CCRC32C_H
#define PORTCULLIS_CCRC32C_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has a CRC-32C instruction the functions below use
/// (x86-64: SSE4.2). When false, `portcullis_crc32c_hardware_update` must not be called.
bool portcullis_crc32c_hardware_available(void);

/// Folds `count` bytes at `bytes` into `state`, a CRC-32C register as the
/// instruction keeps it (not inverted: callers apply the initial and final
/// inversions themselves).
uint32_t portcullis_crc32c_hardware_update(uint32_t state, const void *bytes, size_t count);

#endif
