import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './config.ts';
import { startTestApp, type TestApp } from './test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('the API reference', () => {
  it('serves the same OpenAPI document that is committed', async () => {
    const served = await t.app.inject({ method: 'GET', url: '/v1/openapi.json' });
    expect(served.statusCode).toBe(200);
    const committed = JSON.parse(await readFile(`${REPO_ROOT}openapi/openapi.json`, 'utf8'));
    expect(served.json()).toEqual(committed);
    expect(committed.openapi).toBe('3.1.0');
  });

  it('renders a readable reference at /docs', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger-ui');
  });

  it('names every operation for the SDK and documents its errors in the one shape', async () => {
    const document = JSON.parse(await readFile(`${REPO_ROOT}openapi/openapi.json`, 'utf8'));
    const operations = Object.values(document.paths as Record<string, Record<string, Record<string, unknown>>>).flatMap(
      (item) => Object.values(item),
    );
    expect(operations.length).toBeGreaterThan(25);
    for (const operation of operations) {
      // Digits too: getForm1099K names the IRS form as people write it.
      expect(operation.operationId).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(operation.summary).toBeTruthy();
      const responses = operation.responses as Record<string, { content?: Record<string, { schema: unknown }> }>;
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400)
          expect(response.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
  });
});
