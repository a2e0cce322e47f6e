/*
 * raw_rpc_floor.c - the raw-protocol floor: the libvirt calls of check_hypervisor,
 * check_vm_state or check_vm_cpu sent as libvirt's RPC messages (XDR, remote program
 * 0x20008086 version 1) over the daemon's unix socket, by hand, and one output line.
 *
 * No libvirt, no checks of what comes back beyond the status word, no timeout, no error
 * texts: the least any client can do for these answers, against which virtcheck's native
 * client is measured.  Static, so that not even the loader's relocations count.
 *
 * Build: cc -O2 -static -o raw_rpc_floor raw_rpc_floor.c
 * Usage: raw_rpc_floor hypervisor|vm_state|vm_cpu [SOCKET]   (default /run/libvirt/libvirt-sock-ro)
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

enum { AUTH_LIST = 66, OPEN = 1, CLOSE = 2, GET_TYPE = 3, GET_VERSION = 4, NODE_INFO = 6, NUM_DOMAINS = 51,
       GET_HOSTNAME = 59, GET_LIB_VERSION = 157, ALL_DOMAIN_STATS = 344 };

static int fd;
static uint32_t serial;
static unsigned char buf[1 << 22]; /* 4 MiB: enough for the stats of a thousand VMs */
static size_t len, at;             /* the reply's length and read position */

static void put32(unsigned char *p, uint32_t v) { v = htonl(v); memcpy(p, &v, 4); }
static uint32_t u32(void) { uint32_t v; memcpy(&v, buf + at, 4); at += 4; return ntohl(v); }
static uint64_t u64(void) { uint64_t hi = u32(); return hi << 32 | u32(); }
static const char *str(uint32_t *n) { *n = u32(); const char *s = (char *)buf + at; at += (*n + 3) & ~3u; return s; }

static int read_all(unsigned char *to, size_t n)
{
    for (ssize_t r; n > 0; to += r, n -= (size_t)r)
        if ((r = read(fd, to, n)) <= 0) return -1;
    return 0;
}

/* One call with `args` (n bytes of XDR); the reply's payload is then at buf + at. */
static int call(int procedure, const unsigned char *args, size_t n)
{
    unsigned char msg[256];
    uint32_t head[] = {28 + (uint32_t)n, 0x20008086, 1, (uint32_t)procedure, 0, ++serial, 0};
    for (int i = 0; i < 7; i++) put32(msg + 4 * i, head[i]);
    memcpy(msg + 28, args, n);
    if (write(fd, msg, 28 + n) != (ssize_t)(28 + n) || read_all(buf, 4) < 0) return -1;
    at = 0;
    len = u32();
    if (len < 28 || len > sizeof buf || read_all(buf + 4, len - 4) < 0) return -1;
    at = 24;
    return u32() == 0 ? 0 : -1; /* status */
}

static int call0(int procedure) { return call(procedure, NULL, 0); }

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "hypervisor";
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", argc > 2 ? argv[2] : "/run/libvirt/libvirt-sock-ro");
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        printf("%s CRITICAL - cannot connect to %s\n", mode, addr.sun_path);
        return 2;
    }
    /* CONNECT_OPEN: name "qemu:///system" (an optional string), flags read-only. */
    unsigned char open_args[28] = {0};
    put32(open_args, 1), put32(open_args + 4, 14), memcpy(open_args + 8, "qemu:///system", 14), put32(open_args + 24, 1);
    if (call0(AUTH_LIST) < 0 || call(OPEN, open_args, sizeof open_args) < 0) return 3;

    if (strcmp(mode, "hypervisor") == 0) {
        uint32_t n, cpus;
        char type[32], host[256];
        uint64_t version, lib_version, memory;
        if (call0(GET_TYPE) < 0) return 3;
        const char *s = str(&n);
        snprintf(type, sizeof type, "%.*s", (int)n, s);
        if (call0(GET_VERSION) < 0) return 3;
        version = u64();
        if (call0(GET_LIB_VERSION) < 0) return 3;
        lib_version = u64();
        if (call0(GET_HOSTNAME) < 0) return 3;
        s = str(&n);
        snprintf(host, sizeof host, "%.*s", (int)n, s);
        if (call0(NODE_INFO) < 0) return 3;
        at += 32 * 4; /* char model[32], one XDR word per char */
        memory = u64();
        cpus = u32();
        if (call0(NUM_DOMAINS) < 0) return 3;
        uint32_t running = u32();
        printf("HYPERVISOR OK - %s %llu via libvirt %llu on %s: %u CPUs, %llu KiB memory, %u VMs running"
               " | 'vms_running'=%u;;;0 'cpus'=%u;;;0 'memory'=%lluB;;;0\n",
               type, (unsigned long long)version, (unsigned long long)lib_version, host, cpus,
               (unsigned long long)memory, running, running, cpus, (unsigned long long)memory * 1024);
    } else {
        /* GET_ALL_DOMAIN_STATS: no domains given, the groups, NOWAIT (| ACTIVE for CPU). */
        int cpu = strcmp(mode, "vm_cpu") == 0;
        unsigned char args[12] = {0};
        put32(args + 4, cpu ? 1 | 2 | 8 : 1), put32(args + 8, (1u << 29) | (cpu ? 1 : 0));
        if (call(ALL_DOMAIN_STATS, args, sizeof args) < 0) return 3;
        uint32_t vms = u32(), running = 0, n;
        uint64_t cpu_ns = 0;
        for (uint32_t i = 0; i < vms; i++) {
            str(&n), at += 16 + 4; /* name, uuid, id */
            for (uint32_t p = 0, params = u32(); p < params; p++) {
                const char *field = str(&n);
                int is_state = n == 11 && memcmp(field, "state.state", 11) == 0;
                int is_cpu = n == 8 && memcmp(field, "cpu.time", 8) == 0;
                uint32_t type = u32();
                uint64_t value = type == 3 || type == 4 ? u64() : type == 5 ? (at += 8, 0) : type == 7 ? (str(&n), 0) : u32();
                if (is_state && value == 1) running++;
                if (is_cpu) cpu_ns += value;
            }
        }
        if (cpu)
            printf("VM_CPU OK - %u VMs running, %.1f s CPU time | 'vms'=%u;;;0\n", vms, cpu_ns / 1e9, vms);
        else
            printf("VM_STATE OK - %u VMs, %u running | 'running'=%u;;;0 'vms'=%u;;;0\n", vms, running, running, vms);
    }
    call0(CLOSE);
    return 0;
}
