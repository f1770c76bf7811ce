/**
 * A DNS server on 127.0.0.1 for the browser tests' API (its `DNS_SERVERS`): answers the records a
 * test sets, as an organizer's DNS provider would once the records are created, and nothing for
 * any other name.
 */
import { createSocket, type Socket } from 'node:dgram';
import dnsPacket from 'dns-packet';

export interface DnsZone {
  /** TXT strings by name. */
  txt: Map<string, string[]>;
  /** CNAME targets by name. */
  cname: Map<string, string>;
  close(): Promise<void>;
}

export async function startDnsServer(port: number): Promise<DnsZone> {
  const txt = new Map<string, string[]>();
  const cname = new Map<string, string>();
  const socket: Socket = createSocket('udp4');
  socket.on('message', (message, remote) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const answers: dnsPacket.Answer[] = [];
    for (const question of query.questions ?? []) {
      const name = question.name.toLowerCase();
      if (question.type === 'TXT' && txt.has(name)) {
        for (const value of txt.get(name) ?? [])
          answers.push({ type: 'TXT', name: question.name, ttl: 60, data: value });
      }
      if ((question.type === 'CNAME' || question.type === 'A') && cname.has(name)) {
        answers.push({ type: 'CNAME', name: question.name, ttl: 60, data: cname.get(name) as string });
      }
    }
    const asked = query.questions?.[0]?.name.toLowerCase() ?? '';
    const known = txt.has(asked) || cname.has(asked);
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (known ? 0 : 3),
      questions: query.questions,
      answers,
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => resolve());
  });
  return {
    txt,
    cname,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
