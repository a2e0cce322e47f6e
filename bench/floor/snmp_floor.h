/*
 * snmp_floor.h - shared by the SNMP floors (check_*_snmp_floor.c).
 *
 * net-snmp's single-session API set up exactly as virtcheck's SNMP backend
 * sets it up (lib/collect/snmp/module/session.cpp): no configuration files,
 * no persistent files, no host files, no MIBs (MIBS empty), init_snmp,
 * snmp_sess_open, synchronous requests; v3 keys localised from the
 * passwords with generate_Ku.  A walk is GETBULK with non-repeaters 0 and
 * max-repetitions 25, continued from the last OID until the answer leaves
 * the subtree or reaches endOfMibView, refusing OIDs that do not increase.
 *
 * Options: the ones virtcheck's SNMP mode takes, so that the benchmark gives
 * both programs the same command line:
 *   -H HOST -p PORT  -C COMMUNITY  -P 1|2c|3  -U USER  -L LEVEL
 *   -a AUTHPROTO -A AUTHPASS  -x PRIVPROTO -X PRIVPASS  -t SECONDS  -e RETRIES
 * The security level follows from the passwords given, as in virtcheck;
 * -t is divided over the tries as virtcheck divides it (80 % of -t over
 * retries + 1 tries, at least 50 ms per try).
 *
 * Left out: SNMP v1 (GETNEXT walks, noSuchName retries), IPv6 peers, the
 * auth file and the environment variables, sanitising the agent's text.
 *
 * Build (each floor): cc -O2 -o F F.c $(net-snmp-config --netsnmp-libs)
 */
#ifndef SNMP_FLOOR_H
#define SNMP_FLOOR_H

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { STATE_OK = 0, STATE_WARNING = 1, STATE_CRITICAL = 2, STATE_UNKNOWN = 3 };

struct floor_options {
    const char *host, *community, *user, *level;
    const char *auth_proto, *auth_pass, *priv_proto, *priv_pass;
    long version; /* SNMP_VERSION_2c or SNMP_VERSION_3 */
    unsigned port, retries;
    double timeout;
};

/* What the floor prints before its status word ("HYPERVISOR", "HOST_CPU", ...). */
static const char *floor_prefix = "SNMP";
/* "host:port", for the messages. */
static char floor_target[300];

static void floor_usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s -H HOST [-p PORT] (-C COMMUNITY | -U USER [-A PASS [-X PASS]]) [-P 2c|3] [-L LEVEL]\n"
            "       [-a SHA|MD5|...] [-x AES|DES|...] [-t SECONDS] [-e RETRIES]\n",
            argv0);
    exit(STATE_UNKNOWN);
}

static void floor_parse(int argc, char **argv, struct floor_options *o)
{
    const char *protocol = NULL;
    memset(o, 0, sizeof *o);
    o->port = 161;
    o->retries = 2;
    o->timeout = 10;
    o->auth_proto = "SHA";
    o->priv_proto = "AES";
    int c;
    while ((c = getopt(argc, argv, "H:p:C:P:U:L:a:A:x:X:t:e:")) != -1) {
        switch (c) {
        case 'H': o->host = optarg; break;
        case 'p': o->port = (unsigned)atoi(optarg); break;
        case 'C': o->community = optarg; break;
        case 'P': protocol = optarg; break;
        case 'U': o->user = optarg; break;
        case 'L': o->level = optarg; break;
        case 'a': o->auth_proto = optarg; break;
        case 'A': o->auth_pass = optarg; break;
        case 'x': o->priv_proto = optarg; break;
        case 'X': o->priv_pass = optarg; break;
        case 't': o->timeout = atof(optarg); break;
        case 'e': o->retries = (unsigned)atoi(optarg); break;
        default: floor_usage(argv[0]);
        }
    }
    if (!o->host || optind != argc) floor_usage(argv[0]);
    if (!protocol) protocol = o->user ? "3" : "2c";
    if (strcmp(protocol, "2c") == 0 && o->community)
        o->version = SNMP_VERSION_2c;
    else if (strcmp(protocol, "3") == 0 && o->user)
        o->version = SNMP_VERSION_3;
    else
        floor_usage(argv[0]);
    snprintf(floor_target, sizeof floor_target, "%s:%u", o->host, o->port);
}

