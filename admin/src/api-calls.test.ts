import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The admin calls the API only through @accessplus/sdk (lib/server/api.ts), so that a renamed path,
// a missing parameter or a wrong body is a compile error rather than a failure in front of a person.

const SDK_CALL = /\.(GET|POST|PUT|PATCH|DELETE)\(\s*$/;

/** What in one file's source reaches the API around the SDK, as `line: problem`. */
function violations(source: string): string[] {
  const found: string[] = [];
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  for (const match of source.matchAll(/\bcallApi\b/g)) {
    found.push(`${lineOf(match.index)}: callApi is gone; call the API through adminApi and apiResult`);
  }
  for (const match of source.matchAll(/\bAPI_URL\b/g)) {
    found.push(`${lineOf(match.index)}: only lib/server/api.ts knows where the API is`);
  }
  for (const match of source.matchAll(/(['"`])\/v1\//g)) {
    const typedPath = match[1] !== '`' && SDK_CALL.test(source.slice(Math.max(0, match.index - 20), match.index));
    if (!typedPath) found.push(`${lineOf(match.index)}: an API path built by hand; pass the path template to the SDK`);
  }
  return found;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|svelte)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('calls to the API', () => {
  it('are recognized when they go around the SDK', () => {
    expect(violations("await callApi(fetch, '/v1/events', { token });")).toHaveLength(2);
    expect(violations('await fetch(`/v1/events/` + id, { headers });')).toHaveLength(1);
    expect(violations("await fetch(new URL('/v1/orders', env.API_URL));")).toHaveLength(2);
    expect(violations("api.POST('/v1/events/{event_id}/tiers', { params: { path } })")).toEqual([]);
    expect(violations("api.GET(\n      '/v1/events',\n    )")).toEqual([]);
  });

  it('go through @accessplus/sdk everywhere in the admin', () => {
    const root = import.meta.dirname;
    const found = sourceFiles(root).flatMap((path) => {
      const where = relative(root, path);
      const source = readFileSync(path, 'utf8');
      // The one place that knows the API's address and builds the client.
      const checked = where === join('lib', 'server', 'api.ts') ? source.replace(/\bAPI_URL\b/g, '') : source;
      return violations(checked).map((problem) => `${where}:${problem}`);
    });
    expect(found).toEqual([]);
  });
});
