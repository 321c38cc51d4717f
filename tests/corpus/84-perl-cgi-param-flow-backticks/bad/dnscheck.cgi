#!/usr/bin/perl
# dnscheck.cgi - small intranet page that shows what a name resolves to.
use strict;
use warnings;
use CGI qw(-utf8);
use HTML::Entities qw(encode_entities);

my %TYPES = map { $_ => 1 } qw(A AAAA MX NS TXT CNAME);
my $q = CGI->new;

sub page {
    my ($title, $body) = @_;
    print $q->header(-type => 'text/html', -charset => 'utf-8');
    print "<!doctype html><title>", encode_entities($title), "</title>\n";
    print "<h1>", encode_entities($title), "</h1>\n", $body;
}

my $name = $q->param('name') // '';
my $type = uc($q->param('type') // 'A');
$type = 'A' unless $TYPES{$type};

if ($name eq '') {
    page('DNS check', '<form><input name="name"> <select name="type">'
        . join('', map { "<option>$_</option>" } sort keys %TYPES)
        . '</select> <button>Look up</button></form>');
    exit 0;
}

my $opts = "+short +time=2 +tries=1";
my $query = join ' ', $opts, $type, $name;
my @answers = `dig $query 2>&1`;
chomp @answers;
my $html = @answers
    ? '<ul>' . join('', map { '<li>' . encode_entities($_) . '</li>' } @answers) . '</ul>'
    : '<p>No answer.</p>';
page("$type records for $name", $html);