static inline double floor_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void floor_fail(int state, const char *what)
{
    printf("%s %s - %s\n", floor_prefix, state == STATE_CRITICAL ? "CRITICAL" : "UNKNOWN", what);
    exit(state);
}

/* Localised keys from the passwords, as virtcheck (and snmpget -a/-A/-x/-X) does. */
static void floor_set_keys(netsnmp_session *s, const struct floor_options *o)
{
    size_t auth_len = 0, priv_len = 0;
    int auth_type = usm_lookup_auth_type(o->auth_proto);
    oid *auth_oid = auth_type < 0 ? NULL : sc_get_auth_oid(auth_type, &auth_len);
    if (!auth_oid) floor_fail(STATE_UNKNOWN, "unknown authentication protocol");
    s->securityAuthProto = auth_oid;
    s->securityAuthProtoLen = auth_len;
    s->securityAuthKeyLen = USM_AUTH_KU_LEN;
    if (generate_Ku(auth_oid, auth_len, (const u_char *)o->auth_pass, strlen(o->auth_pass), s->securityAuthKey,
                    &s->securityAuthKeyLen) != SNMPERR_SUCCESS)
        floor_fail(STATE_UNKNOWN, "cannot derive the authentication key");
    if (s->securityLevel != SNMP_SEC_LEVEL_AUTHPRIV) return;
    int priv_type = usm_lookup_priv_type(o->priv_proto);
    oid *priv_oid = priv_type < 0 ? NULL : sc_get_priv_oid(priv_type, &priv_len);
    if (!priv_oid) floor_fail(STATE_UNKNOWN, "unknown privacy protocol");
    s->securityPrivProto = priv_oid;
    s->securityPrivProtoLen = priv_len;
    s->securityPrivKeyLen = USM_PRIV_KU_LEN;
    if (generate_Ku(auth_oid, auth_len, (const u_char *)o->priv_pass, strlen(o->priv_pass), s->securityPrivKey,
                    &s->securityPrivKeyLen) != SNMPERR_SUCCESS)
        floor_fail(STATE_UNKNOWN, "cannot derive the privacy key");
}

/* init_snmp and snmp_sess_open, as lib/collect/snmp/module/session.cpp does them. */
static void *floor_open(const struct floor_options *o)
{
    setenv("MIBS", "", 1);
    setenv("MIBDIRS", "/nonexistent", 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_LOAD_HOST_FILES, 1);
    snmp_disable_log();
    init_snmp("floor");

    char peer[320];
    snprintf(peer, sizeof peer, "udp:%s", floor_target);
    netsnmp_session s;
    snmp_sess_init(&s);
    s.peername = peer;
    s.retries = (int)o->retries;
    double per_try = o->timeout * 0.8 / (o->retries + 1);
    s.timeout = (long)((per_try < 0.05 ? 0.05 : per_try) * 1e6);
    s.version = o->version;
    if (o->version != SNMP_VERSION_3) {
        s.community = (u_char *)o->community;
        s.community_len = strlen(o->community);
    } else {
        s.securityName = (char *)o->user;
        s.securityNameLen = strlen(o->user);
        if (o->level)
            s.securityLevel = strcmp(o->level, "authPriv") == 0     ? SNMP_SEC_LEVEL_AUTHPRIV
                              : strcmp(o->level, "authNoPriv") == 0 ? SNMP_SEC_LEVEL_AUTHNOPRIV
                                                                    : SNMP_SEC_LEVEL_NOAUTH;
        else
            s.securityLevel = o->priv_pass   ? SNMP_SEC_LEVEL_AUTHPRIV
                              : o->auth_pass ? SNMP_SEC_LEVEL_AUTHNOPRIV
                                             : SNMP_SEC_LEVEL_NOAUTH;
        if (s.securityLevel != SNMP_SEC_LEVEL_NOAUTH) floor_set_keys(&s, o);
    }
    void *handle = snmp_sess_open(&s);
    if (!handle) {
        char *text = NULL, what[512];
        int lib = 0, sys = 0;
        snmp_error(&s, &lib, &sys, &text);
        snprintf(what, sizeof what, "cannot open an SNMP session to %s: %s", floor_target, text ? text : "?");
        free(text);
        floor_fail(STATE_UNKNOWN, what);
    }
    return handle;
}

