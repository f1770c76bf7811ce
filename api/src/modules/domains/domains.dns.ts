import type { CaaRecord } from 'node:dns';
import { BlockList, isIPv6 } from 'node:net';
import { getDomain } from 'tldts';
import type { DnsRecordState, DomainFinding } from '../../db/schema.ts';
import { verificationRecordName } from './domains.hostnames.ts';

/**
 * The lookups a domain check makes, as node's `dns/promises` Resolver makes them (a stand-in in
 * tests). Names that do not exist or have no such record reject with ENOTFOUND or ENODATA.
 */
export interface DnsResolver {
  resolveTxt(name: string): Promise<string[][]>;
  resolveCname(name: string): Promise<string[]>;
  resolveCaa(name: string): Promise<CaaRecord[]>;
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
}

/** What the certificate authority behind the configured provider is called, and the CAA names it issues under. */
export interface CertificateIssuer {
  name: string;
  caaDomains: readonly string[];
}

export interface DnsFindings {
  txt: DnsRecordState;
  cname: DnsRecordState;
  /** Where the host's CNAME points, if it has one. */
  cnameFound: string | null;
  diagnosis: DomainFinding[];
}

// Cloudflare's published ranges (cloudflare.com/ips): a proxied record answers with these.
const CLOUDFLARE = new BlockList();
for (const range of [
  '173.245.48.0/20',
  '103.21.244.0/22',
  '103.22.200.0/22',
  '103.31.4.0/22',
  '141.101.64.0/18',
  '108.162.192.0/18',
  '190.93.240.0/20',
  '188.114.96.0/20',
  '197.234.240.0/22',
  '198.41.128.0/17',
  '162.158.0.0/15',
  '104.16.0.0/13',
  '104.24.0.0/14',
  '172.64.0.0/13',
  '131.0.72.0/22',
]) {
  const [network, prefix] = range.split('/') as [string, string];
  CLOUDFLARE.addSubnet(network, Number(prefix), 'ipv4');
}
for (const range of [
  '2400:cb00::/32',
  '2606:4700::/32',
  '2803:f800::/32',
  '2405:b500::/32',
  '2405:8100::/32',
  '2a06:98c0::/29',
  '2c0f:f248::/32',
]) {
  const [network, prefix] = range.split('/') as [string, string];
  CLOUDFLARE.addSubnet(network, Number(prefix), 'ipv6');
}

const isCloudflare = (address: string) => CLOUDFLARE.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');

type Lookup<T> = { records: T[] } | { failed: string };

/** No such name and no such record are both "nothing there"; any other failure is the DNS not answering. */
async function lookup<T>(ask: () => Promise<T[]>): Promise<Lookup<T>> {
  try {
    return { records: await ask() };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'ERROR';
    if (code === 'ENODATA' || code === 'ENOTFOUND') return { records: [] };
    return { failed: code };
  }
}

const bare = (name: string) => name.toLowerCase().replace(/\.$/, '');

/**
 * Looks at a host's DNS as the platform needs it: the TXT record with the ownership token, the
 * CNAME to the platform's target, and what commonly goes wrong, each said in plain words: a
 * record proxied through Cloudflare, a CAA record that forbids the certificate's issuer, a stray
 * AAAA record that sends IPv6 visitors elsewhere, a DNS that does not answer.
 */
