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
    open(STDERR, ">&STDOUT");
    print "collector $collector:$port\n";
}
maint_session() if $ENV{LOGSHIP_VERBOSE};
my $sock = connect_collector();
my $tail = File::Tail->new(name => '/var/log/app/app.log', maxinterval => 5);
while (defined(my $line = $tail->read)) {
    print {$sock} $line;
}
