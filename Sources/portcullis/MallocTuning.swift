/// glibc malloc thresholds for a process whose every request allocates and
/// frees buffers the size of a record batch or a fetch response (up to
/// megabytes): the request, the plaintext and sealed batch, swift-crypto's
/// outputs, the entries read for a fetch, the response.
///
/// glibc's defaults serve blocks above a threshold (128 KiB at first, then
/// raised to the largest block freed, at most 32 MiB) with a fresh mmap, and
/// hand the top of a heap back to the kernel once twice that threshold lies
/// free there. Either way the next request's buffers are faulted in again a
/// page at a time and zeroed by the kernel: page faults took 15 % of the
/// broker's samples producing and consuming 1 KiB records.
///
/// Measured with `scripts/bench-broker.sh` (1 KiB records, fetches of up to
/// 16 MiB, the same values set through GLIBC_TUNABLES): consuming cost 2.2
/// to 2.3 broker CPU-seconds per GB with glibc's defaults, with a 4 MiB mmap
/// threshold, and with a 32 MiB trim threshold; 0.9 with these values, as
/// with a 64 MiB trim threshold. The mmap threshold is glibc's maximum, so
/// a fetch response stays on the heap; the trim threshold leaves room for
/// one fetch's three largest buffers (entries read, records opened,
/// response) at that size. The cost is memory kept for reuse: the broker's
/// peak resident set grew from 85-115 to 155-165 MiB in that benchmark.
enum MallocTuning {
    private static let mmapThreshold: CInt = 32 << 20
    private static let trimThreshold: CInt = 128 << 20

    /// Sets both thresholds; call first thing, before large allocations.
    /// Does nothing where the C library is not glibc.
    static func apply() {
        #if canImport(Glibc)
        guard let mallopt = GlibcMalloc.mallopt else { return }
        let mTrimThreshold: CInt = -1  // M_TRIM_THRESHOLD in <malloc.h>
        let mMmapThreshold: CInt = -3  // M_MMAP_THRESHOLD
        _ = mallopt(mMmapThreshold, mmapThreshold)
        _ = mallopt(mTrimThreshold, trimThreshold)
        #endif
    }
}
