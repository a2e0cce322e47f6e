/*
 * check_host_cpu_snmp_floor.c - the "floor" for check_host_cpu in SNMP mode.
 *
 * What check_host_cpu does over SNMP and nothing else: a session set up as
 * virtcheck sets it up (snmp_floor.h), a GETBULK walk (max-repetitions 25)
 * of hrProcessorLoad (1.3.6.1.2.1.25.3.3.1.2), the average and the busiest
 * CPU, one output line with perfdata.  No thresholds, no watchdog.
 *
 * Build: cc -O2 -o check_host_cpu_snmp_floor check_host_cpu_snmp_floor.c \
 *            $(net-snmp-config --netsnmp-libs)
 * Usage: check_host_cpu_snmp_floor -H HOST [-p PORT] -C COMMUNITY | -U USER -A PASS -X PASS
 * Exit:  0, or 3 when the agent has no processor load in 0..100.
 */
#include "snmp_floor.h"

static const oid hr_processor_load[] = {1, 3, 6, 1, 2, 1, 25, 3, 3, 1, 2};

struct loads {
    unsigned cpus;
    double sum, busiest;
    oid busiest_index;
};

static void each(void *data, const netsnmp_variable_list *v)
{
    struct loads *l = data;
    if (v->type != ASN_INTEGER || v->name_length <= OID_LENGTH(hr_processor_load)) return;
    long percent = *v->val.integer;
    if (percent < 0 || percent > 100) return;
    l->cpus++;
    l->sum += (double)percent;
    if ((double)percent > l->busiest || l->cpus == 1) {
        l->busiest = (double)percent;
        l->busiest_index = v->name[OID_LENGTH(hr_processor_load)];
    }
}

int main(int argc, char **argv)
{
    struct floor_options o;
    floor_prefix = "HOST_CPU";
    floor_parse(argc, argv, &o);

    void *handle = floor_open(&o);
    struct loads l = {0, 0, 0, 0};
    floor_walk(handle, hr_processor_load, OID_LENGTH(hr_processor_load), each, &l);
    snmp_sess_close(handle);
    if (!l.cpus) floor_fail(STATE_UNKNOWN, "the agent has no hrProcessorLoad");

    double average = l.sum / l.cpus;
    printf("HOST_CPU OK - CPU %.1f%% average over %u CPUs, busiest %.1f%% (hrDeviceIndex %lu)"
           " | 'used'=%g%%;;;0;100 'busiest'=%g%%;;;0;100 'cpus'=%u;;;0\n",
           average, l.cpus, l.busiest, (unsigned long)l.busiest_index, average, l.busiest, l.cpus);
    return STATE_OK;
}
