#!/usr/bin/perl
# check_hypervisor in Perl: what a plugin author would write with Sys::Virt
# and Monitoring::Plugin (Debian: libsys-virt-perl, libmonitoring-plugin-perl).
#
# Same work as virtcheck's check_hypervisor: read-only connection with prompts
# refused, get_type/get_version/get_library_version/get_hostname/
# get_node_info/num_of_domains, one Nagios output line.
# Sys::Virt installs a no-op libvirt error function when it loads, so libvirt
# prints nothing on stderr; errors arrive as Sys::Virt::Error exceptions.
use strict;
use warnings;

use Monitoring::Plugin;
use Sys::Virt;
use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC);

my $np = Monitoring::Plugin->new(
    shortname => 'HYPERVISOR',
    usage     => 'Usage: %s --uri URI',
    blurb     => 'Check a libvirt hypervisor',
);
$np->add_arg(spec => 'uri|u=s', help => 'libvirt connection URI', required => 1);
$np->getopts;
my $uri = $np->opts->uri;

sub version_string {
    my ($v) = @_;
    return sprintf '%d.%d.%d', int($v / 1000000), int($v / 1000) % 1000, $v % 1000;
}

sub error_message {
    my ($e) = @_;
    return ref $e && $e->can('message') ? $e->message : "$e";
}

my $start = clock_gettime(CLOCK_MONOTONIC);
my $conn = eval {
    Sys::Virt->new(
        uri      => $uri,
        readonly => 1,
        auth     => 1,
        credlist => [
            Sys::Virt::CRED_AUTHNAME, Sys::Virt::CRED_PASSPHRASE,
            Sys::Virt::CRED_ECHOPROMPT, Sys::Virt::CRED_NOECHOPROMPT,
            Sys::Virt::CRED_EXTERNAL,
        ],
        callback => sub { return -1 },    # never prompt
    );
};
if (!$conn) {
    $np->plugin_exit(CRITICAL,
        "hypervisor not running: cannot reach libvirt at $uri (" . error_message($@) . ')');
}

my ($type, $hv_version, $lib_version, $hostname, $info, $running);
eval {
    $type        = $conn->get_type;
    $hv_version  = $conn->get_version;
    $lib_version = $conn->get_library_version;
    $hostname    = $conn->get_hostname;
    $info        = $conn->get_node_info;
    $running     = $conn->num_of_domains;
    1;
} or $np->plugin_exit(UNKNOWN, "query failed on $uri (" . error_message($@) . ')');
my $elapsed = clock_gettime(CLOCK_MONOTONIC) - $start;
undef $conn;

my $cpus   = $info->{cpus};
my $memory = $info->{memory} * 1024;    # KiB -> B

$np->add_perfdata(label => 'time', value => sprintf('%.4f', $elapsed), uom => 's', min => 0);
$np->add_perfdata(label => 'vms_running', value => $running, min => 0);
$np->add_perfdata(label => 'cpus', value => $cpus, min => 0);
$np->add_perfdata(label => 'memory', value => $memory, uom => 'B', min => 0);
$np->plugin_exit(OK, sprintf('%s %s via libvirt %s on %s: %d CPUs, %.1f GiB memory, %d VM%s running',
    $type, version_string($hv_version), version_string($lib_version), $hostname,
    $cpus, $memory / 1024**3, $running, $running == 1 ? '' : 's'));
