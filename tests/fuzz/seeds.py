#!/usr/bin/env python3
"""Writes the seed corpus of one fuzz target into a directory: the project's fixtures where
they are that target's input (recordings, XML, JSON, cgroup files), and a few inputs built
here where the input is binary (SNMP PDUs as BER) or carries a checksum (the state file).

  seeds.py TARGET DIR
"""
import glob
import hashlib
import os
import re
import struct
import sys

here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.join(here, '..', 'fixtures')


def files(*patterns):
    found = []
    for pattern in patterns:
        found += sorted(glob.glob(os.path.join(fixtures, pattern), recursive=True))
    return [open(path, 'rb').read() for path in found if os.path.isfile(path)]


def text(*items):
    return [item.encode() for item in items]


# --- the state file: "virtcheck-state 2", records, "end COUNT CHECKSUM" (FNV-1a 64 of what precedes)
def fnv1a64(data):
    h = 1469598103934665603
    for byte in data:
        h = ((h ^ byte) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def state_file(time, counters):
    body = f'virtcheck-state 2\ntime\t{time}\n' + ''.join(f'{k}\t{v}\n' for k, v in counters)
    return (body + f'end {len(counters)} {fnv1a64(body.encode()):016x}\n').encode()


# --- the history file: "virtcheck-history 2", owner, series and baselines, "end CHECKSUM"
def history_file(entries):
    body = 'virtcheck-history 2\nowner\tcheck_datastore 0123456789abcdef\n' + entries
    return (body + f'end {fnv1a64(body.encode()):016x}\n').encode()


# --- SNMP responses as BER, the PDU part of a message (what snmp_pdu_parse reads)
def ber_length(n):
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(raw)]) + raw


def tlv(tag, payload):
    return bytes([tag]) + ber_length(len(payload)) + payload


