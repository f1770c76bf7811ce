import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A file that came with a message, decoded. */
export interface ReceivedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** A message as the SMTP server received it: envelope, decoded headers, both parts and the attachments. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** The authenticated SMTP user. */
  user: string | undefined;
  headers: Record<string, string>;
  text: string;
  html: string;
  attachments: ReceivedAttachment[];
  raw: string;
}

export interface TestSmtpServer {
  /** `smtp://user:password@127.0.0.1:<port>` */
  url: string;
  /** What the server accepted, in order (a message counts once the server has answered 250). */
  received: ReceivedMail[];
  /** How long the server takes to accept each message once it has all of it, like a busy provider. */
  acceptDelayMs: number;
  stop(): Promise<void>;
}

/**
 * A real SMTP server on a free port that requires the given login, as a mail provider does.
 * Plain SMTP without STARTTLS: the test has no certificate the client would trust.
 */
export async function startSmtpServer(
  login = { user: 'accessplus', password: 'smtp-secret' },
  options: { acceptDelayMs?: number } = {},
): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const state = { acceptDelayMs: options.acceptDelayMs ?? 0 };
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === login.user && auth.password === login.password) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const accept = () => {
          // Kept even when the client has gone meanwhile: the server has the message either way.
          received.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
            },
            user: typeof session.user === 'string' ? session.user : undefined,
            ...parseMessage(raw),
            raw,
          });
          callback();
        };
        if (state.acceptDelayMs > 0) setTimeout(accept, state.acceptDelayMs);
        else accept();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${encodeURIComponent(login.user)}:${encodeURIComponent(login.password)}@127.0.0.1:${port}`,
    received,
    get acceptDelayMs() {
      return state.acceptDelayMs;
    },
    set acceptDelayMs(ms: number) {
      state.acceptDelayMs = ms;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Enough MIME for what nodemailer sends: folded headers, encoded words, multipart/alternative and /mixed. */
function parseMessage(raw: string): Pick<ReceivedMail, 'headers' | 'text' | 'html' | 'attachments'> {
  const { headers, body } = splitEntity(raw);
  const parts = { text: '', html: '', attachments: [] as ReceivedAttachment[] };
  const collect = (entityHeaders: Record<string, string>, entityBody: string) => {
    const type = entityHeaders['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.startsWith('multipart/') && boundary) {
      for (const section of entityBody.split(`--${boundary}`).slice(1)) {
        if (section.startsWith('--')) break;
        const part = splitEntity(section.replace(/^\r\n/, ''));
        collect(part.headers, part.body);
      }
      return;
    }
    const encoding = entityHeaders['content-transfer-encoding'] ?? '7bit';
    const disposition = entityHeaders['content-disposition'] ?? '';
    if (disposition.startsWith('attachment')) {
      parts.attachments.push({
        filename: /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? '',
        contentType: type,
        content: decodeBytes(entityBody, encoding),
      });
      return;
    }
    const decoded = decodeBody(entityBody, encoding);
    if (type.startsWith('text/html')) parts.html = decoded;
    else if (type.startsWith('text/plain')) parts.text = decoded;
  };
  collect(headers, body);
  return { headers, ...parts };
}

function splitEntity(entity: string): { headers: Record<string, string>; body: string } {
  const end = entity.indexOf('\r\n\r\n');
  const head = end === -1 ? entity : entity.slice(0, end);
  const body = end === -1 ? '' : entity.slice(end + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_word, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedBytes(text.replace(/_/g, ' ')),
    );
}

function decodeBytes(body: string, encoding: string): Buffer {
  const trimmed = body.replace(/\r\n$/, '');
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(trimmed.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return Buffer.from(decodeQuotedBytes(trimmed.replace(/=\r\n/g, '')), 'utf8');
    default:
      return Buffer.from(trimmed, 'utf8');
  }
}

function decodeBody(body: string, encoding: string): string {
  const trimmed = body.replace(/\r\n$/, '');
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(trimmed.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuotedBytes(trimmed.replace(/=\r\n/g, '')).replace(/\r\n/g, '\n');
    default:
      return trimmed.replace(/\r\n/g, '\n');
  }
}

function decodeQuotedBytes(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