/* One request; the answer, or a status line and exit. */
static netsnmp_pdu *floor_request(void *handle, netsnmp_pdu *pdu)
{
    netsnmp_pdu *response = NULL;
    int status = snmp_sess_synch_response(handle, pdu, &response);
    char what[512];
    if (status == STAT_SUCCESS && response) {
        if (response->errstat == SNMP_ERR_NOERROR) return response;
        snprintf(what, sizeof what, "the SNMP agent at %s answered with %s", floor_target,
                 snmp_errstring((int)response->errstat));
        snmp_free_pdu(response);
        floor_fail(STATE_UNKNOWN, what);
    }
    int lib = 0, sys = 0;
    char *text = NULL;
    snmp_sess_error(handle, &lib, &sys, &text);
    if (lib == 0) lib = snmp_errno;
    snprintf(what, sizeof what, "%s %s: %s",
             status == STAT_TIMEOUT || lib == SNMPERR_TIMEOUT ? "no answer from the SNMP agent at"
                                                               : "SNMP request failed at",
             floor_target, text ? text : "?");
    free(text);
    if (response) snmp_free_pdu(response);
    floor_fail(status == STAT_TIMEOUT || lib == SNMPERR_TIMEOUT ? STATE_CRITICAL : STATE_UNKNOWN, what);
    return NULL;
}

/* Every object below subtree, in order, handed to each(); returns how many. */
static inline size_t floor_walk(void *handle, const oid *subtree, size_t subtree_len,
                                void (*each)(void *data, const netsnmp_variable_list *v), void *data)
{
    oid last[MAX_OID_LEN];
    size_t last_len = subtree_len, rows = 0;
    memcpy(last, subtree, subtree_len * sizeof(oid));
    for (;;) {
        netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GETBULK);
        pdu->non_repeaters = 0;
        pdu->max_repetitions = 25;
        snmp_add_null_var(pdu, last, last_len);
        netsnmp_pdu *response = floor_request(handle, pdu);
        int more = 0;
        for (netsnmp_variable_list *v = response->variables; v; v = v->next_variable) {
            if (v->type == SNMP_ENDOFMIBVIEW || v->name_length < subtree_len ||
                snmp_oidtree_compare(subtree, subtree_len, v->name, v->name_length) != 0) {
                snmp_free_pdu(response);
                return rows;
            }
            if (snmp_oid_compare(last, last_len, v->name, v->name_length) >= 0 || v->name_length > MAX_OID_LEN) {
                snmp_free_pdu(response);
                floor_fail(STATE_UNKNOWN, "the SNMP agent returned OIDs out of order");
            }
            memcpy(last, v->name, v->name_length * sizeof(oid));
            last_len = v->name_length;
            each(data, v);
            rows++;
            more = 1;
        }
        snmp_free_pdu(response);
        if (!more) return rows;
    }
}

/* An OCTET STRING value as a C string (truncated to size - 1). */
static inline void floor_text(const netsnmp_variable_list *v, char *buf, size_t size)
{
    size_t n = 0;
    if (v->type == ASN_OCTET_STR) {
        n = v->val_len < size - 1 ? v->val_len : size - 1;
        memcpy(buf, v->val.string, n);
    }
    buf[n] = '\0';
}

#endif
