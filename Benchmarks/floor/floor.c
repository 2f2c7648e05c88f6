// The floor of issue 16: the least work any program must do for abcxyz's job on a sales export,
// written as the plain, fast C an engineer writes in an afternoon. Issue 16 asks that abcxyz's
// whole `classify` be within 2x of this program's wall time.
//
//     gcc -std=c11 -O2 -march=native -pthread -o floor Benchmarks/floor/floor.c
//     ./floor FILE [--threads N]          (N defaults to 2)
//     ./floor FILE --partition-bits B --buffer K
//
// The second form is an experiment, not the floor: each thread keeps 2^B tables (a client's table
// is its hash's low B bits) and buffers K rows per table, adding a table's rows when its buffer is
// full, so that they go to one table, a 2^B-th of the clients, at a time (the "deferred lookup"
// that issue 16's notes proposed; BENCHMARKS.md, stop 22). Its output line is the same.
//
// What it does:
// - maps the file (read-only, not prefetched: each thread faults in its own part of the page
//   cache), followed by a zero page so that a row may be read 16 bytes at a time up to the end;
// - checks the header: `client,date,amount` with an optional fourth column `manager` (the layout
//   of `abcxyz generate`, LF or CRLF), fields separated by `,`;
// - cuts the body into N byte ranges at line breaks and gives each to a thread. The cut is only
//   right because no field holds a line break. The files `abcxyz generate` writes do quote some
//   ids (about 1 in 500 holds a comma, `"Ivanov, I. 1016469"`, and 1 in 2000 holds quotes,
//   `"Studio ""Nova"" 1002014"`) but none holds a line break; the floor reads those quoted ids as
//   RFC 4180 says (the id is the text between the quotes with `""` read as `"`), but it does not
//   read quoted fields that span lines, which a general CSV reader would have to;
// - per row: the client id's bytes (the field's end found 8 bytes at a time); the date,
//   YYYY-MM-DD, into a day number (parsed and checked against the calendar only when its 11 bytes
//   differ from the previous row's: the exports are in date order); the amount, [-]digits[.d[d]],
//   into integer cents (the usual digits.dd converted 8 bytes at a time); the manager's bytes,
//   interned in a small per-thread table of the same kind (its rows and cents are summed there);
// - per thread, an open-addressing table (linear probing, at most 3/4 full, doubled when fuller,
//   in 2 MiB pages where the kernel gives them) keyed by the id's bytes, stored inline in the
//   entry when the id is at most 16 bytes long and holds no NUL byte; longer ids go to an arena
//   and the entry keeps their hash and their place there. Each entry (40 bytes) holds the client's
//   rows, the sum of its cents and its first and last day. Rows go in batches of 128: a row's slot
//   is prefetched as soon as the row is read, and a batch's rows are added after the next batch has
//   been read (the table is larger than the caches: the misses overlap with the parsing). Quoted
//   and long ids, rare, are added as they come;
// - merges the threads' tables into the first one (slot order: the slot is the hash's top bits, so
//   the merge walks both tables nearly in order);
// - prints the number of clients, the rows, the rows left out as malformed, the total of the
//   amounts in cents, the number of managers and a checksum of every client's (rows, cents, first
//   day, last day) that `check.py` computes the same way, then the phases' wall times.
//
// A row that is not of this shape (a bad date, an amount with three decimals, too few fields, an
// empty id) is counted and left out; there is no other error reporting, no classification and no
// output but the line of totals. What abcxyz spends above this is the price of all else it does.
// A benchmark tool, not part of the package.
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
#include <immintrin.h>

enum { inlineBytes = 16, batch = 128, maxThreads = 64 };

// An entry of a table. k0 == 0: empty. An inline id: k0 and k1 are its bytes, zero-padded (its first
// byte is not NUL, so k0's low byte is not 0). An arena id: k0 is its hash with the low byte 0 (and
// bit 8 set, so that it is not 0), k1 its offset in the table's arena, where its length (4 bytes)
// and its bytes are.
typedef struct {
    uint64_t k0;
    uint64_t k1;
    uint32_t rows;
    int64_t cents;
    int32_t first, last;
} Entry;

typedef struct {
    Entry *slots;
    void *mapping;  // the slots' pages
    size_t mappedBytes;
    unsigned shift;  // a hash's slot: hash >> shift
    size_t count, capacity;
    char *arena;
    size_t arenaUsed, arenaCapacity;
} Table;

