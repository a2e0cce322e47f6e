/*
 * libvirt_floor.h - what every libvirt floor does before its own queries, the way virtcheck
 * does it: libvirt's error printing off, "[--uri] URI" read, a read-only connection opened
 * with every prompt refused.
 */
#ifndef VIRTCHECK_LIBVIRT_FLOOR_H
#define VIRTCHECK_LIBVIRT_FLOOR_H

#include <stdio.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static void quiet_error(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}

static int refuse_auth(virConnectCredentialPtr cred, unsigned int ncred, void *data)
{
    (void)cred;
    (void)ncred;
    (void)data;
    return -1;
}

static const char *last_error(void)
{
    const char *msg = virGetLastErrorMessage();
    return msg ? msg : "unknown error";
}

/* The URI of "[--uri] URI"; NULL, after a usage line on stderr, for anything else. */
static const char *floor_uri(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--uri") == 0)
        return argv[2];
    if (argc == 2)
        return argv[1];
    fprintf(stderr, "usage: %s [--uri] URI\n", argv[0]);
    return NULL;
}

/* A read-only connection as virtcheck opens it; NULL when it fails (see last_error()). */
static virConnectPtr floor_open(const char *uri)
{
    virSetErrorFunc(NULL, quiet_error);
    int credtypes[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE, VIR_CRED_ECHOPROMPT,
                       VIR_CRED_NOECHOPROMPT, VIR_CRED_EXTERNAL};
    virConnectAuth auth = {credtypes, sizeof(credtypes) / sizeof(credtypes[0]), refuse_auth, NULL};
    return virConnectOpenAuth(uri, &auth, VIR_CONNECT_RO);
}

#endif
