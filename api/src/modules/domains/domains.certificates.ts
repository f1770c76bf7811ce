import {
  ACMClient,
  DeleteCertificateCommand,
  DescribeCertificateCommand,
  RequestCertificateCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-acm';
import type { AcmConfig, Config } from '../../config.ts';
import type { CertificateIssuer } from './domains.dns.ts';

/** What the provider says of a host's certificate now. */
export interface CertificateState {
  status: 'pending_validation' | 'active' | 'failed';
  /** The CNAME record the certificate authority validates with, when it asks for one (ACM). */
  validation: { name: string; value: string } | null;
  notAfter: Date | null;
  /** The provider's word on the managed renewal (ACM: PENDING_AUTO_RENEWAL, SUCCESS, FAILED …). */
  renewalStatus: string | null;
  /** Why it failed, in the provider's words. */
  failure: string | null;
}

/**
 * Where verified hosts get their certificates. `request` is safe to repeat for the same domain;
 * `describe` reads the state; `release` gives it up when the domain is removed.
 */
export interface CertificateProvider {
  kind: 'acm' | 'on_demand';
  issuer: CertificateIssuer;
  /** Asks for a certificate; answers the provider's reference for it (null when there is nothing to keep). */
  request(domain: { id: string; hostname: string }): Promise<string | null>;
  describe(reference: string | null): Promise<CertificateState>;
  release(reference: string): Promise<void>;
}

const LETS_ENCRYPT: CertificateIssuer = {
  name: "Let's Encrypt or ZeroSSL",
  caaDomains: ['letsencrypt.org', 'sectigo.com'],
};
const AMAZON: CertificateIssuer = {
  name: 'Amazon (AWS Certificate Manager)',
  caaDomains: ['amazon.com', 'amazontrust.com', 'awstrust.com', 'amazonaws.com'],
};

/**
 * TLS ends in Caddy, which asks `GET /v1/domains/tls-allowed` before it obtains a certificate at a
 * host's first visit. So "active" here means the allow-list answers yes: Caddy's own issuance is
 * not seen from here.
 */
export function onDemandCertificates(): CertificateProvider {
  return {
    kind: 'on_demand',
    issuer: LETS_ENCRYPT,
    request: async () => null,
    describe: async () => ({ status: 'active', validation: null, notAfter: null, renewalStatus: null, failure: null }),
    release: async () => undefined,
  };
}

const FAILED = new Set(['FAILED', 'VALIDATION_TIMED_OUT', 'REVOKED', 'EXPIRED', 'INACTIVE']);

/** AWS Certificate Manager, for deployments that end TLS at an AWS load balancer. */
export function acmCertificates(config: AcmConfig): CertificateProvider {
  const client = new ACMClient({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    maxAttempts: 2,
  });
  return {
    kind: 'acm',
    issuer: AMAZON,
    async request({ id, hostname }) {
      const answer = await client.send(
        new RequestCertificateCommand({
          DomainName: hostname,
          ValidationMethod: 'DNS',
          // The same domain asks once: ACM answers the same certificate for an hour.
          IdempotencyToken: id.replaceAll('-', '').slice(0, 32),
          Tags: [{ Key: 'accessplus:domain', Value: id }],
        }),
      );
      if (!answer.CertificateArn) throw new Error('ACM answered no certificate ARN');
      return answer.CertificateArn;
    },
    async describe(reference) {
      if (!reference) throw new Error('an ACM certificate needs its ARN');
      const { Certificate: certificate } = await client.send(
        new DescribeCertificateCommand({ CertificateArn: reference }),
      );
      const status = certificate?.Status ?? 'PENDING_VALIDATION';
      const record = certificate?.DomainValidationOptions?.[0]?.ResourceRecord;
      return {
        status: status === 'ISSUED' ? 'active' : FAILED.has(status) ? 'failed' : 'pending_validation',
        validation: record?.Name && record.Value ? { name: record.Name, value: record.Value } : null,
        notAfter: certificate?.NotAfter ?? null,
        renewalStatus: certificate?.RenewalSummary?.RenewalStatus ?? null,
        failure: FAILED.has(status)
          ? [status, certificate?.FailureReason, certificate?.RenewalSummary?.RenewalStatusReason]
              .filter(Boolean)
              .join(': ')
          : null,
      };
    },
    async release(reference) {
      try {
        await client.send(new DeleteCertificateCommand({ CertificateArn: reference }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    },
  };
}

export function createCertificateProvider(config: Pick<Config, 'certificates'>): CertificateProvider {
  return config.certificates.provider === 'acm' ? acmCertificates(config.certificates.acm) : onDemandCertificates();
}
