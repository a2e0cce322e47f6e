#!/usr/bin/perl
# check_vm_state in Perl: what a plugin author would write with Sys::Virt and
# Monitoring::Plugin (Debian: libsys-virt-perl, libmonitoring-plugin-perl).
#
# Same work as virtcheck's check_vm_state with its default rules: read-only
# connection with prompts refused, the state of every VM in one
# get_all_domain_stats call (NOWAIT, again without it when the driver refuses
# the flag), get_autostart for each shut-off VM.  CRITICAL for a crashed VM or
# one paused by an I/O error or a guest crash, WARNING for any other paused VM
# or a shut-off one set to autostart; counts as perfdata.
use strict;
use warnings;

use Monitoring::Plugin;
use Sys::Virt;

my $np = Monitoring::Plugin->new(
    shortname => 'VM_STATE',
    usage     => 'Usage: %s --uri URI',
    blurb     => 'Check the state of each virtual machine',
);
$np->add_arg(spec => 'uri|u=s', help => 'libvirt connection URI', required => 1);
$np->getopts;
my $uri = $np->opts->uri;

sub error_message {
    my ($e) = @_;
    return ref $e && $e->can('message') ? $e->message : "$e";
}

my @states = (    # virDomainState order
    [nostate     => Sys::Virt::Domain::STATE_NOSTATE],  [running  => Sys::Virt::Domain::STATE_RUNNING],
    [blocked     => Sys::Virt::Domain::STATE_BLOCKED],  [paused   => Sys::Virt::Domain::STATE_PAUSED],
    [shutdown    => Sys::Virt::Domain::STATE_SHUTDOWN], [shutoff  => Sys::Virt::Domain::STATE_SHUTOFF],
    [crashed     => Sys::Virt::Domain::STATE_CRASHED],  [pmsuspended => Sys::Virt::Domain::STATE_PMSUSPENDED],
);
my %name_of = map { $_->[1] => $_->[0] } @states;
my %paused_by_failure = map { $_ => 1 } Sys::Virt::Domain::STATE_PAUSED_IOERROR, Sys::Virt::Domain::STATE_PAUSED_CRASHED;

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
    $np->plugin_exit(CRITICAL, "cannot reach libvirt at $uri (" . error_message($@) . ')');
}

my @records = eval {
    my @r = eval { $conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE, undef,
                                               Sys::Virt::Domain::GET_ALL_STATS_NOWAIT) };
    if (my $e = $@) {
        die $e unless ref $e && ($e->code == Sys::Virt::Error::ERR_INVALID_ARG
                                 || $e->code == Sys::Virt::Error::ERR_NO_SUPPORT);
        @r = $conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE, undef, 0);
    }
    @r;
};
$np->plugin_exit(UNKNOWN, "reading VM statistics from $uri failed (" . error_message($@) . ')') if $@;

my %count = map { $_->[0] => 0 } @states;
for my $record (@records) {
    my $state  = $record->{data}{'state.state'} // Sys::Virt::Domain::STATE_NOSTATE;
    my $reason = $record->{data}{'state.reason'} // 0;
    $count{ $name_of{$state} // 'nostate' }++;
    if ($state == Sys::Virt::Domain::STATE_CRASHED) {
        $np->add_message(CRITICAL, $record->{dom}->get_name . ' crashed');
    } elsif ($state == Sys::Virt::Domain::STATE_PAUSED) {
        $np->add_message($paused_by_failure{$reason} ? CRITICAL : WARNING, $record->{dom}->get_name . ' paused');
    } elsif ($state == Sys::Virt::Domain::STATE_SHUTOFF && $record->{dom}->get_autostart) {
        $np->add_message(WARNING, $record->{dom}->get_name . ' shutoff but set to autostart');
    }
}
undef @records;
undef $conn;

for my $state (@states[1 .. $#states]) {
    $np->add_perfdata(label => $state->[0], value => $count{ $state->[0] }, min => 0);
}
my $total = 0;
$total += $_ for values %count;
$np->add_perfdata(label => 'vms', value => $total, min => 0);
my $details = join ', ', map { "$count{$_->[0]} $_->[0]" } grep { $count{ $_->[0] } } @states;
my ($code, $message) = $np->check_messages(join => ', ');
$np->plugin_exit($code, $code == OK ? "$total VMs OK; $details" : "$message; $details");
