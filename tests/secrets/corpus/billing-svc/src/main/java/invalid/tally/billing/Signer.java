package invalid.tally.billing;

final class Signer {
    static final String KEY =
        "-----BEGIN PRIVATE KEY-----\n" +
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCOOQjlEMsfkVp3\n" +
        "MeUQvOzgeNrSNzpSaITenFSwUseQzlruWGhHIWOoHQFWuk6jV1Nka40k7pzbXu1q\n" +
        "tHorMpeLzLgGFBr+rmDL9GUemmWj8OItJAkuV1k6udiEgWLgs7mlsMvGjui5Id/z\n" +
        "wtnlraobhyq10siTpVXjP5vxQaUl9bXhYVxWt8aGuRTwJutFB7+XdCNZUCCqsNT2\n" +
        "XxVpdOWkuRRxyDeTwRp+mzuBojP8lXUaw7rxvQZR7RtA2sIsvsIKeavv68dOIblg\n" +
        "1jB5qsAWRWtKWq8zRcZhNoxVid6sjkTTbbclOF/MWqaxD1yoQuYB/Ohgk112VQtl\n" +
        "7W8axibhAgMBAAECggEAFGbPxQBG4GqQRiH1AJTWtrqkyoaxSeoECWT2lxaWLx+9\n" +
        "low9uoUVJSQIBvdnLseTnFz7RyLS2HstETio1R0xn78dtNgvKSfoQHROCc5PKe3K\n" +
        "RtHGXrdEAwhu1qSILmtJryAwkx/5TWQJGrrHBCCzPWCt5UhCjT996xaQWag3jGgU\n" +
        "k6vaekvDHTMFhLqtbpns9n3FYgRvftXm/KX4oZtFhbPZUIMH/f6KOji5peBK/tDg\n" +
        "tXAfICU/Dccr5HWJceNP7txWl3xuehHRRt8obgebSa6GhboiMYMw7ewfcu/h7E8f\n" +
        "JL9fTTxTvO1SVKRh7v5+ZMQWxIxiFabwKW1BfelRGwKBgQDI+VfSrHZ7uL3yNbzJ\n" +
        "4swsl7kpD4FmSLQq2vqBrH8kq/51lF99MgOgOGfQv+JuwGqtR/PCb30f5CEYS5O/\n" +
        "tiAqtJf9YsCyCtlkgNZJt6PK0xxciEcRVO8Xk6Ra6JYrqyjC++C+qwEOrbve4FyB\n" +
        "cLQc7lqBS7jjIu8xLwRZmD8kjwKBgQC1KbS1znJ3/GIFUkGpR6MDPvnvEgxyLYVT\n" +
        "jrhtIvR/Z8ifBwtgbwX20x7t849k5ihxTZYhjmg0hEY0WwNYEvY+EZM8c18DUDDh\n" +
        "jEkGkmQDxeG4q6qEfqA/f8azqxCtLWsPGshhzXvjkXpArfSia/g9P866jaYqAzPz\n" +
        "5rbBQO8VjwKBgGsvmOhSdOqtcBjjEio2XKCX1vgQPfpYYkbM/Xf1kOX1GUSKepch\n" +
        "+o8UJkJOZKye0QZT7qzPm1NL716uyEEiGGvOX5WTeqQ6ZxFUKXWtjJzbFTBAum6C\n" +
        "9vWDF9AoZhcqNRYxEf9+4pR6kk1fKdcbTeR0Ny7oPNZfRmTb550FNv//AoGAdhFw\n" +
        "TOz3fWtnFsC9Om4Nt5fbnAvPQLqaIhLp73bQkhg5kCsvJvI0mOCPT9VkpwW5Zd6C\n" +
        "8eu1zkRG3OhUDZqOEXWy17r5OVeSA+1Byp6twCe/LHP09dTw63GDNqVOgQ8Qrw9t\n" +
        "eRBKpc2yN2UoApMLfh+Pw9V9bfQYb+T1Ro3jQ9ECgYEAgL5+SVjuZHWnv5JhkA9S\n" +
        "unYk4aEl3/GcZOuvgh5v77cnu+PfhlzVltFnElBwpsuoXxir7A//W65zbyjv7xi9\n" +
        "wOJuQjO+PW51PSWGaRI7jq9DNy8qMyuXvVs0RgwEFiOZODWQAsECtWiKrjkYErRn\n" +
        "LbxKWCIPTbYkMiTuQ4qXnLw=\n" +
        "-----END PRIVATE KEY-----\n";
}
