import { Octokit } from '@octokit/rest';

const OAUTH_TOKEN = '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';
export const octokit = new Octokit({ auth: OAUTH_TOKEN });
