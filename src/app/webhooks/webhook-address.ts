import ipaddr from 'ipaddr.js';

/**
 * The one rule for which network addresses a webhook may be sent to: public unicast only. Everything
 * else — loopback, private (RFC 1918, fc00::/7), link-local, shared CGNAT space, unspecified, multicast,
 * broadcast, documentation, benchmarking and other reserved ranges, and cloud metadata services — is
 * refused, so an endpoint URL cannot make our server reach into its own network (SSRF). The ranges are
 * ipaddr.js's (its IANA special-purpose registry), not ours.
 *
 * IPv6 forms that carry an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`,
 * IPv4-translated, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by the IPv4 address they carry.
 */

/** Cloud metadata services, named as such in the reason (they are also link-local or unique local). */
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '192.0.0.192']);

const RANGE_WORDS: Record<string, string> = {
  loopback: 'loopback',
  private: 'private',
  uniqueLocal: 'private (unique local)',
  linkLocal: 'link-local',
  deprecatedSiteLocal: 'private (site-local)',
  carrierGradeNat: 'in the shared address space (CGNAT)',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
  benchmarking: 'reserved for benchmarking',
};

/**
 * Why `address` (an IPv4 or IPv6 literal, brackets allowed) may not receive webhooks, e.g.
 * `address 10.0.0.5 is private`; null for a public address. A string that is no IP address is refused.
 */
export function refusedAddressReason(address: string): string | null {
  const literal = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(literal)) return `address ${literal} is not an IP address`;
  const parsed = ipaddr.parse(literal);
  const judged = embeddedIpv4(parsed) ?? parsed;
  const shown = parsed.toString();
  if (METADATA_ADDRESSES.has(judged.toString())) return `address ${shown} is a cloud metadata address`;
  const range = judged.range();
  if (range === 'unicast') return null;
  return `address ${shown} is ${RANGE_WORDS[range] ?? `reserved (${range})`}`;
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, translated, NAT64, 6to4), if any. */
function embeddedIpv4(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | null {
  if (address.kind() === 'ipv4') return null;
  const v6 = address as ipaddr.IPv6;
  const bytes = v6.toByteArray();
  const range = v6.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') {
    return ipaddr.fromByteArray(bytes.slice(12)) as ipaddr.IPv4;
  }
  if (range === '6to4') return ipaddr.fromByteArray(bytes.slice(2, 6)) as ipaddr.IPv4;
  // IPv4-compatible (::a.b.c.d, deprecated): 96 zero bits, then the address; :: and ::1 are themselves.
  if (bytes.slice(0, 12).every((b) => b === 0) && range !== 'unspecified' && range !== 'loopback') {
    return ipaddr.fromByteArray(bytes.slice(12)) as ipaddr.IPv4;
  }
  return null;
}

/**
 * Names that point into the local machine or network by convention rather than by DNS: `localhost`
 * and its sub-domains (RFC 6761), mDNS `.local`, `.internal` (ICANN's private-use name, e.g.
 * metadata.google.internal), `.home.arpa` (RFC 8375), and single-label names (resolved through the
 * local search domains).
 */
const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa'];

/**
 * Why a URL's host may not receive webhooks, judged without DNS (at creation and update): an IP
 * literal outside the public ranges, or a local-style name. Null when the host may be tried; its
 * resolved addresses are checked again at every connection (webhook-egress.ts).
 */
export function refusedHostReason(hostname: string): string | null {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const literal = host.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(literal)) return refusedAddressReason(literal);
  if (host === 'localhost' || LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    return `host ${host} is a local name`;
  }
  if (!host.includes('.')) return `host ${host} is a single-label (local) name`;
  return null;
}