export async function inspectDns(
  resolver: DnsResolver,
  domain: { hostname: string; token: string; target: string; issuer: CertificateIssuer },
): Promise<DnsFindings> {
  const { hostname, token, issuer } = domain;
  const target = bare(domain.target);
  const txtName = verificationRecordName(hostname);
  const [txt, cname, a, aaaa, targetA, targetAaaa, caa] = await Promise.all([
    lookup(() => resolver.resolveTxt(txtName)),
    lookup(() => resolver.resolveCname(hostname)),
    lookup(() => resolver.resolve4(hostname)),
    lookup(() => resolver.resolve6(hostname)),
    lookup(() => resolver.resolve4(target)),
    lookup(() => resolver.resolve6(target)),
    caaOf(resolver, hostname),
  ]);
  const diagnosis: DomainFinding[] = [];
  const unanswered = (name: string, code: string) =>
    diagnosis.push({
      code: 'dns_not_answering',
      message: `The DNS servers of ${name} did not answer (${code}). Check the domain's name servers at your registrar; it is checked again by itself.`,
    });

  let txtState: DnsRecordState;
  if ('failed' in txt) {
    txtState = 'missing';
    unanswered(txtName, txt.failed);
  } else {
    const values = txt.records.map((chunks) => chunks.join(''));
    if (values.includes(token)) txtState = 'present';
    else if (values.length === 0) {
      txtState = 'missing';
      diagnosis.push({
        code: 'txt_missing',
        message: `There is no TXT record at ${txtName} yet. Add it with the value shown; a change can take up to an hour to be seen.`,
      });
    } else {
      txtState = 'wrong';
      diagnosis.push({
        code: 'txt_wrong',
        message: `The TXT record at ${txtName} says "${values[0]}", not the value shown here. Replace it with the value shown, copied whole.`,
      });
    }
  }

  const cnameFound = 'records' in cname && cname.records[0] ? bare(cname.records[0]) : null;
  const addresses4 = 'records' in a ? a.records : [];
  const addresses6 = 'records' in aaaa ? aaaa.records : [];
  const targetAddresses = new Set([
    ...('records' in targetA ? targetA.records : []),
    ...('records' in targetAaaa ? targetAaaa.records : []),
  ]);
  const proxied = cnameFound === null && [...addresses4, ...addresses6].some(isCloudflare);
  // A provider that flattens a CNAME answers with the target's own addresses: that reaches us too.
  const flattened =
    cnameFound === null && addresses4.length > 0 && addresses4.every((address) => targetAddresses.has(address));
  let cnameState: DnsRecordState;
  if ('failed' in cname) {
    cnameState = 'missing';
    unanswered(hostname, cname.failed);
  } else if (cnameFound === target || flattened) {
    cnameState = 'present';
  } else if (proxied) {
    cnameState = 'wrong';
    diagnosis.push({
      code: 'proxied',
      message: `${hostname} answers with Cloudflare's addresses instead of pointing to ${target}: its record is proxied (the orange cloud). In Cloudflare's DNS settings, set the record to "DNS only" (the grey cloud).`,
    });
  } else if (cnameFound) {
    cnameState = 'wrong';
    diagnosis.push({
      code: 'cname_wrong',
      message: `${hostname} points to ${cnameFound} instead of ${target}. Change its CNAME record to ${target}.`,
    });
  } else if (addresses4.length > 0) {
    cnameState = 'wrong';
    diagnosis.push({
      code: 'cname_wrong',
      message: `${hostname} has an A record (${addresses4[0]}) instead of a CNAME record to ${target}. Remove the A record and add the CNAME record.`,
    });
  } else {
    cnameState = 'missing';
    diagnosis.push({
      code: 'cname_missing',
      message: `${hostname} has no CNAME record yet. Add one pointing to ${target}.`,
    });
  }

  // A CNAME leaves no room for other records at the name, so an AAAA there is one of its own.
  const stray = cnameFound === null ? addresses6.find((address) => !targetAddresses.has(address)) : undefined;
  if (stray && !proxied) {
    diagnosis.push({
      code: 'stray_aaaa',
      message: `${hostname} has an AAAA (IPv6) record, ${stray}, that does not lead to Access Plus: visitors on IPv6 would reach that address instead. Remove the AAAA record.`,
    });
  }

  if (caa) {
    const allowed = caa.issuers.filter((name) => issuer.caaDomains.includes(name));
    if (allowed.length === 0) {
      const listed = caa.issuers.filter(Boolean);
      diagnosis.push({
        code: 'caa_forbids_issuer',
        message: `A CAA record on ${caa.name} allows ${listed.length > 0 ? `only ${listed.join(', ')}` : 'no one'} to issue certificates, so ${issuer.name} cannot issue one for ${hostname}. Add the CAA record 0 issue "${issuer.caaDomains[0]}" beside it, or remove the CAA records.`,
      });
    }
  }
  return { txt: txtState, cname: cnameState, cnameFound, diagnosis };
}

/**
 * The CAA record set that governs `hostname`: the first found climbing from it towards its
 * registrable domain (RFC 8659), with the issuers its `issue` tags name; null when no set limits
 * issuance (none found, or none with an `issue` tag).
 */
async function caaOf(resolver: DnsResolver, hostname: string): Promise<{ name: string; issuers: string[] } | null> {
  const apex = getDomain(hostname) ?? hostname;
  const labels = hostname.split('.');
  for (let i = 0; i < labels.length; i++) {
    const name = labels.slice(i).join('.');
    const found = await lookup(() => resolver.resolveCaa(name));
    if ('records' in found && found.records.length > 0) {
      const issue = found.records.filter((record) => record.issue !== undefined);
      if (issue.length === 0) return null;
      return { name, issuers: issue.map((record) => bare((record.issue ?? '').split(';')[0]?.trim() ?? '')) };
    }
    if (name === apex) break;
  }
  return null;
}