def integer(tag, n, signed=True):
    length = max(1, (n.bit_length() + 8) // 8) if signed else max(1, (n.bit_length() + 7) // 8 + 1)
    return tlv(tag, n.to_bytes(length, 'big', signed=signed))


def oid(dotted):
    arcs = [int(a) for a in dotted.split('.')]
    out = bytes([arcs[0] * 40 + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.insert(0, 0x80 | (arc & 0x7F))
            arc >>= 7
        out += bytes(chunk)
    return tlv(0x06, out)


def response(varbinds):
    body = b''.join(tlv(0x30, oid(name) + value) for name, value in varbinds)
    return tlv(0xA2, integer(0x02, 4711) + integer(0x02, 0) + integer(0x02, 0) + tlv(0x30, body))


snmp_pdus = [
    response([('1.3.6.1.2.1.1.1.0', tlv(0x04, b'Linux kvm1 6.1.0')), ('1.3.6.1.2.1.1.3.0', integer(0x43, 123456, False)),
              ('1.3.6.1.2.1.1.2.0', oid('1.3.6.1.4.1.8072.3.2.10'))]),
    response([('1.3.6.1.2.1.25.2.3.1.4.1', integer(0x02, 4096)), ('1.3.6.1.2.1.25.2.3.1.5.1', integer(0x02, -1610612736)),
              ('1.3.6.1.4.1.2021.4.20.0', integer(0x46, 2**62 + 1, False)), ('1.3.6.1.2.1.4.20.1.1.1', tlv(0x40, b'\x7f\x00\x00\x01')),
              ('1.3.6.1.2.1.2.2.1.10.1', integer(0x41, 2**32 - 1, False)), ('1.3.6.1.2.1.25.3.3.1.2.1', integer(0x42, 50, False))]),
    response([('1.3.6.1.4.1.6876.2.1.1.2.1', tlv(0x80, b'')), ('1.3.6.1.4.1.6876.2.1.1.3.1', tlv(0x81, b'')),
              ('1.3.6.1.4.1.6876.2.1.1.4.1', tlv(0x82, b'')), ('1.3.6.1.4.1.6876.2.1.1.5.1', tlv(0x05, b''))]),
]

domain_xml = text(
    "<domain type='kvm'><name>web1</name><devices>"
    "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/var/lib/libvirt/images/web1.qcow2'/>"
    "<target dev='vda' bus='virtio'/></disk>"
    "<disk type='block' device='disk'><source dev='/dev/vg/web1-data'/><target dev='vdb' bus='virtio'/></disk>"
    "<disk type='network' device='disk'><source protocol='rbd' name='pool/image'/><target dev='vdc'/></disk>"
    "<disk type='volume' device='disk'><source pool='default' volume='v1'/><target dev='vdd'/></disk>"
    "<interface type='network'><source network='default'/><target dev='vnet0'/></interface>"
    "</devices></domain>")

network_xml = text(
    "<network><name>default</name><bridge name='virbr0'/><ip address='192.168.122.1' netmask='255.255.255.0'>"
    "<dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip>"
    "<ip family='ipv6' address='fd00::1' prefix='64'><dhcp><range start='fd00::100' end='fd00::1ff'/></dhcp></ip>"
    "</network>")

snapshot_xml = text(
    "<domainsnapshot><name>pre-upgrade</name><state>running</state><creationTime>1700000000</creationTime>"
    "<domain type='kvm'><name>web1</name></domain></domainsnapshot>",
    "<domainsnapshot><name>x</name><creationTime>-9223372036854775808</creationTime></domainsnapshot>")

# --- the native libvirt client's replies (fuzz_libvirt_rpc): input = a byte choosing what runs
# (an index into fuzz::calls() of libvirt_rpc_calls.hpp, a collector after them, 250 the XML
# readers), a byte for the read size (0xff: whole reads), then what the daemon sends.
def libvirt_rpc_seeds():
    header = open(os.path.join(here, 'libvirt_rpc_calls.hpp')).read()
    calls = [int(n) for n in re.findall(r'\{(\d+), \[\]\(RemoteCalls& r\)', header)]
    collectors = int(re.search(r'switch \(which % (\d+)\)', header).group(1))  # run_collector's cases
    xml_procedures = {7, 14, 43, 186, 342}  # capabilities, domain, network, snapshot XML, domain capabilities
    skipped = {66, 1, 60}  # AUTH_LIST, CONNECT_OPEN, CONNECT_CLOSE: before and after a collector

    def seed(choice, daemon):
        return bytes([choice, 0xff]) + daemon

    def renumbered(message, serial):
        return message[:20] + struct.pack('>I', serial) + message[24:]

    out = []
    for path in sorted(glob.glob(os.path.join(fixtures, 'libvirt-rpc', '*.rpc'))):
        stream = open(path, 'rb').read()
        conversation, serial, at = b'', 0, 0
        while at + 28 <= len(stream):
            (length,) = struct.unpack_from('>I', stream, at)
            message = stream[at:at + length]
            at += length
            _, _, procedure, kind = struct.unpack_from('>IIiI', message, 4)
            if kind != 1:  # replies only
                continue
            out += [seed(i, renumbered(message, 0)) for i, p in enumerate(calls) if p == procedure]
            if procedure in xml_procedures:
                (size,) = struct.unpack_from('>I', message, 28)
                out.append(seed(250, message[32:32 + size]))
            if procedure not in skipped:
                conversation += renumbered(message, serial)
                serial += 1
        out += [seed(len(calls) + c, conversation) for c in range(collectors)]
    return out


seeds = {
    'range': [b'\x01' + s.encode() for s in
              ('10', '10:', '~:10', '10:20', '@10:20', '500ms', '10GiB:', '80%', '7d', '1h:7d', '@~:0', '-10:-5')],
    'version': text('9.0.0', '7.2', '8.0.2.1', '0', '18446744073709551615'),
    'render': text('web 01|x=1\nCRITICAL - fake', 'x\u2028y\u202edb\u0085', 'caf\u00e9') + [b'\xff\xfe\xc3'],
    'state_file': [state_file(1700000000.25, [('vm/5b0c/2/cpu', 179123456789), ('vm/5b0c/2/vcpu.0', 42)]),
                   state_file(5, []), b'virtcheck-state 1\ntime\t1\nkey\t5\n'],
    'history_file': [history_file('series\tpool/used\t107374182400\t3\n1767225600\t42949672960\n'
                                  '1767229200\t43000000000\n1767232800\t43100000000\n'
                                  'baseline\tvm/cpu\t1767232800\t300.0\t2\n0\t12\t4.5\t1.2\t3600\n'
                                  '167\t3\t80\t10\t900\n'),
                     history_file(''), b'virtcheck-history 1\nowner\tx\nend\n'],
    'cgroup': files('cgroup/tree/**/*.stat', 'cgroup/tree/**/*.pressure', 'cgroup/tree/**/*.max',
                    'cgroup/tree/**/memory.events') + text('41 23 0:38 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n',
                                                           'machine-qemu\\x2d1\\x2dweb.scope'),
    'container_names': files('cgroup/docker/**/config.v2.json', 'cgroup/podman/**/containers.json'),
    'auth_file': text('community = public\n', '# monitoring\nauth-password = a-u-t-h\npriv-password = p#r\n'),
    'snmp_tables': files('snmp/*.snmprec'),
    'snmp_value': snmp_pdus,
    'domain_xml': domain_xml + files('nodes/*.xml'),
    'network_xml': network_xml + files('nodes/storage-network.xml'),
    'snapshot_xml': snapshot_xml,
    'capabilities_xml': files('capabilities/*.xml'),
    'domain_stats': [bytes(range(64)), bytes(range(255, 0, -1)) * 2, b'\x01' * 200],
    'alert_output': text('VM_STATE CRITICAL - 1 of 8 VMs CRITICAL: web-03 crashed | a=1;;;0\n[CRITICAL] web-03\n',
                         'DISK OK: ok | /=1GB\nline\nmore | /var=2GB\n/home=3GB\n', 'PING OK', '') +
                    [b'x\r\nBcc: a@b\x1b[2J\xff'],
    'alert_config': text('[defaults]\ndatabase = "a.db"\nattempts = 3\nrenotify = "2h"\nnotify = ["ops"]\n'
                         '[notifier.ops]\ntype = "smtp"\nurl = "smtp://127.0.0.1:25"\nfrom = "v@k"\nto = ["o@e.org"]\n'
                         '[[service]]\nname = "s"\ncommand = ["check_vm_state", "--uri", "qemu:///system"]\n',
                         '[notifier.w]\ntype = "webhook"\nurl = "https://h/x"\ntemplate = \'{"text": "{{subject}}"}\'\n'
                         'headers = { X-A = "b" }\n[notifier.c]\ntype = "command"\ncommand = ["/bin/true"]\n'
                         'events = ["CRITICAL"]\n[notifier.m]\ntype = "sendmail"\nfrom = "a@b"\nto = ["c@d"]\n'
                         '[[service]]\nname = "s"\ncommand = ["x"]\ninterval = "5m"\nflap_changes = 4\n'),
    'security_xml': text("<domain type='kvm' id='1'><os firmware='efi'><loader secure='yes' type='pflash'>OVMF</loader>"
                         "</os><cpu mode='custom'><model>Skylake-Client-IBRS</model><feature policy='disable' name='ssbd'/>"
                         "</cpu><devices><graphics type='vnc' port='5900' listen='0.0.0.0'/></devices></domain>",
                         "<domainCapabilities><cpu><mode name='host-model' supported='yes'><model>EPYC</model>"
                         "<feature policy='require' name='ibpb'/></mode></cpu></domainCapabilities>",
                         "<capabilities><host><cpu><model>EPYC</model><feature name='virt-ssbd'/></cpu></host></capabilities>")
                    + files('nodes/security.xml'),
    'vsphere': files('vsphere/*.xml'),
    'vsphere_xml': files('vsphere/*.xml'),
    'libvirt_rpc': libvirt_rpc_seeds(),
    'volume_sums': [struct.pack('<3Q', 2**30, 2**40, 5), struct.pack('<2Q', 2**64 - 1, 1)],
}


# The native client's reader of the same XML.
seeds['native_security_xml'] = seeds['security_xml']


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in seeds:
        sys.exit(f'usage: seeds.py {{{",".join(sorted(seeds))}}} DIR')
    target, directory = sys.argv[1:]
    os.makedirs(directory, exist_ok=True)
    for seed in seeds[target]:
        with open(os.path.join(directory, 'seed-' + hashlib.sha1(seed).hexdigest()[:12]), 'wb') as out:
            out.write(seed)


if __name__ == '__main__':
    main()
