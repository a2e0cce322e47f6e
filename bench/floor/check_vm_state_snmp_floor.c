/*
 * check_vm_state_snmp_floor.c - the "floor" for check_vm_state in SNMP mode.
 *
 * What check_vm_state does over SNMP and nothing else: a session set up as
 * virtcheck sets it up (snmp_floor.h), a GETBULK walk (max-repetitions 25)
 * of VMware's vmwVmEntry (1.3.6.1.4.1.6876.2.1.1), the rows grouped by
 * index, each VM's vmwVmState (column 6) read as virtcheck reads it (letters
 * only, any case: "poweredOn"/"on" running, "poweredOff"/"off" shut off,
 * "suspended" paused, anything else no state); WARNING for a paused VM or
 * one without a state, with their names.  The other columns come with the
 * walk, as for virtcheck, and are not looked at.  No selection, no
 * --expect rules, no per-VM lines.
 *
 * Build: cc -O2 -o check_vm_state_snmp_floor check_vm_state_snmp_floor.c \
 *            $(net-snmp-config --netsnmp-libs)
 * Usage: check_vm_state_snmp_floor -H HOST [-p PORT] -C COMMUNITY | -U USER -A PASS -X PASS
 * Exit:  1 if a VM is paused or without a state, 0 otherwise.
 */
#include <ctype.h>

#include "snmp_floor.h"

static const oid vmw_vm_entry[] = {1, 3, 6, 1, 4, 1, 6876, 2, 1, 1};
#define ENTRY_LEN OID_LENGTH(vmw_vm_entry)

enum { RUNNING, PAUSED, SHUTOFF, NOSTATE };

struct vm {
    oid index;
    char name[128];
    int state;
};

struct table {
    struct vm *rows;
    size_t n, cap;
};

static int state_of(const netsnmp_variable_list *v)
{
    char word[32];
    size_t n = 0;
    if (v->type != ASN_OCTET_STR) return NOSTATE;
    for (size_t i = 0; i < v->val_len && n < sizeof word - 1; i++)
        if (isalpha(v->val.string[i])) word[n++] = (char)tolower(v->val.string[i]);
    word[n] = '\0';
    if (strcmp(word, "poweredon") == 0 || strcmp(word, "on") == 0) return RUNNING;
    if (strcmp(word, "poweredoff") == 0 || strcmp(word, "off") == 0) return SHUTOFF;
    if (strcmp(word, "suspended") == 0) return PAUSED;
    return NOSTATE;
}

static void each(void *data, const netsnmp_variable_list *v)
{
    struct table *t = data;
    if (v->name_length != ENTRY_LEN + 2) return;
    oid column = v->name[ENTRY_LEN], index = v->name[ENTRY_LEN + 1];
    if (column != 2 && column != 6) return;
    struct vm *vm = NULL;
    for (size_t i = t->n; i-- > 0;)
        if (t->rows[i].index == index) {
            vm = &t->rows[i];
            break;
        }
    if (!vm) {
        if (t->n == t->cap) {
            t->cap = t->cap ? 2 * t->cap : 32;
            t->rows = realloc(t->rows, t->cap * sizeof *t->rows);
            if (!t->rows) floor_fail(STATE_UNKNOWN, "out of memory");
        }
        vm = &t->rows[t->n++];
        vm->index = index;
        vm->name[0] = '\0';
        vm->state = NOSTATE;
    }
    if (column == 2)
        floor_text(v, vm->name, sizeof vm->name);
    else
        vm->state = state_of(v);
}

int main(int argc, char **argv)
{
    struct floor_options o;
    floor_prefix = "VM_STATE";
    floor_parse(argc, argv, &o);

    void *handle = floor_open(&o);
    struct table t = {NULL, 0, 0};
    floor_walk(handle, vmw_vm_entry, OID_LENGTH(vmw_vm_entry), each, &t);
    snmp_sess_close(handle);

    unsigned count[4] = {0, 0, 0, 0};
    char bad[1024] = "";
    size_t len = 0;
    for (size_t i = 0; i < t.n; i++) {
        count[t.rows[i].state]++;
        if (t.rows[i].state == PAUSED || t.rows[i].state == NOSTATE) {
            int w = snprintf(bad + len, sizeof bad - len, "%s%s %s", len ? ", " : "",
                             t.rows[i].name[0] ? t.rows[i].name : "?",
                             t.rows[i].state == PAUSED ? "paused" : "nostate");
            if (w > 0 && (size_t)w < sizeof bad - len) len += (size_t)w;
        }
    }
    unsigned warn = count[PAUSED] + count[NOSTATE];
    printf("VM_STATE %s - %u of %zu VMs WARNING%s%s; %u running, %u paused, %u shutoff"
           " | 'running'=%u;;;0 'blocked'=0;;;0 'paused'=%u;;;0 'shutdown'=0;;;0 'shutoff'=%u;;;0"
           " 'crashed'=0;;;0 'pmsuspended'=0;;;0 'vms'=%zu;;;0\n",
           warn ? "WARNING" : "OK", warn, t.n, warn ? ": " : "", bad, count[RUNNING], count[PAUSED],
           count[SHUTOFF], count[RUNNING], count[PAUSED], count[SHUTOFF], t.n);
    free(t.rows);
    return warn ? STATE_WARNING : STATE_OK;
}
