import type { CaaRecord } from 'node:dns';
import type { DnsResolver } from '../modules/domains/domains.dns.ts';

type Kind = 'TXT' | 'CNAME' | 'CAA' | 'A' | 'AAAA';

/**
 * A DNS zone the tests write into, answering as node's Resolver does: records by name and type,
 * ENODATA for a name without that type, ENOTFOUND for a name without any record, and a chosen
 * failure (SERVFAIL, a timeout) for a name that is made to fail. A CNAME is followed for the
 * address and CAA lookups, as a resolver does.
 */
export class FakeDns implements DnsResolver {
  private readonly zone = new Map<string, Map<Kind, unknown[]>>();
  private readonly failing = new Map<string, string>();
  /** Every name asked about, with its type, in order. */
  readonly asked: string[] = [];

  set(name: string, kind: Kind, records: unknown[]): this {
    const key = name.toLowerCase();
    const types = this.zone.get(key) ?? new Map<Kind, unknown[]>();
    if (records.length === 0) types.delete(kind);
    else types.set(kind, records);
    if (types.size === 0) this.zone.delete(key);
    else this.zone.set(key, types);
    return this;
  }

  txt(name: string, ...values: string[]): this {
    return this.set(
      name,
      'TXT',
      values.map((value) => [value]),
    );
  }

  cname(name: string, target: string | null): this {
    return this.set(name, 'CNAME', target ? [target] : []);
  }

  fail(name: string, code: string | null): this {
    if (code) this.failing.set(name.toLowerCase(), code);
    else this.failing.delete(name.toLowerCase());
    return this;
  }

  private answer<T>(name: string, kind: Kind, follow = false): Promise<T[]> {
    const key = name.toLowerCase().replace(/\.$/, '');
    this.asked.push(`${kind} ${key}`);
    const failure = this.failing.get(key);
    if (failure) return Promise.reject(Object.assign(new Error(`${kind} ${key}: ${failure}`), { code: failure }));
    const types = this.zone.get(key);
    const records = types?.get(kind);
    if (records) return Promise.resolve(records as T[]);
    const alias = types?.get('CNAME')?.[0];
    if (follow && typeof alias === 'string') return this.answer<T>(alias, kind, true);
    const code = types ? 'ENODATA' : 'ENOTFOUND';
    return Promise.reject(Object.assign(new Error(`${kind} ${key}: ${code}`), { code }));
  }

  resolveTxt(name: string) {
    return this.answer<string[]>(name, 'TXT');
  }
  resolveCname(name: string) {
    return this.answer<string>(name, 'CNAME');
  }
  resolveCaa(name: string) {
    return this.answer<CaaRecord>(name, 'CAA', true);
  }
  resolve4(name: string) {
    return this.answer<string>(name, 'A', true);
  }
  resolve6(name: string) {
    return this.answer<string>(name, 'AAAA', true);
  }
}
