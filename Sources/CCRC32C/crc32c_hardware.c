// CRC-32C with the CPU's own instruction. Swift cannot name it, so this
// small C file does; the function is compiled for SSE4.2 alone, and callers
// ask `portcullis_crc32c_hardware_available` first, so the binary still runs
// on a CPU without it (the Swift side then uses its table-driven version).
#include "CCRC32C.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>

bool portcullis_crc32c_hardware_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2");
}

__attribute__((target("sse4.2")))
uint32_t portcullis_crc32c_hardware_update(uint32_t state, const void *bytes, size_t count) {
    const unsigned char *next = bytes;
    uint64_t wide = state;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, next, sizeof word);  // unaligned load, little-endian as the CRC consumes it
        wide = _mm_crc32_u64(wide, word);
        next += 8;
        count -= 8;
    }
    uint32_t narrow = (uint32_t)wide;
    while (count > 0) {
        narrow = _mm_crc32_u8(narrow, *next);
        next += 1;
        count -= 1;
    }
    return narrow;
}

#else

bool portcullis_crc32c_hardware_available(void) {
    return false;
}

uint32_t portcullis_crc32c_hardware_update(uint32_t state, const void *bytes, size_t count) {
    (void)bytes;
    (void)count;
    return state;  // never called: hardware_available() is false here
}

#endif