typedef struct {
    const char *start, *end;
    Table clients, managers;
    size_t rows, bad;
    Table *parts;
} Piece;
static int partBits = 0;  // 0: one table, rows added a batch later (the floor); else 2^partBits tables, rows buffered
static int bufferRows = 16384;  // rows buffered per table with --partition-bits

typedef struct {  // a quoted or long field, unquoted
    char *bytes;
    size_t capacity;
} Buffer;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static inline uint64_t load64(const char *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

// Bytes of a little-endian word that end an unquoted field, or make it take the slow path: the
// high bit of each byte that is `,` or below 0x0E (NUL, `\n`, `\r`, ...). The lowest set bit is
// exact (false positives only above it).
static inline uint64_t stops(uint64_t w) {
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t comma = w ^ (ones * ',');
    return (((comma - ones) & ~comma) | ((w - ones * 0x0E) & ~w)) & highs;
}

// The length of the field that starts with the words w0, w1: up to 16 (16: longer, or no end in them).
static inline unsigned fieldLength(uint64_t w0, uint64_t w1) {
    unsigned a = _tzcnt_u64(stops(w0)) >> 3, b = _tzcnt_u64(stops(w1)) >> 3;  // 8 when none
    return a + (a == 8 ? b : 0);
}

static inline uint64_t hashInline(uint64_t k0, uint64_t k1) {
    uint64_t h = (k0 ^ (k1 * 0xC2B2AE3D27D4EB4FULL)) * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 32;
    return h * 0xD6E8FEB86659FD93ULL;
}

static uint64_t hashBytes(const char *p, size_t n) {
    uint64_t h = 0x243F6A8885A308D3ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) h = (h ^ load64(p + i)) * 0x9E3779B97F4A7C15ULL, h ^= h >> 29;
    for (; i < n; i++) h = (h ^ (unsigned char)p[i]) * 0x100000001B3ULL;
    h ^= h >> 32;
    return h * 0xD6E8FEB86659FD93ULL;
}

static inline uint64_t arenaKey(uint64_t h) { return (h | 0x100) & ~0xFFULL; }

