// A cache prefetch for the Swift engine, which has no intrinsic for one.
//
// The parser asks for each row's client id slot as soon as the id is hashed,
// so that the slot's cache miss overlaps with the scanning of later rows; a
// load in its place holds the core's reorder buffer until the miss is served
// (BENCHMARKS.md, stop 28). `static inline`: Swift imports the body and
// inlines it, a single instruction (`prefetcht0` on x86-64, `prfm` on arm64,
// nothing on a target without one). A hint: it never faults, whatever the address.
#ifndef CPREFETCH_H
#define CPREFETCH_H

static inline __attribute__((always_inline)) void abcxyz_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
