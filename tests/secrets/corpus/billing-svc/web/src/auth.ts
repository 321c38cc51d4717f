export const OKTA_CLIENT_ID = '0oaq0cSTRW7zkE4Socp5';
export const OKTA_ISSUER = 'https://tally.okta.invalid/oauth2/default';
