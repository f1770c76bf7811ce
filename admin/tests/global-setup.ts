/**
 * One production build of the admin for every browser test file of the run: each file's stack
 * runs it as `node build` is run in production, rather than a dev server of its own compiling
 * each page the first time it is asked for. The API's words are compiled once here too, for the
 * API each file starts.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildApp, compileApiMessages } from '../../scripts/e2e-processes';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The `pnpm …` arguments that run the admin's production build. */
    adminBuild: string[];
  }
}

export default async function setup(project: TestProject) {
  const dir = `node_modules/.e2e-build/run-${process.pid}`;
  await compileApiMessages();
  project.provide('adminBuild', await buildApp('@accessplus/admin', dir));
  return async () => {
    await rm(path.join(import.meta.dirname, '..', dir), { recursive: true, force: true });
  };
}
