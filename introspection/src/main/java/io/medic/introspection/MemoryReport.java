package io.medic.introspection;

import java.util.List;

/**
 * JVM memory in {@code recon_alloc}'s spirit: what is used for data versus what the JVM holds from
 * the OS, overall and per area and pool.
 *
 * <p>{@code usedBytes}, {@code allocatedBytes}, {@code unusedBytes} and {@code usage} mirror
 * {@code recon_alloc:memory(used | allocated | unused | usage)}: the heap, the non-heap pools and the
 * direct and mapped buffers. Thread stacks, the JIT's and the GC's own native memory are not in them:
 * {@code residentBytes} (the OS's view) is typically larger than {@code allocatedBytes}.
 *
 * @param usedBytes      bytes used: heap used + non-heap used + direct and mapped buffers used ({@code used})
 * @param allocatedBytes bytes held: heap committed + non-heap committed + direct and mapped buffer capacity
 *                       ({@code allocated})
 * @param unusedBytes    {@code allocatedBytes - usedBytes} ({@code unused})
 * @param usage          {@code usedBytes / allocatedBytes} (0.0 to 1.0)
 * @param heap          the heap as a whole
 * @param nonHeap       non-heap memory as a whole
 * @param metaspace     the metaspace pool (class metadata), or null if this JVM has none
 * @param pools         every memory pool (eden, survivor, old gen, metaspace, code cache ...)
 * @param buffers       the buffer pools ({@code direct}, {@code mapped} ...)
 * @param residentBytes the process's resident set size from the OS, or -1 where not available
 */
public record MemoryReport(long usedBytes, long allocatedBytes, long unusedBytes, double usage, Area heap, Area nonHeap,
                           Pool metaspace, List<Pool> pools, List<BufferPool> buffers, long residentBytes) {

    /**
     * A memory area or pool.
     *
     * @param usedBytes      bytes in use
     * @param committedBytes bytes the JVM holds for it
     * @param maxBytes       its limit, or -1 if undefined
     * @param usage          {@code usedBytes / committedBytes} (0.0 to 1.0; 0 when nothing is committed)
     */
    public record Area(long usedBytes, long committedBytes, long maxBytes, double usage) {
    }

    /**
     * One JVM memory pool.
     *
     * @param name      the pool (e.g. {@code G1 Old Gen}, {@code Metaspace})
     * @param type      {@code heap} or {@code non_heap}
     * @param usedBytes      bytes in use
     * @param committedBytes bytes the JVM holds for it
     * @param maxBytes       its limit, or -1 if undefined
     * @param usage          {@code usedBytes / committedBytes}
     */
    public record Pool(String name, String type, long usedBytes, long committedBytes, long maxBytes, double usage) {
    }

    /**
     * One buffer pool.
     *
     * @param name     {@code direct}, {@code mapped} ...
     * @param count         buffers
     * @param usedBytes     bytes the JVM uses for them
     * @param capacityBytes their total capacity
     */
    public record BufferPool(String name, long count, long usedBytes, long capacityBytes) {
    }
}
