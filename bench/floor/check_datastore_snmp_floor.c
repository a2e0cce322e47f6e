/*
 * check_datastore_snmp_floor.c - the "floor" for check_datastore in SNMP mode.
 *
 * What check_datastore does over SNMP and nothing else: a session set up as
 * virtcheck sets it up (snmp_floor.h), a GETBULK walk (max-repetitions 25)
 * of hrStorageEntry (1.3.6.1.2.1.25.2.3.1), the rows grouped by index; on
 * ESXi (an area under /vmfs/volumes/) only those areas, elsewhere fixed and
 * network disks; areas without an allocation unit skipped, repeated rows
 * counted once, a row with a missing column or implausible sizes (the
 * Integer32 wrap of a volume over 2 TB) counted as UNKNOWN.  One line with
 * the fullest datastore and two perfdata values per datastore.  No
 * selection, no thresholds, no per-datastore text.
 *
 * Build: cc -O2 -o check_datastore_snmp_floor check_datastore_snmp_floor.c \
 *            $(net-snmp-config --netsnmp-libs)
 * Usage: check_datastore_snmp_floor -H HOST [-p PORT] -C COMMUNITY | -U USER -A PASS -X PASS
 * Exit:  3 if a chosen row cannot be measured, 0 otherwise.
 */
#include "snmp_floor.h"

static const oid hr_storage_entry[] = {1, 3, 6, 1, 2, 1, 25, 2, 3, 1};
#define ENTRY_LEN OID_LENGTH(hr_storage_entry)

struct area {
    oid index;
    oid type; /* last arc of hrStorageType: 4 fixed disk, 10 network disk */
    char descr[256];
    long units, size, used;
    unsigned have; /* bit n: column n was answered with an INTEGER */
};

struct table {
    struct area *rows;
    size_t n, cap;
};

static void each(void *data, const netsnmp_variable_list *v)
{
    struct table *t = data;
    if (v->name_length != ENTRY_LEN + 2) return;
    oid column = v->name[ENTRY_LEN], index = v->name[ENTRY_LEN + 1];
    struct area *a = NULL;
    for (size_t i = t->n; i-- > 0;)
        if (t->rows[i].index == index) {
            a = &t->rows[i];
            break;
        }
    if (!a) {
        if (t->n == t->cap) {
            t->cap = t->cap ? 2 * t->cap : 16;
            t->rows = realloc(t->rows, t->cap * sizeof *t->rows);
            if (!t->rows) floor_fail(STATE_UNKNOWN, "out of memory");
        }
        a = &t->rows[t->n++];
        memset(a, 0, sizeof *a);
        a->index = index;
    }
    switch (column) {
    case 2:
        if (v->type == ASN_OBJECT_ID && v->val_len >= sizeof(oid)) a->type = v->val.objid[v->val_len / sizeof(oid) - 1];
        break;
    case 3: floor_text(v, a->descr, sizeof a->descr); break;
    case 4:
    case 5:
    case 6:
        if (v->type == ASN_INTEGER) {
            long value = *v->val.integer;
            if (column == 4) a->units = value;
            if (column == 5) a->size = value;
            if (column == 6) a->used = value;
            a->have |= 1u << column;
        }
        break;
    }
}

int main(int argc, char **argv)
{
    struct floor_options o;
    floor_prefix = "DATASTORE";
    floor_parse(argc, argv, &o);

    void *handle = floor_open(&o);
    struct table t = {NULL, 0, 0};
    floor_walk(handle, hr_storage_entry, OID_LENGTH(hr_storage_entry), each, &t);
    snmp_sess_close(handle);

    int esxi = 0;
    for (size_t i = 0; i < t.n; i++)
        if (strncmp(t.rows[i].descr, "/vmfs/volumes/", 14) == 0) esxi = 1;

    size_t cap = 64 + t.n * 600, len = 0;
    char *perf = malloc(cap);
    if (!perf) floor_fail(STATE_UNKNOWN, "out of memory");
    perf[0] = '\0';
    unsigned chosen = 0, unknown = 0;
    double fullest = -1;
    const char *fullest_name = "";
    for (size_t i = 0; i < t.n; i++) {
        struct area *a = &t.rows[i];
        if (esxi ? strncmp(a->descr, "/vmfs/volumes/", 14) != 0 : a->type != 4 && a->type != 10) continue;
        if ((a->have & 0x70) == 0x70 && a->units == 0) continue; /* a CD-ROM: nothing to measure */
        int dup = 0; /* some agents list the same area twice */
        for (size_t j = 0; j < i && !dup; j++)
            dup = t.rows[j].type == a->type && strcmp(t.rows[j].descr, a->descr) == 0 &&
                  t.rows[j].have == a->have && t.rows[j].size == a->size && t.rows[j].used == a->used;
        if (dup) continue;
        chosen++;
        int w;
        if ((a->have & 0x70) != 0x70 || a->units < 0 || a->size < 0 || a->used < 0 || a->used > a->size) {
            unknown++;
            w = snprintf(perf + len, cap - len, " '%.200s_used_percent'=U;;;0;100 '%.200s_free'=U;;;0", a->descr,
                         a->descr);
        } else {
            unsigned long long size = (unsigned long long)a->size * (unsigned long long)a->units;
            unsigned long long used = (unsigned long long)a->used * (unsigned long long)a->units;
            double percent = size ? (double)used * 100.0 / (double)size : 0;
            if (percent > fullest) {
                fullest = percent;
                fullest_name = a->descr;
            }
            w = snprintf(perf + len, cap - len, " '%.200s_used_percent'=%g%%;;;0;100 '%.200s_free'=%lluB;;;0;%llu",
                         a->descr, percent, a->descr, size - used, size);
        }
        if (w > 0 && (size_t)w < cap - len) len += (size_t)w;
    }
    int rc = unknown ? STATE_UNKNOWN : STATE_OK;
    printf("DATASTORE %s - %u datastores, %u of them not measurable; fullest: %s %.1f%% |%s\n",
           rc ? "UNKNOWN" : "OK", chosen, unknown, fullest_name, fullest < 0 ? 0 : fullest, perf);
    free(perf);
    free(t.rows);
    return rc;
}
