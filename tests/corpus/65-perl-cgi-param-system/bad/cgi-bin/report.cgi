#!/usr/bin/perl
# Monthly usage report for the hosting control panel.
use strict;
use warnings;
use CGI;
use POSIX qw(strftime);

my $q = CGI->new;
my $month = $q->param('month') // strftime('%Y-%m', localtime);
if ($month !~ /^\d{4}-\d{2}$/) {
    print $q->header(-status => 400), "bad month\n";
    exit;
}

my %usage;
open(my $fh, '<', "/var/lib/panel/usage-$month.tsv") or die "no data for $month\n";
while (my $line = <$fh>) {
    chomp $line;
    my ($user, $mb) = split /\t/, $line;
    $usage{$user} += $mb;
}
close $fh;
if (defined $q->param('fmt')) {
    system("/usr/bin/panel-export " . $q->param('fmt'));
}
print $q->header('text/plain');
printf "%-20s %10d MB\n", $_, $usage{$_} for sort keys %usage;
