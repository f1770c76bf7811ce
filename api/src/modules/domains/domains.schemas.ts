import { type Static, Type } from 'typebox';
import { Nullable, Ref, StringEnum, Timestamp, Uuid } from '../../lib/schemas.ts';

const RecordState = StringEnum(['unchecked', 'missing', 'wrong', 'present'] as const, {
  description:
    'What the last check found: `unchecked` (not looked at yet), `missing`, `wrong` (there, with another value) or `present`.',
});

export const DomainDnsRecord = Type.Object(
  {
    purpose: StringEnum(['routing', 'ownership', 'certificate_validation'] as const, {
      description:
        '`routing`: sends the host’s visitors to Access Plus; `ownership`: proves the organizer controls the name; `certificate_validation`: lets AWS Certificate Manager issue the certificate (only when certificates come from ACM).',
    }),
    type: StringEnum(['CNAME', 'TXT'] as const),
    name: Type.String({ description: 'The record’s name, in full.' }),
    value: Type.String({ description: 'What the record must say, exactly.' }),
    state: RecordState,
  },
  { $id: 'DomainDnsRecord', description: 'A DNS record the organizer creates at its DNS provider.' },
);

export const DomainFinding = Type.Object(
  {
    code: Type.String({
      description:
        'What was found: `txt_missing`, `txt_wrong`, `cname_missing`, `cname_wrong`, `proxied` (the record is proxied through Cloudflare), `caa_forbids_issuer`, `stray_aaaa`, `dns_not_answering` or `expired`.',
    }),
    message: Type.String({ description: 'What is wrong and how to fix it, in plain words.' }),
  },
  { $id: 'DomainFinding' },
);

export const CustomDomain = Type.Object(
  {
    id: Uuid,
    hostname: Type.String({ examples: ['tickets.ethiopian-dc.org'] }),
    status: StringEnum(['pending', 'verified', 'expired'] as const, {
      description:
        '`pending` until the TXT record is found; `verified` from then on, when the host answers for the organizer; `expired` when it was not verified within seven days (the name is free again: remove it and add it again).',
    }),
    dns_verified: Type.Boolean({ description: 'Whether the TXT record proved the organizer controls the name.' }),
    certificate: Type.Object(
      {
        provider: StringEnum(['acm', 'on_demand'] as const, {
          description:
            'Where certificates come from on this server: AWS Certificate Manager, or on-demand TLS in Caddy.',
        }),
        status: StringEnum(['not_requested', 'pending_validation', 'active', 'failed'] as const, {
          description:
            '`not_requested` until the domain is verified. With ACM: `pending_validation` until ACM has validated the certificate_validation record, `active` once ACM issued it, `failed` when ACM gave up (see `failure`). With on-demand TLS, `active` means the TLS allow-list (`GET /v1/domains/tls-allowed`) now answers yes for the host, so Caddy obtains the certificate from Let’s Encrypt or ZeroSSL at the host’s first visit; whether Caddy has already done so is not known here.',
        }),
        not_after: Nullable(Timestamp),
        renewal_status: Nullable(
          Type.String({
            description: 'ACM’s managed renewal status (e.g. `PENDING_AUTO_RENEWAL`, `SUCCESS`, `FAILED`).',
          }),
        ),
        failure: Nullable(Type.String({ description: 'Why the certificate failed, in the provider’s words.' })),
      },
      { description: 'The host’s certificate.' },
    ),
    records: Type.Array(Ref(DomainDnsRecord), {
      description: 'The records to create, each with its state as last checked.',
    }),
    diagnosis: Type.Array(Ref(DomainFinding), {
      description: 'What the last check found wrong, in plain words; empty when nothing is.',
    }),
    last_checked_at: Nullable(Timestamp),
    next_check_at: Nullable(Timestamp),
    verified_at: Nullable(Timestamp),
    expires_at: Nullable(Timestamp),
    created_at: Timestamp,
  },
  {
    $id: 'CustomDomain',
    description:
      'A host name of the organizer’s own for its storefront. Its DNS is checked by itself after 1, 5 and 15 minutes, an hour, then every 6 hours (and whenever `recheckCustomDomain` asks); an unverified domain expires after seven days.',
  },
);

export const NewCustomDomain = Type.Object(
  {
    hostname: Type.String({
      minLength: 1,
      maxLength: 300,
      description:
        'A name under a domain the organizer controls, e.g. `tickets.example.org`: not the domain itself, an IP address or an address on Access Plus.',
    }),
  },
  { additionalProperties: false },
);
export type NewCustomDomain = Static<typeof NewCustomDomain>;

export const CustomDomainParams = Type.Object({ domain_id: Uuid });

export const HostParams = Type.Object({
  host: Type.String({
    minLength: 1,
    maxLength: 300,
    description: 'A Host header, e.g. `tickets.example.org` (a port is ignored).',
  }),
});

export const ResolvedHost = Type.Object(
  {
    host: Type.String({ description: 'The host name asked about, in lower case and without its port.' }),
    slug: Type.String({ description: 'The organizer’s slug, for the other public operations.' }),
    kind: StringEnum(['custom_domain', 'platform_subdomain'] as const),
    custom_domain: Nullable(
      Type.String({
        description: 'The organizer’s verified custom domain, whichever host was asked: where its links should point.',
      }),
    ),
  },
  { $id: 'ResolvedHost', description: 'The organizer a host belongs to.' },
);

export const TlsAllowedQuery = Type.Object({
  domain: Type.String({ minLength: 1, maxLength: 300, description: 'The host name Caddy asks about.' }),
});