// The slots of a table: fresh zero pages from the kernel (no clearing of our own), in 2 MiB pages
// where the kernel has them (madvise: a table of 250 000 clients is 20 MiB, beyond the TLB's reach
// in 4 KiB pages).
static void tableInit(Table *t, unsigned bits) {
    t->capacity = (size_t)1 << bits;
    t->shift = 64 - bits;
    t->count = 0;
    size_t bytes = t->capacity * sizeof(Entry), huge = (size_t)2 << 20;
    t->mappedBytes = bytes >= huge ? bytes + huge : bytes;  // room to align the slots to a huge page
    t->mapping = mmap(NULL, t->mappedBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (t->mapping == MAP_FAILED) {
        perror("mmap");
        exit(70);
    }
    t->slots = t->mapping;
    if (bytes >= huge) {
        t->slots = (Entry *)(((uintptr_t)t->mapping + huge - 1) & ~(uintptr_t)(huge - 1));
        madvise(t->slots, bytes, MADV_HUGEPAGE);
    }
}

static inline int isFull(const Table *t) { return (t->count + 1) * 4 > t->capacity * 3; }

static void tableGrow(Table *t) {
    Entry *old = t->slots;
    void *oldMapping = t->mapping;
    size_t oldCapacity = t->capacity, oldBytes = t->mappedBytes, count = t->count;
    tableInit(t, 65 - t->shift);
    size_t mask = t->capacity - 1;
    for (size_t i = 0; i < oldCapacity; i++) {
        if (!old[i].k0) continue;
        uint64_t h = old[i].k0 & 0xFF ? hashInline(old[i].k0, old[i].k1) : old[i].k0;
        size_t s = h >> t->shift;
        while (t->slots[s].k0) s = (s + 1) & mask;
        t->slots[s] = old[i];
    }
    t->count = count;
    munmap(oldMapping, oldBytes);
}

static inline void newEntry(Table *t, Entry *e, uint64_t k0, uint64_t k1) {
    e->k0 = k0;
    e->k1 = k1;
    e->rows = 0;
    e->cents = 0;
    e->first = INT32_MAX;
    e->last = INT32_MIN;
    t->count++;
}

static inline Entry *findInline(Table *t, uint64_t k0, uint64_t k1, uint64_t h) {
    size_t mask = t->capacity - 1, s = h >> t->shift;
    for (;;) {
        Entry *e = &t->slots[s];
        if (e->k0 == k0 && e->k1 == k1) return e;
        if (!e->k0) {
            if (isFull(t)) {
                tableGrow(t);
                return findInline(t, k0, k1, h);
            }
            newEntry(t, e, k0, k1);
            return e;
        }
        s = (s + 1) & mask;
    }
}

static Entry *findArena(Table *t, const char *id, size_t length, uint64_t h) {
    uint64_t k0 = arenaKey(h);
    size_t mask = t->capacity - 1, s = k0 >> t->shift;
    for (;;) {
        Entry *e = &t->slots[s];
        if (e->k0 == k0) {
            uint32_t stored;
            memcpy(&stored, t->arena + e->k1, 4);
            if (stored == length && memcmp(t->arena + e->k1 + 4, id, length) == 0) return e;
        }
        if (!e->k0) {
            if (isFull(t)) {
                tableGrow(t);
                return findArena(t, id, length, h);
            }
            if (t->arenaUsed + 4 + length > t->arenaCapacity) {
                t->arenaCapacity = 2 * (t->arenaUsed + 4 + length) + 4096;
                t->arena = realloc(t->arena, t->arenaCapacity);
                if (!t->arena) {
                    perror("realloc");
                    exit(70);
                }
            }
            if (t->arenaUsed > UINT64_MAX - 4 - length) {
                fprintf(stderr, "floor: the arena of long ids is full\n");
                exit(70);
            }
            uint32_t length32 = (uint32_t)length;
            memcpy(t->arena + t->arenaUsed, &length32, 4);
            memcpy(t->arena + t->arenaUsed + 4, id, length);
            newEntry(t, e, k0, (uint64_t)t->arenaUsed);
            t->arenaUsed += 4 + length;
            return e;
        }
        s = (s + 1) & mask;
    }
}

// The entry of an id given as bytes (an unquoted field or a quoted one, unquoted).
static Entry *findBytes(Table *t, const char *id, size_t length) {
    if (length <= inlineBytes && !memchr(id, 0, length)) {
        char padded[16] = {0};
        memcpy(padded, id, length);
        uint64_t k0 = load64(padded), k1 = load64(padded + 8);
        return findInline(t, k0, (uint64_t)k1, hashInline(k0, (uint64_t)k1));
    }
    return findArena(t, id, length, hashBytes(id, length));
}

static inline void add(Entry *e, int32_t day, int64_t cents) {
    e->rows++;
    e->cents = (int64_t)((uint64_t)e->cents + (uint64_t)cents);  // wraps rather than overflows
    if (day < e->first) e->first = day;
    if (day > e->last) e->last = day;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
static int32_t daysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// `YYYY-MM-DD,` at q, a real date of years 1 to 9999: its day number, or 0 if it is none.
static int parseDate(const char *q, int32_t *day) {
    static const int length[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned d[8] = {q[0] - '0', q[1] - '0', q[2] - '0', q[3] - '0', q[5] - '0', q[6] - '0', q[8] - '0', q[9] - '0'};
    unsigned any = 0;
    for (int i = 0; i < 8; i++) any |= d[i] > 9;
    if (any || q[4] != '-' || q[7] != '-' || q[10] != ',') return 0;
    int y = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3], m = d[4] * 10 + d[5], dd = d[6] * 10 + d[7];
    if (y < 1 || m < 1 || m > 12 || dd < 1) return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (dd > length[m] + (m == 2 && leap)) return 0;
    *day = daysFromCivil(y, m, dd);
    return 1;
}

static inline void append(Buffer *b, size_t n, char c) {
    if (n == b->capacity) {
        b->capacity = 2 * b->capacity + 64;
        b->bytes = realloc(b->bytes, b->capacity);
        if (!b->bytes) {
            perror("realloc");
            exit(70);
        }
    }
    b->bytes[n] = c;
}

// The field at p (quoted or not) unquoted into `b`; returns the byte after it (its terminator), or
// NULL if a quoted field does not close on its line.
static const char *readField(Buffer *b, const char *p, const char *end, size_t *length) {
    size_t n = 0;
    const char *q = p;
    if (q < end && *q == '"') {
        q++;
        for (;;) {
            if (q >= end || *q == '\n') return NULL;
            if (*q == '"') {
                if (q + 1 < end && q[1] == '"') q++;
                else break;
            }
            append(b, n++, *q++);
        }
        q++;  // the closing quote
    } else {
        while (q < end && *q != ',' && *q != '\n' && *q != '\r') {
            append(b, n++, *q++);
        }
    }
    *length = n;
    return q;
}

static const char *nextLine(const char *p, const char *end) {
    const char *n = memchr(p, '\n', end - p);
    return n ? n + 1 : end;
}

typedef struct {
    uint64_t k0, h;
    uint64_t k1;
    int32_t day;
    int64_t cents;
} Row;

// Adds buffered rows to their table (--partition-bits), prefetching 16 rows ahead.
static void drain(Table *t, Row *rows, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (i + 16 < n) { Entry *e = &t->slots[(rows[i + 16].h >> t->shift)]; __builtin_prefetch(e, 1); __builtin_prefetch((const char *)e + sizeof(Entry) - 1, 1); }
        add(findInline(t, rows[i].k0, rows[i].k1, rows[i].h), rows[i].day, rows[i].cents);
    }
}

static void *readPiece(void *argument) {
    Piece *piece = argument;
    const char *p = piece->start, *end = piece->end;
    tableInit(&piece->clients, 16);
    tableInit(&piece->managers, 8);  // 256 slots: the few managers rarely share one
    Buffer idText = {0}, managerText = {0};
    size_t rows = 0, bad = 0;
    uint64_t previousDate = 0;  // the previous row's date bytes 0 to 7 and 7 to 10 (its comma)
    uint32_t previousDateTail = 0;
    int32_t previousDay = 0;
    Row pending[2][batch];  // the batch being read, and the one before it, whose slots are on their way
    int waiting = 0, which = 0;
    Row **buffers = NULL; size_t *filled = NULL;
    if (partBits) {
        size_t P = (size_t)1 << partBits;
        piece->parts = calloc(P, sizeof(Table));
        buffers = malloc(P * sizeof(Row *)); filled = calloc(P, sizeof(size_t));
        for (size_t q = 0; q < P; q++) { tableInit(&piece->parts[q], 10); buffers[q] = malloc(bufferRows * sizeof(Row)); }
    }
    while (p < end || waiting) {
        Row *rowsHere = pending[which];
        int n = 0;
        while (n < batch && p < end) {
            const char *row = p;
            Row *r = &rowsHere[n];
            // The client id: its bytes as two words, or (quoted, long or holding a control byte)
            // unquoted into idText.
            size_t idLength = 0;
            uint64_t w0 = load64(p), w1 = load64(p + 8);
            unsigned length = fieldLength(w0, w1);
            if (length - 1 < inlineBytes && p[length] == ',' && *p != '"') {
                r->k0 = _bzhi_u64(w0, 8 * length);
                r->k1 = _bzhi_u64(w1, length > 8 ? 8 * (length - 8) : 0);
                p += length + 1;
            } else {
                const char *after = readField(&idText, p, end, &idLength);
                if (!after || after >= end || *after != ',' || idLength == 0) goto malformed;
                p = after + 1;
            }
            // The date.
            if (end - p < 11) goto malformed;
            uint64_t date = load64(p);
            uint32_t dateTail;
            memcpy(&dateTail, p + 7, 4);
            if (date != previousDate || dateTail != previousDateTail) {
                if (!parseDate(p, &previousDay)) {
                    previousDate = 0;
                    goto malformed;
                }
                previousDate = date;
                previousDateTail = dateTail;
            }
            r->day = previousDay;
            p += 11;
            // The amount: digits '.' two digits, up to 7 digits before the point, at once (a
            // word's digits converted by three multiplications); other shapes one digit at a time.
            int negative = *p == '-';
            p += negative;
            uint64_t value, a = load64(p);
            uint64_t nonDigits = ((a + 0x4646464646464646ULL) | (a - 0x3030303030303030ULL)) & 0x8080808080808080ULL;
            unsigned whole = _tzcnt_u64(nonDigits) >> 3;  // digits before the first other byte (8: none in the word)
            if (whole < 8 && p[whole] == '.' && (unsigned)(p[whole + 1] - '0') < 10 && (unsigned)(p[whole + 2] - '0') < 10) {
                uint64_t x = whole ? (a - 0x3030303030303030ULL) << (64 - 8 * whole) : 0;  // leading zeros
                x = (x * 10 + (x >> 8)) & 0x00FF00FF00FF00FFULL;
                x = (x * 100 + (x >> 16)) & 0x0000FFFF0000FFFFULL;
                x = (x * 10000 + (x >> 32)) & 0xFFFFFFFFULL;
                value = x * 100 + (p[whole + 1] - '0') * 10 + (p[whole + 2] - '0');
                p += whole + 3;
            } else {
                const char *digits = p;
                value = 0;
                while ((unsigned)(*p - '0') < 10) value = value * 10 + (*p++ - '0');
                size_t wholeDigits = p - digits, fraction = 0;
                if (*p == '.') {
                    const char *f = ++p;
                    while ((unsigned)(*p - '0') < 10) value = value * 10 + (*p++ - '0');
                    fraction = p - f;
                }
                if (wholeDigits + fraction == 0 || wholeDigits > 16 || fraction > 2 || p > end) goto malformed;
                value *= fraction == 2 ? 1 : fraction == 1 ? 10 : 100;
            }
            r->cents = negative ? -(int64_t)value : (int64_t)value;
            // The manager (none, two words, or unquoted into managerText), then the line's end.
            int managerKind = 0;
            uint64_t m0 = 0, m1 = 0;
            size_t managerLength = 0;
            if (p < end && *p == ',') {
                p++;
                m0 = load64(p), m1 = load64(p + 8);
                unsigned ml = fieldLength(m0, m1);
                if (ml < 16 && (p[ml] == '\n' || p[ml] == '\r' || p[ml] == ',') && *p != '"') {
                    managerKind = ml > 0;
                    m0 = _bzhi_u64(m0, 8 * ml);
                    m1 = _bzhi_u64(m1, ml > 8 ? 8 * (ml - 8) : 0);
                    p += ml;
                } else {
                    const char *after = readField(&managerText, p, end, &managerLength);
                    if (!after) goto malformed;
                    managerKind = managerLength ? 2 : 0;
                    p = after;
                }
            }
            if (p < end && *p == '\n') p++;
            else if (p < end && (*p == '\r' || *p == ',')) p = nextLine(p, end);
            else if (p < end) goto malformed;
            // A good row: add it.
            if (managerKind) {
                Entry *manager = managerKind == 1
                    ? findInline(&piece->managers, m0, m1, hashInline(m0, m1))
                    : findBytes(&piece->managers, managerText.bytes, managerLength);
                add(manager, r->day, r->cents);
            }
            if (idLength) add(findBytes(&piece->clients, idText.bytes, idLength), r->day, r->cents);
            else {  // its slot (both lines if the entry straddles two) is fetched while more rows are read
                r->h = hashInline(r->k0, r->k1);
                if (!partBits) {
                Entry *e = &piece->clients.slots[r->h >> piece->clients.shift];
                __builtin_prefetch(e, 1);
                __builtin_prefetch((const char *)e + sizeof(Entry) - 1, 1);
                }
                n++;
            }
            rows++;
            continue;
        malformed:
            bad++;
            p = nextLine(row, end);
        }
        if (partBits) {
            for (int i = 0; i < n; i++) {
                size_t q = rowsHere[i].h & (((size_t)1 << partBits) - 1);
                buffers[q][filled[q]++] = rowsHere[i];
                if (filled[q] == (size_t)bufferRows) { drain(&piece->parts[q], buffers[q], filled[q]); filled[q] = 0; }
            }
            if (p >= end) { for (size_t q = 0; q < ((size_t)1 << partBits); q++) { drain(&piece->parts[q], buffers[q], filled[q]); filled[q] = 0; } }
            continue;
        }
        // The previous batch's rows, whose slots were prefetched a batch ago, are added.
        Table *t = &piece->clients;
        Row *before = pending[!which];
        for (int i = 0; i < waiting; i++) add(findInline(t, before[i].k0, before[i].k1, before[i].h), before[i].day, before[i].cents);
        waiting = n;
        which = !which;
    }
    piece->rows = rows;
    piece->bad = bad;
    return NULL;
}

// Adds every entry of `from` to `into`.
static void merge(Table *into, const Table *from) {
    for (size_t i = 0; i < from->capacity; i++) {
        const Entry *e = &from->slots[i];
        if (!e->k0) continue;
        Entry *to;
        if (e->k0 & 0xFF) to = findInline(into, e->k0, e->k1, hashInline(e->k0, e->k1));
        else {
            uint32_t length;
            memcpy(&length, from->arena + e->k1, 4);
            to = findArena(into, from->arena + e->k1 + 4, length, e->k0);
        }
        to->rows += e->rows;
        to->cents = (int64_t)((uint64_t)to->cents + (uint64_t)e->cents);
        if (e->first < to->first) to->first = e->first;
        if (e->last > to->last) to->last = e->last;
    }
}

int main(int argc, char **argv) {
    const char *path = NULL;
    int threads = 2;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--partition-bits") && i + 1 < argc) partBits = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--buffer") && i + 1 < argc) bufferRows = atoi(argv[++i]);
        else if (!path) path = argv[i];
        else path = NULL, i = argc;
    }
    if (!path || threads < 1 || threads > maxThreads || partBits < 0 || partBits > 12 || bufferRows < 1) {
        fprintf(stderr, "usage: floor FILE [--threads N] [--partition-bits B --buffer K]   (1 <= N <= %d)\n", maxThreads);
        return 64;
    }
    double t0 = now();
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(path);
        return 66;
    }
    size_t size = st.st_size, page = sysconf(_SC_PAGESIZE), mapped = (size + page - 1) / page * page;
    // The file, then at least one page of zeros (anonymous), so that loads of 16 bytes near the end
    // read zeros rather than fault.
    char *base = mmap(NULL, mapped + page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED || (size && mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED)) {
        perror("mmap");
        return 66;
    }
    const char *end = base + size, *data = base;
    if (size >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) data += 3;
    const char *headerEnd = memchr(data, '\n', end - data);
    size_t headerLength = headerEnd ? (size_t)(headerEnd - data) : (size_t)(end - data);
    if (headerLength && data[headerLength - 1] == '\r') headerLength--;
    if (!((headerLength == 18 && !memcmp(data, "client,date,amount", 18)) ||
          (headerLength == 26 && !memcmp(data, "client,date,amount,manager", 26)))) {
        fprintf(stderr, "floor: the header is not client,date,amount[,manager]\n");
        return 65;
    }
    data = headerEnd ? headerEnd + 1 : end;
    Piece pieces[maxThreads];
    memset(pieces, 0, sizeof pieces);
    const char *start = data;
    for (int i = 0; i < threads; i++) {
        const char *cut = i == threads - 1 ? end : data + (end - data) * (i + 1) / threads;
        if (cut < start) cut = start;
        if (cut > data && cut < end && cut[-1] != '\n') cut = nextLine(cut, end);
        pieces[i].start = start;
        pieces[i].end = cut;
        start = cut;
    }
    pthread_t workers[maxThreads];
    for (int i = 1; i < threads; i++) pthread_create(&workers[i], NULL, readPiece, &pieces[i]);
    readPiece(&pieces[0]);
    for (int i = 1; i < threads; i++) pthread_join(workers[i], NULL);
    double t1 = now();
    size_t rows = pieces[0].rows, bad = pieces[0].bad;
    for (int i = 1; i < threads; i++) {
        rows += pieces[i].rows;
        bad += pieces[i].bad;
        merge(&pieces[0].clients, &pieces[i].clients);
        if (partBits) for (size_t q = 0; q < ((size_t)1 << partBits); q++) merge(&pieces[0].parts[q], &pieces[i].parts[q]);
        merge(&pieces[0].managers, &pieces[i].managers);
    }
    const Table *all = &pieces[0].clients;
    int64_t cents = 0;
    uint64_t checksum = 0;
    size_t clientCount = all->count;
    size_t P = partBits ? ((size_t)1 << partBits) + 1 : 1;
    for (size_t tq = 0; tq < P; tq++) {
    if (tq > 0) { all = &pieces[0].parts[tq - 1]; clientCount += all->count; }
    for (size_t s = 0; s < all->capacity; s++) {
        const Entry *e = &all->slots[s];
        if (!e->k0) continue;
        cents = (int64_t)((uint64_t)cents + (uint64_t)e->cents);
        uint64_t x = e->rows * 0x9E3779B97F4A7C15ULL + (uint64_t)e->cents * 0xC2B2AE3D27D4EB4FULL +
                     (uint64_t)(int64_t)e->first * 0x165667B19E3779F9ULL + (uint64_t)(int64_t)e->last * 0xD6E8FEB86659FD93ULL;
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ULL;
        checksum += x ^ (x >> 32);
    }
    }
    double t2 = now();
    printf("clients %zu rows %zu bad %zu cents %lld managers %zu checksum %016llx; read %.3f s, merge %.3f s, "
           "total %.3f s, %d threads\n",
           clientCount, rows, bad, (long long)cents, pieces[0].managers.count, (unsigned long long)checksum, t1 - t0,
           t2 - t1, t2 - t0, threads);
    return 0;
}
