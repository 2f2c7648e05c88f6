// The floor: the least work any tool must do for abcxyz's job, in plain C.
//
// Maps the export (populated: the page cache mapped at once), cuts it into one newline-aligned piece per thread, and per
// row finds the fields, parses the date (YYYY-MM-DD) to a day number and the
// amount ([-]digits[.digits]) to cents, and adds the row to its client's
// totals (rows, net, first and last day) in a per-thread open-addressing
// table keyed by the id's bytes; then merges the threads' tables. Quoted ids
// are read as they are (their `""` pairs left in), no error reporting, no classification, no output but a checksum: what is
// left of abcxyz's time above this is the price of everything else it does.
//
//     cc -O2 -pthread -o floor Benchmarks/floor/floor.c
//     ./floor sales.csv [threads]      (header: client,date,amount[,manager])
//
// Prints clients, rows, the net total in cents and the wall time of each
// phase. A benchmark tool, not part of the package.
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    uint64_t hash;
    const char *id;      // into the mapped file
    uint32_t length;
    uint32_t rows;
    int64_t net;
    int32_t first, last;
} Entry;

typedef struct {
    Entry *slots;
    size_t mask, count;
} Table;

typedef struct {
    const char *start, *end;
    Table table;
    size_t rows;
} Piece;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static uint64_t hash_bytes(const char *p, size_t n) {  // eight bytes at a time, then a final mix
    uint64_t h = 1469598103934665603ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
    }
    for (; i < n; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

static void table_init(Table *t, size_t expected) {
    size_t n = 16;
    while (n < expected * 2) n <<= 1;
    t->slots = calloc(n, sizeof(Entry));
    t->mask = n - 1;
    t->count = 0;
}

static Entry *table_find(Table *t, const char *id, size_t length, uint64_t h);

static void table_grow(Table *t) {
    Table bigger;
    table_init(&bigger, (t->mask + 1));
    for (size_t i = 0; i <= t->mask; i++) {
        Entry *e = &t->slots[i];
        if (!e->id) continue;
        size_t s = e->hash & bigger.mask;
        while (bigger.slots[s].id) s = (s + 1) & bigger.mask;
        bigger.slots[s] = *e;
    }
    bigger.count = t->count;
    free(t->slots);
    *t = bigger;
}

static Entry *table_find(Table *t, const char *id, size_t length, uint64_t h) {
    size_t s = h & t->mask;
    for (;;) {
        Entry *e = &t->slots[s];
        if (!e->id) {
            if ((t->count + 1) * 2 > t->mask + 1) {
                table_grow(t);
                return table_find(t, id, length, h);
            }
            e->hash = h;
            e->id = id;
            e->length = (uint32_t)length;
            e->first = INT32_MAX;
            e->last = INT32_MIN;
            t->count++;
            return e;
        }
        if (e->hash == h && e->length == length && memcmp(e->id, id, length) == 0) return e;
        s = (s + 1) & t->mask;
    }
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
static int32_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

typedef struct {
    const char *id;
    size_t length;
    uint64_t hash;
    int32_t day;
    int64_t cents;
} Row;

enum { batch = 64 };

// Parses the row at `p` into `row` and returns the next row's start.
static const char *parse_row(const char *p, const char *end, Row *row) {
    const char *id = p;
    size_t length;
    if (*p == '"') {  // a quoted id, kept with its "" pairs (the same id is always spelt alike)
        id = ++p;
        while (!(p[0] == '"' && p[1] != '"')) p += p[0] == '"' ? 2 : 1;
        length = p - id;
        p += 2;
    } else {
        while (*p != ',') p++;
        length = p - id;
        p++;
    }
    int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    int m = (p[5] - '0') * 10 + (p[6] - '0');
    int d = (p[8] - '0') * 10 + (p[9] - '0');
    row->day = days_from_civil(y, m, d);
    p += 11;
    int negative = *p == '-';
    if (negative) p++;
    int64_t cents = 0;
    while (*p >= '0' && *p <= '9') cents = cents * 10 + (*p++ - '0');
    int fraction = 0;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            if (fraction < 2) cents = cents * 10 + (*p - '0');
            fraction++;
            p++;
        }
    }
    for (; fraction < 2; fraction++) cents *= 10;
    row->cents = negative ? -cents : cents;
    while (p < end && *p != '\n') p++;  // the rest of the row (manager)
    row->id = id;
    row->length = length;
    row->hash = hash_bytes(id, length);
    return p + 1;
}

