import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local server that answers AWS Certificate Manager's JSON protocol (`X-Amz-Target:
 * CertificateManager.*`, `application/x-amz-json-1.1`) for the calls the API makes: request,
 * describe and delete a certificate. The real `@aws-sdk/client-acm` is pointed at it with its
 * `endpoint` option and static test credentials. Tests move certificates along by hand: `issue`,
 * `fail`, `endsOn`.
 */
export interface FakeAcm {
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Every certificate asked for, by ARN. */
  certificates: Map<string, FakeCertificate>;
  /** Each call's operation name, in order. */
  calls: string[];
  /** The certificate for `hostname`, if one was asked for. */
  certificateFor(hostname: string): FakeCertificate | undefined;
  issue(hostname: string, notAfter?: Date): void;
  fail(hostname: string, reason: string): void;
  close(): Promise<void>;
}

export interface FakeCertificate {
  arn: string;
  domainName: string;
  idempotencyToken: string | undefined;
  status: 'PENDING_VALIDATION' | 'ISSUED' | 'FAILED';
  notAfter: Date | null;
  renewalStatus: string | null;
  failureReason: string | null;
  deleted: boolean;
}

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

export async function startFakeAcm(): Promise<FakeAcm> {
  const certificates = new Map<string, FakeCertificate>();
  const calls: string[] = [];

  const failure = (response: http.ServerResponse, status: number, type: string, message: string) => {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
    response.end(JSON.stringify({ __type: type, message }));
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.replace(/^CertificateManager\./, '');
      calls.push(operation);
      if (!String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 Credential=AKIATESTACCESSKEY/')) {
        return failure(
          response,
          400,
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
        );
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const ok = (body: unknown) => {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
        response.end(JSON.stringify(body));
      };
      if (operation === 'RequestCertificate') {
        const domainName = String(input.DomainName ?? '');
        const token = input.IdempotencyToken as string | undefined;
        if (input.ValidationMethod !== 'DNS') {
          return failure(response, 400, 'ValidationException', 'Only DNS validation is served here.');
        }
        const same = [...certificates.values()].find(
          (certificate) => token && certificate.idempotencyToken === token && certificate.domainName === domainName,
        );
        if (same) return ok({ CertificateArn: same.arn });
        const arn = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/${randomUUID()}`;
        certificates.set(arn, {
          arn,
          domainName,
          idempotencyToken: token,
          status: 'PENDING_VALIDATION',
          notAfter: null,
          renewalStatus: null,
          failureReason: null,
          deleted: false,
        });
        return ok({ CertificateArn: arn });
      }
      const certificate = certificates.get(String(input.CertificateArn ?? ''));
      if (!certificate || certificate.deleted) {
        return failure(
          response,
          400,
          'ResourceNotFoundException',
          `Could not find certificate ${input.CertificateArn}.`,
        );
      }
      if (operation === 'DescribeCertificate') {
        const digest = createHash('sha256').update(certificate.domainName).digest('hex');
        return ok({
          Certificate: {
            CertificateArn: certificate.arn,
            DomainName: certificate.domainName,
            Status: certificate.status,
            Type: 'AMAZON_ISSUED',
            ...(certificate.notAfter ? { NotAfter: certificate.notAfter.getTime() / 1000 } : {}),
            ...(certificate.failureReason ? { FailureReason: certificate.failureReason } : {}),
            ...(certificate.renewalStatus ? { RenewalSummary: { RenewalStatus: certificate.renewalStatus } } : {}),
            DomainValidationOptions: [
              {
                DomainName: certificate.domainName,
                ValidationMethod: 'DNS',
                ValidationStatus: certificate.status === 'ISSUED' ? 'SUCCESS' : 'PENDING_VALIDATION',
                ResourceRecord: {
                  Name: `_${digest.slice(0, 32)}.${certificate.domainName}.`,
                  Type: 'CNAME',
                  Value: `_${digest.slice(32)}.acm-validations.aws.`,
                },
              },
            ],
          },
        });
      }
      if (operation === 'DeleteCertificate') {
        certificate.deleted = true;
        return ok({});
      }
      return failure(response, 400, 'UnknownOperationException', `${target} is not served here.`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const certificateFor = (hostname: string) =>
    [...certificates.values()].find((certificate) => certificate.domainName === hostname && !certificate.deleted);
  return {
    url: `http://127.0.0.1:${port}`,
    region: REGION,
    credentials: { accessKeyId: 'AKIATESTACCESSKEY', secretAccessKey: 'test-secret-access-key' },
    certificates,
    calls,
    certificateFor,
    issue(hostname, notAfter = new Date(Date.now() + 395 * 86_400_000)) {
      const certificate = certificateFor(hostname);
      if (!certificate) throw new Error(`no certificate was asked for ${hostname}`);
      certificate.status = 'ISSUED';
      certificate.notAfter = notAfter;
    },
    fail(hostname, reason) {
      const certificate = certificateFor(hostname);
      if (!certificate) throw new Error(`no certificate was asked for ${hostname}`);
      certificate.status = 'FAILED';
      certificate.failureReason = reason;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
