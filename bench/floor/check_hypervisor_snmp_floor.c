/*
 * check_hypervisor_snmp_floor.c - the "floor" for check_hypervisor in SNMP mode.
 *
 * What check_hypervisor does over SNMP (lib/collect/snmp/host_probe.cpp) and
 * nothing else: a session set up as virtcheck sets it up (snmp_floor.h), one
 * GET of the 7 OIDs sysDescr, hrSystemUptime, sysUpTime, sysName and VMware's
 * product, version and build, one output line with the response time
 * (session open + GET) and the uptime.  No thresholds, no version check, no
 * watchdog, no sanitising of the agent's text.
 *
 * Build: cc -O2 -o check_hypervisor_snmp_floor check_hypervisor_snmp_floor.c \
 *            $(net-snmp-config --netsnmp-libs)
 * Usage: check_hypervisor_snmp_floor -H HOST [-p PORT] -C COMMUNITY | -U USER -A PASS -X PASS
 */
#include "snmp_floor.h"

static const oid sys_descr[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};
static const oid hr_system_uptime[] = {1, 3, 6, 1, 2, 1, 25, 1, 1, 0};
static const oid sys_uptime[] = {1, 3, 6, 1, 2, 1, 1, 3, 0};
static const oid sys_name[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
static const oid vmware_product[] = {1, 3, 6, 1, 4, 1, 6876, 1, 1, 0};
static const oid vmware_version[] = {1, 3, 6, 1, 4, 1, 6876, 1, 2, 0};
static const oid vmware_build[] = {1, 3, 6, 1, 4, 1, 6876, 1, 4, 0};

int main(int argc, char **argv)
{
    struct floor_options o;
    floor_prefix = "HYPERVISOR";
    floor_parse(argc, argv, &o);

    double t0 = floor_now();
    void *handle = floor_open(&o);
    netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET);
    snmp_add_null_var(pdu, sys_descr, OID_LENGTH(sys_descr));
    snmp_add_null_var(pdu, hr_system_uptime, OID_LENGTH(hr_system_uptime));
    snmp_add_null_var(pdu, sys_uptime, OID_LENGTH(sys_uptime));
    snmp_add_null_var(pdu, sys_name, OID_LENGTH(sys_name));
    snmp_add_null_var(pdu, vmware_product, OID_LENGTH(vmware_product));
    snmp_add_null_var(pdu, vmware_version, OID_LENGTH(vmware_version));
    snmp_add_null_var(pdu, vmware_build, OID_LENGTH(vmware_build));
    netsnmp_pdu *response = floor_request(handle, pdu);
    double elapsed = floor_now() - t0;

    /* The answer in the order asked: descr, hrSystemUptime, sysUpTime, name, product, version, build. */
    char text[7][256] = {{0}};
    double uptime = -1;
    int i = 0;
    for (netsnmp_variable_list *v = response->variables; v && i < 7; v = v->next_variable, i++) {
        floor_text(v, text[i], sizeof text[i]);
        if ((i == 1 || (i == 2 && uptime < 0)) && v->type == ASN_TIMETICKS)
            uptime = (double)(*v->val.integer & 0xffffffffUL) / 100.0;
    }
    snmp_free_pdu(response);
    snmp_sess_close(handle);
    if (i < 7) floor_fail(STATE_UNKNOWN, "the agent answered with fewer values than asked for");

    if (text[4][0])
        printf("HYPERVISOR OK - %s %s build %s on %s at %s answered in %.1f ms, up %.0f s"
               " | 'time'=%.6fs;;;0 'uptime'=%.2fs;;;0\n",
               text[4], text[5], text[6], text[3], floor_target, elapsed * 1e3, uptime, elapsed, uptime);
    else
        printf("HYPERVISOR OK - SNMP agent (%s) on %s at %s answered in %.1f ms, up %.0f s"
               " | 'time'=%.6fs;;;0 'uptime'=%.2fs;;;0\n",
               text[0], text[3], floor_target, elapsed * 1e3, uptime, elapsed, uptime);
    return STATE_OK;
}
