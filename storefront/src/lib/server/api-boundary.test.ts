import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The storefront reaches the API only through @accessplus/sdk, so that a renamed path or a wrong
 * body fails `pnpm typecheck`. Two ways around it are refused here:
 * - calling `fetch(` on the server anywhere but the client factory (`lib/server/api.ts`), which
 *   gives the SDK its fetch; the browser's own posts to this page's actions are not the API's;
 * - an API path (`/v1/…`) anywhere but as the typed path of an SDK call, `api.GET('/v1/…', …)`.
 */
const source = fileURLToPath(new URL('../..', import.meta.url));
const CLIENT_FACTORY = 'lib/server/api.ts';

const SERVER_FILE = /(^|\/)(lib\/server\/|hooks\.server\.ts$|\+(page|layout)\.server\.ts$|\+server\.ts$)/;
const FETCH_CALL = /\bfetch\s*\(/g;
const API_PATH = /\/v1\//g;
// The path argument of a path-based SDK call, typed against the OpenAPI document's paths.
const TYPED_PATH_CALL = /\.(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE)\(\s*['"]$/;

/** Where a file reaches the API around the SDK: `line: text` of each such place. */
function callsAroundTheSdk(file: string, text: string): string[] {
  const found: string[] = [];
  const place = (index: number) => {
    const line = text.slice(0, index).split('\n').length;
    return `${file}:${line}: ${text.split('\n')[line - 1]?.trim()}`;
  };
  if (SERVER_FILE.test(file) && file !== CLIENT_FACTORY) {
    for (const match of text.matchAll(FETCH_CALL)) found.push(place(match.index));
  }
  for (const match of text.matchAll(API_PATH)) {
    if (!TYPED_PATH_CALL.test(text.slice(Math.max(0, match.index - 40), match.index))) found.push(place(match.index));
  }
  return found;
}

function sourceFiles(): string[] {
  return readdirSync(source, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => /\.(ts|js|svelte)$/.test(file) && !/\.test\.ts$/.test(file));
}

describe('calls to the API', () => {
  it('all go through the typed SDK client', () => {
    const files = sourceFiles();
    expect(files).toContain(CLIENT_FACTORY);
    expect(files).toContain('routes/events/[id]/+page.server.ts');
    const found = files.flatMap((file) => callsAroundTheSdk(file, readFileSync(path.join(source, file), 'utf8')));
    expect(found).toEqual([]);
  });

  it('would catch a fetch of its own or a path built by hand', () => {
    const handBuilt = `const response = await fetch(\`\${env.API_URL}/v1/public/organizers/\${slug}\`);
return apiGet(fetch, '/v1/public/events/' + id);
const path = \`/v1/public/organizers/\${encodeURIComponent(slug)}/orders\`;
await api.request('get', \`/v1/public/events/\${id}\`);`;

    expect(callsAroundTheSdk('routes/events/[id]/+page.server.ts', handBuilt)).toEqual([
      // The fetch of its own, then each hand-built path.
      expect.stringContaining(':1: const response = await fetch('),
      expect.stringContaining(':1: const response'),
      expect.stringContaining(':2: return apiGet'),
      expect.stringContaining(':3: const path'),
      expect.stringContaining(':4: await api.request'),
    ]);
  });

  it('lets typed SDK calls and the page’s own posts from the browser be', () => {
    const typed = [
      "await api.GET('/v1/public/organizers/{slug}/orders/{order_id}/tickets/{ticket_id}/qr.svg', { params });",
      'await api.POST(\n  "/v1/public/organizers/{slug}/quote",\n  { params, body },\n);',
      'await api.getCatalogEvent({ params: { path: { event_id } } });',
    ].join('\n');
    const ownAction = "const response = await fetch(new URL('?/quote', window.location.href));";

    expect(callsAroundTheSdk('routes/orders/[id]/+page.server.ts', typed)).toEqual([]);
    expect(callsAroundTheSdk('routes/events/[id]/+page.svelte', ownAction)).toEqual([]);
  });
});
