import ipaddr from 'ipaddr.js';

/**
 * Whether an address is on the public internet. A journey's webhook must not reach the machines
 * around Trellis: loopback, private networks, link-local (where cloud metadata services answer,
 * 169.254.169.254 and fd00:ec2::254), carrier-grade NAT (Alibaba Cloud's metadata is 100.100.100.200),
 * multicast and the reserved ranges. ipaddr.js names the ranges; only plain unicast passes, and an
 * IPv6 address that carries an IPv4 one (mapped, NAT64, 6to4, Teredo) is judged by that.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return isPublicAddress(v6.toIPv4Address().toString());
    // IPv4-compatible addresses (::a.b.c.d, deprecated) carry an IPv4 address in their low 32 bits.
    const parts = v6.parts;
    if (parts.slice(0, 6).every((part) => part === 0)) return false;
    const range = v6.range();
    if (range === 'rfc6052' || range === '6to4' || range === 'teredo') return false;
    return range === 'unicast';
  }
  return parsed.range() === 'unicast';
}