// Rows go in batches: parse 64, prefetch their clients' slots (so the cache
// misses of a table bigger than the cache overlap, as abcxyz's reader does), then add them.
static void *parse_piece(void *argument) {
    Piece *piece = argument;
    const char *p = piece->start, *end = piece->end;
    table_init(&piece->table, 1 << 16);
    size_t rows = 0;
    Row rowsInBatch[batch];
    while (p < end) {
        int n = 0;
        while (n < batch && p < end) p = parse_row(p, end, &rowsInBatch[n++]);
        for (int i = 0; i < n; i++)
            __builtin_prefetch(&piece->table.slots[rowsInBatch[i].hash & piece->table.mask]);
        for (int i = 0; i < n; i++) {
            Row *r = &rowsInBatch[i];
            Entry *e = table_find(&piece->table, r->id, r->length, r->hash);
            e->rows++;
            e->net += r->cents;
            if (r->day < e->first) e->first = r->day;
            if (r->day > e->last) e->last = r->day;
        }
        rows += n;
    }
    piece->rows = rows;
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [threads]\n", argv[0]);
        return 64;
    }
    int threads = argc > 2 ? atoi(argv[2]) : 2;
    if (threads < 1 || threads > 64) threads = 2;
    double t0 = now();
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(argv[1]);
        return 66;
    }
    const char *base = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (base == MAP_FAILED) {
        perror("mmap");
        return 66;
    }
    const char *data = memchr(base, '\n', st.st_size) + 1;  // after the header
    const char *end = base + st.st_size;
    Piece pieces[64];
    const char *start = data;
    for (int i = 0; i < threads; i++) {
        const char *cut = i == threads - 1 ? end : data + (end - data) * (i + 1) / threads;
        while (cut < end && cut[-1] != '\n') cut++;
        pieces[i].start = start;
        pieces[i].end = cut;
        start = cut;
    }
    pthread_t workers[64];
    for (int i = 0; i < threads; i++) pthread_create(&workers[i], NULL, parse_piece, &pieces[i]);
    for (int i = 0; i < threads; i++) pthread_join(workers[i], NULL);
    double t1 = now();
    // Merge every piece's clients into the first piece's table.
    Table *all = &pieces[0].table;
    size_t rows = pieces[0].rows;
    for (int i = 1; i < threads; i++) {
        rows += pieces[i].rows;
        Table *t = &pieces[i].table;
        for (size_t s = 0; s <= t->mask; s++) {
            Entry *e = &t->slots[s];
            if (!e->id) continue;
            Entry *into = table_find(all, e->id, e->length, e->hash);
            into->rows += e->rows;
            into->net += e->net;
            if (e->first < into->first) into->first = e->first;
            if (e->last > into->last) into->last = e->last;
        }
    }
    int64_t net = 0;
    int64_t days = 0;
    for (size_t s = 0; s <= all->mask; s++) {
        if (!all->slots[s].id) continue;
        net += all->slots[s].net;
        days += all->slots[s].last - all->slots[s].first;
    }
    double t2 = now();
    printf("clients %zu, rows %zu, net %lld cents, client-days %lld; parse %.3f s, merge %.3f s, total %.3f s, %d threads\n",
           all->count, rows, (long long)net, (long long)days, t1 - t0, t2 - t1, t2 - t0, threads);
    return 0;
}
