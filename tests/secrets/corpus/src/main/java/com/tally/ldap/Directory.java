package com.tally.ldap;

public final class Directory {
    private static final String BIND_DN = "cn=reader,dc=tally,dc=invalid";
    private static final String BIND_PASSWORD = "mdJvffLfmCQ!~K^*t9";
    private Directory() {}
}
