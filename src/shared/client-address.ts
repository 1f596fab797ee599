import { isIP } from 'node:net';

/**
 * The key per-address limits count a client under: an IPv4 address as it is (also when
 * written IPv4-mapped, `::ffff:192.0.2.1`), an IPv6 address by its /64 network, since one
 * home or one server is given a whole /64 and can rotate through it at will. The address
 * itself is the connection's, or what a trusted proxy wrote (TRUST_PROXY, src/config.ts).
 */
export function clientKey(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.padStart(4, '0'))
    .join(':')}::/64`;
}

/**
 * TRUST_PROXY: unset, empty, `false` or `0` trusts no proxy (X-Forwarded-For is ignored and
 * the connection's address is the client's); a whole number is how many proxies in front to
 * trust (the client is the address that many hops back); otherwise a comma-separated list of
 * the proxies' addresses or networks (CIDR), or `loopback`, `linklocal`, `uniquelocal`.
 * `true` (trust every hop, which lets any client choose its address) is refused.
 */
export function parseTrustProxy(value: string | undefined): false | number | string[] {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) continue;
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= bits);
    if (!family || !prefixOk || extra !== undefined)
      throw new Error(
        `TRUST_PROXY must be a number of proxies (e.g. 1) or a comma-separated list of their addresses or networks (e.g. 10.0.0.1,192.168.0.0/16), got "${value}"`,
      );
  }
  return entries;
}
