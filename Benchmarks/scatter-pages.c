// Is a partitioned scatter slower in 2 MiB pages because of abcxyz, or because of the machine?
// This program does only what the grouping's scatter does at 100 M rows, without abcxyz: two
// threads take 31 partitions in turn; each partition holds 3.2 M rows of 80 000 clients (a client
// number per row, from a multiplicative hash), and each row goes, 16 bytes, to its client's next
// slot in one buffer of 1.5 GB, first touched here. BENCHMARKS.md, stop 28.
//
//     gcc -std=c11 -O2 -pthread -o scatter-pages Benchmarks/scatter-pages.c
//     ./scatter-pages small|huge [keep|release]
//
// `huge` advises the buffer as 2 MiB pages (MADV_HUGEPAGE); `release` unmaps each partition's
// client numbers once it is scattered, as abcxyz frees a partition's columns. A benchmark tool,
// not part of the package.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

enum { partitions = 31, threads = 2 };
static const size_t rowsPerPartition = 3200000, clientsPerPartition = 80000;

typedef struct { uint32_t day, client; uint64_t amount; } Row;  // 16 bytes, as a history row

static Row *histories;
static uint32_t *clientOfRow[partitions];
static int releasing;
static int nextPartition = 0;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *scatter(void *unused) {
    (void)unused;
    uint32_t *cursor = malloc(clientsPerPartition * sizeof *cursor);
    for (;;) {
        pthread_mutex_lock(&lock);
        int p = nextPartition++;
        pthread_mutex_unlock(&lock);
        if (p >= partitions) break;
        // Every client has rowsPerPartition / clientsPerPartition rows (see main).
        for (size_t c = 0; c < clientsPerPartition; c++) cursor[c] = c * (rowsPerPartition / clientsPerPartition);
        Row *partition = histories + p * rowsPerPartition;
        for (size_t i = 0; i < rowsPerPartition; i++) {
            uint32_t client = clientOfRow[p][i];
            partition[cursor[client]++] = (Row){ (uint32_t)i, client, i };
        }
        if (releasing) munmap(clientOfRow[p], rowsPerPartition * sizeof(uint32_t));
    }
    free(cursor);
    return 0;
}

int main(int argc, char **argv) {
    int huge = argc > 1 && strcmp(argv[1], "huge") == 0;
    releasing = argc > 2 && strcmp(argv[2], "release") == 0;
    for (int p = 0; p < partitions; p++) {
        clientOfRow[p] = mmap(0, rowsPerPartition * sizeof(uint32_t), PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        // An odd multiplier prime to 80 000 maps each run of 80 000 rows onto every client once.
        for (size_t i = 0; i < rowsPerPartition; i++)
            clientOfRow[p][i] = (uint32_t)((i * 2654435761u) % clientsPerPartition);
    }
    size_t bytes = partitions * rowsPerPartition * sizeof(Row);
    histories = mmap(0, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (huge) madvise(histories, bytes, MADV_HUGEPAGE);
    double start = now();
    pthread_t workers[threads];
    for (int t = 0; t < threads; t++) pthread_create(&workers[t], 0, scatter, 0);
    for (int t = 0; t < threads; t++) pthread_join(workers[t], 0);
    printf("%s pages, %s: scatter %.3f s (%zu MiB)\n", huge ? "2 MiB" : "4 KiB",
           releasing ? "sources released" : "sources kept", now() - start, bytes >> 20);
    return 0;
}
