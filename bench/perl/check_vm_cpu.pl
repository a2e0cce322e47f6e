#!/usr/bin/perl
# check_vm_cpu in Perl: what a plugin author would write with Sys::Virt and
# Monitoring::Plugin (Debian: libsys-virt-perl, libmonitoring-plugin-perl).
#
# Same work as virtcheck's check_vm_cpu in its state-file mode: read-only
# connection with prompts refused, the running VMs' state, CPU and vCPU stats
# in one get_all_domain_stats call (NOWAIT, again without it when the driver
# refuses the flag) and, when no running VM has "cpu.time" (the test driver),
# get_info and get_vcpu_info per VM.  The counters are kept in a Storable
# state file in the temporary directory ($TMPDIR, else /tmp); CPU use in % of
# the VM's vCPUs (and steal/wait per vCPU where the driver gives them) is the
# difference to the previous run.  Perfdata per VM.
use strict;
use warnings;

use Digest::MD5 qw(md5_hex);
use File::Spec;
use Monitoring::Plugin;
use Storable qw(nstore retrieve);
use Sys::Virt;
use Time::HiRes qw(time);

my $np = Monitoring::Plugin->new(
    shortname => 'VM_CPU',
    usage     => 'Usage: %s --uri URI [-w PERCENT] [-c PERCENT]',
    blurb     => 'CPU use of each running virtual machine',
);
$np->add_arg(spec => 'uri|u=s',      help => 'libvirt connection URI', required => 1);
$np->add_arg(spec => 'warning|w=s',  help => 'warning range for the CPU use, in %');
$np->add_arg(spec => 'critical|c=s', help => 'critical range for the CPU use, in %');
$np->add_arg(spec => 'top=i',        help => 'busiest VMs named in the summary', default => 3);
$np->getopts;
my $uri = $np->opts->uri;
$np->set_thresholds(warning => $np->opts->warning, critical => $np->opts->critical);

sub error_message {
    my ($e) = @_;
    return ref $e && $e->can('message') ? $e->message : "$e";
}

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

my $state_file = File::Spec->catfile(File::Spec->tmpdir, 'check_vm_cpu-' . substr(md5_hex($uri), 0, 16) . '.stor');
my $previous = -r $state_file ? eval { retrieve($state_file) } : undef;

# {key => {name, vcpus, cpu, delay => [...], wait => [...]}} of the running VMs.
sub read_vms {
    my $groups = Sys::Virt::Domain::STATS_STATE | Sys::Virt::Domain::STATS_CPU_TOTAL | Sys::Virt::Domain::STATS_VCPU;
    my $active = Sys::Virt::Domain::GET_ALL_STATS_ACTIVE;
    my @records = eval { $conn->get_all_domain_stats($groups, undef, $active | Sys::Virt::Domain::GET_ALL_STATS_NOWAIT) };
    if (my $e = $@) {
        die $e unless ref $e && ($e->code == Sys::Virt::Error::ERR_INVALID_ARG
                                 || $e->code == Sys::Virt::Error::ERR_NO_SUPPORT);
        @records = $conn->get_all_domain_stats($groups, undef, $active);
    }
    my @running = grep { ($_->{data}{'state.state'} // -1) == Sys::Virt::Domain::STATE_RUNNING } @records;
    my $bulk = grep { exists $_->{data}{'cpu.time'} } @running;
    my %vms;
    for my $record (@running) {
        my ($dom, $data) = @$record{qw(dom data)};
        my %vm = (name => $dom->get_name);
        if ($bulk) {
            $vm{cpu}   = $data->{'cpu.time'};
            $vm{vcpus} = $data->{'vcpu.current'} // 0;
            for my $field (qw(delay wait)) {
                my @values = map { $data->{"vcpu.$_.$field"} } 0 .. $vm{vcpus} - 1;
                $vm{$field} = \@values if @values && !grep { !defined } @values;
            }
        } else {    # the driver has no bulk CPU stats: ask each VM
            my $info = $dom->get_info;
            @vm{qw(cpu vcpus)} = @$info{qw(cpuTime nrVirtCpu)};
            my @vcpus = $dom->get_vcpu_info;    # per-vCPU times; no steal or wait here
        }
        $vms{ $dom->get_uuid_string . '/' . $dom->get_id } = \%vm if defined $vm{cpu};
    }
    return \%vms;
}

my $now = time;
my $vms = eval { read_vms() };
$np->plugin_exit(UNKNOWN, "reading VM statistics from $uri failed (" . error_message($@) . ')') unless $vms;
undef $conn;

my $temporary = "$state_file.$$";
nstore({time => $now, vms => $vms}, $temporary);
rename $temporary, $state_file or $np->plugin_exit(UNKNOWN, "cannot write $state_file: $!");

my $count = keys %$vms;
$np->add_perfdata(label => 'vms', value => $count, min => 0);
if (!$previous) {
    $np->plugin_exit(OK, "$count VMs; first sample stored, rates from the next run");
}

my $seconds = $now - $previous->{time};
$seconds = 1e-6 if $seconds < 1e-6;
my @measured;
for my $key (sort { $vms->{$a}{name} cmp $vms->{$b}{name} } keys %$vms) {
    my ($vm, $before) = ($vms->{$key}, $previous->{vms}{$key});
    next if !$before || !$vm->{vcpus} || $vm->{cpu} < $before->{cpu};    # new or restarted
    my $cpu = ($vm->{cpu} - $before->{cpu}) / $seconds / 1e9 / $vm->{vcpus} * 100;
    $cpu = 100 if $cpu > 100;
    push @measured, [$cpu, $vm->{name}];
    $np->add_message($np->check_threshold($cpu), sprintf '%s %.1f%%', $vm->{name}, $cpu);
    $np->add_perfdata(label => "$vm->{name}_cpu", value => sprintf('%.1f', $cpu), uom => '%',
                      threshold => $np->threshold, min => 0, max => 100);
    for my $pair ([delay => 'steal'], [wait => 'wait']) {
        my ($field, $label) = @$pair;
        next unless $vm->{$field} && $before->{$field} && @{ $vm->{$field} } == @{ $before->{$field} };
        my $sum = 0;
        for my $i (0 .. $#{ $vm->{$field} }) {
            my $p = ($vm->{$field}[$i] - $before->{$field}[$i]) / $seconds / 1e9 * 100;
            $sum += $p > 100 ? 100 : $p;
        }
        $np->add_perfdata(label => "$vm->{name}_$label", value => sprintf('%.1f', $sum / @{ $vm->{$field} }),
                          uom => '%', min => 0, max => 100);
    }
}
@measured = sort { $b->[0] <=> $a->[0] } @measured;
my $top = join ', ', map { sprintf '%s %.1f%%', $_->[1], $_->[0] } grep { defined } @measured[0 .. $np->opts->top - 1];
$np->add_perfdata(label => 'cpu_max', value => sprintf('%.1f', @measured ? $measured[0][0] : 0),
                  uom => '%', min => 0, max => 100);
my ($code) = $np->check_messages;
$np->plugin_exit($code, "$count VMs; top: $top");
