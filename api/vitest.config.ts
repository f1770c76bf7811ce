import { execFileSync } from 'node:child_process';
import { defineConfig } from 'vitest/config';

// The emails' and tickets' words, compiled from messages/*.json before any test imports them.
execFileSync('pnpm', ['run', '--silent', 'i18n'], { stdio: 'inherit' });

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/test/global-setup.ts'],
    pool: 'forks',
    // Two files at a time even on two cores: much of a file's time is spent waiting on PostgreSQL,
    // Redis and timers, not on this process's CPU.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
