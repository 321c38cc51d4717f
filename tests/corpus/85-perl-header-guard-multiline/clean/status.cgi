#!/usr/bin/perl
# status.cgi - health page of the print server: queue length, disk, uptime.
use strict;
use warnings;
use CGI;
use JSON::PP qw(encode_json);
use Sys::Hostname qw(hostname);

my $q = CGI->new;
my %status = (host => hostname(), time => time());

sub queue_length {
    my $dir = '/var/spool/printd';
    opendir(my $dh, $dir) or return -1;
    my $n = grep { !/^\./ } readdir($dh);
    closedir($dh);
    return $n;
}

sub disk_free {
    my @df = split /\s+/, (`df -Pk /var/spool`)[1] // '';
    return $df[3] // -1;
}

$status{queue} = queue_length();
$status{disk_kb} = disk_free();
$status{uptime} = (split ' ', `cat /proc/uptime`)[0];

if ($q->param('verbose')) {
    my %extra = (mode => 'verbose', agent => $ENV{HTTP_USER_AGENT});
    $status{client} = { %extra };
}

my $fmt = $q->param('format') // 'json';
if ($fmt eq 'text') {
    print $q->header(-type => 'text/plain');
    print map { "$_: $status{$_}\n" } grep { !ref $status{$_} } sort keys %status;
} else {
    print $q->header(-type => 'application/json');
    print encode_json(\%status);
}
