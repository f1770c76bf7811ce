/**
 * A machine-translation service for tests, speaking LibreTranslate's API as the API's
 * `libreTranslate` provider expects it: `POST /translate` with `{ q, source, target, format,
 * api_key }`. It "translates" by marking each text with its target language (`[am] Gala night`),
 * refuses the languages in `unsupported` with 400 as LibreTranslate does, and answers 500 while
 * `failing` is set.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TranslationRequest {
  q: string[];
  source: string;
  target: string;
  format: string;
  api_key?: string;
}

export interface TranslationServer {
  url: string;
  /** Every request it answered, in order. */
  requests: TranslationRequest[];
  /** Target languages it refuses, as a service without them does. */
  unsupported: Set<string>;
  failing: boolean;
  stop(): Promise<void>;
}

/** The text the server gives for `text` in `target`. */
export function machineDraft(text: string, target: string): string {
  return `[${target}] ${text}`;
}

async function body(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export async function startTranslationServer(options: { apiKey?: string } = {}): Promise<TranslationServer> {
  const state = { requests: [] as TranslationRequest[], unsupported: new Set<string>(), failing: false };
  const server = createServer(async (request, response) => {
    const answer = (status: number, json: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(json));
    };
    if (request.method !== 'POST' || request.url !== '/translate') return answer(404, { error: 'Not found' });
    const asked = (await body(request).catch(() => null)) as TranslationRequest | null;
    if (!asked) return answer(400, { error: 'Invalid request' });
    state.requests.push(asked);
    if (options.apiKey && asked.api_key !== options.apiKey) return answer(403, { error: 'Invalid API key' });
    if (state.failing) return answer(500, { error: 'Translation engine crashed' });
    if (state.unsupported.has(asked.target)) return answer(400, { error: `${asked.target} is not supported` });
    const texts = Array.isArray(asked.q) ? asked.q : [asked.q];
    answer(200, { translatedText: texts.map((text) => machineDraft(text, asked.target)) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get unsupported() {
      return state.unsupported;
    },
    get failing() {
      return state.failing;
    },
    set failing(value: boolean) {
      state.failing = value;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
