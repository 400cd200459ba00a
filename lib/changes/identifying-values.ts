/**
 * Which scalar values in a config or runtime identify something (a CIDR, an
 * ARN, a hostname, an id, a name), so that finding the old value of a
 * changed field elsewhere in the estate means a stale copy rather than a
 * coincidence (ARCHITECTURE.md §6, `stale_copy`); and IPv4/IPv6 CIDR
 * parsing, containment and overlap for the ranges inside or around an old
 * one. Pure.
 *
 * A value identifies something when it is:
 * - a CIDR range or an IP address, IPv4 or IPv6 (except the everything
 *   ranges `0.0.0.0/0` and `::/0` and the unspecified addresses);
 * - an integer of at least 6 digits (an account id), as a number or a string;
 * - a string of at least 6 characters without whitespace that has a letter
 *   (ARNs, hostnames, URLs, paths, `vpc-0abc12`, uuids, names), unless it is
 *   a common word (COMMON_WORDS, or a word the caller adds: the estate's
 *   environment names and component types), an enum constant in capitals
 *   (`FARGATE_SPOT`), an AWS region or availability zone (`us-east-1a`:
 *   shared by everything in a region) or an ISO timestamp.
 * Never: booleans, null, other numbers, free text (it has whitespace), short
 * strings, and strings without a letter (versions, dates, times).
 *
 * Values compare by a normalised key: integers by their digits (the number
 * 444455556666 and the string "444455556666" are the same), CIDRs and
 * addresses in canonical form (IPv6 compressed, lowercase), hostnames
 * lowercased without a trailing dot (`Tidepool.Example.` is
 * `tidepool.example`), anything else as written (trimmed).
 */
import type { JsonValue } from '@/lib/model/json';

/** Words too common to identify anything, compared case-insensitively; only those of 6+ characters matter (shorter strings never count). */
export const COMMON_WORDS: ReadonlySet<string> = new Set([
  'enabled',
  'disabled',
  'default',
  'standard',
  'private',
  'public',
  'internal',
  'external',
  'primary',
  'secondary',
  'regional',
  'global',
  'optional',
  'required',
  'active',
  'inactive',
  'unknown',
  'managed',
  'custom',
  'enhanced',
  'always',
  'latest',
  'production',
  'staging',
  'development',
  'terraform',
]);

export type IpVersion = 4 | 6;

/** A CIDR range, or an address written without a prefix (`isAddress`: a /32 or /128). */
export type Cidr = {
  version: IpVersion;
  /** The first and last address of the range (host bits of what was written cleared / set). */
  start: bigint;
  end: bigint;
  prefix: number;
  isAddress: boolean;
  /** Canonical text: the address as written (IPv6 compressed), with `/prefix` unless it is a bare address. */
  text: string;
};

export const ADDRESS_BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

const MASKS: Record<IpVersion, bigint[]> = { 4: masks(32), 6: masks(128) };

function masks(bits: number): bigint[] {
  const all = (1n << BigInt(bits)) - 1n;
  return Array.from({ length: bits + 1 }, (_, prefix) => (all >> BigInt(bits - prefix)) << BigInt(bits - prefix));
}

/** The network bits of `address` for a prefix length. */
export function maskAddress(version: IpVersion, address: bigint, prefix: number): bigint {
  return address & MASKS[version][prefix];
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseIpv4(text: string): bigint | null {
  const match = IPV4.exec(text);
  if (!match) return null;
  let value = 0n;
  for (let i = 1; i <= 4; i++) {
    const octet = match[i];
    if (octet.length > 1 && octet[0] === '0') return null;
    const n = Number(octet);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

function parseGroups(part: string): number[] | null {
  if (part === '') return [];
  const groups: number[] = [];
  const pieces = part.split(':');
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (i === pieces.length - 1 && piece.includes('.')) {
      const v4 = parseIpv4(piece);
      if (v4 === null) return null;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (HEX_GROUP.test(piece)) {
      groups.push(parseInt(piece, 16));
    } else {
      return null;
    }
  }
  return groups;
}

function parseIpv6(text: string): bigint | null {
  if (!text.includes(':') || /[^0-9A-Fa-f:.]/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  let value = 0n;
  for (const group of [...head, ...Array<number>(missing).fill(0), ...tail]) value = (value << 16n) | BigInt(group);
  return value;
}

/** An IPv4 or IPv6 address (no prefix) as its number, or null. */
export function parseIp(text: string): { version: IpVersion; value: bigint } | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { version: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === null ? null : { version: 6, value: v6 };
}

/** Dotted quad, or IPv6 in RFC 5952 form (lowercase, no leading zeros, the longest run of zero groups as `::`). */
export function formatIp(version: IpVersion, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = (list: number[]) => list.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** `10.40.0.0/16`, `2001:db8::/32`, or a bare address (`10.40.17.42`); null for anything else. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return null;
  const bits = ADDRESS_BITS[ip.version];
  let prefix = bits;
  if (slash >= 0) {
    const written = text.slice(slash + 1);
    if (!/^(0|[1-9]\d{0,2})$/.test(written) || Number(written) > bits) return null;
    prefix = Number(written);
  }
  const start = maskAddress(ip.version, ip.value, prefix);
  const end = start | (((1n << BigInt(bits)) - 1n) ^ MASKS[ip.version][prefix]);
  const address = formatIp(ip.version, ip.value);
  const isAddress = prefix === bits;
  return { version: ip.version, start, end, prefix, isAddress, text: isAddress ? address : `${address}/${prefix}` };
}

/** `inner` lies within `outer` (the same range counts). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.version === inner.version && outer.start <= inner.start && inner.end <= outer.end;
}

/** The two ranges share an address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && a.start <= b.end && b.start <= a.end;
}

/** How `other` relates to `old`: the same range, inside it, holding or overlapping it; null when apart. */
export function cidrRelation(old: Cidr, other: Cidr): 'exact' | 'inside' | 'overlaps' | null {
  if (!cidrsOverlap(old, other)) return null;
  if (old.start === other.start && old.end === other.end) return 'exact';
  return cidrContains(old, other) ? 'inside' : 'overlaps';
}

export type IdentifyingValue = {
  /** What equal values share (see the header). */
  key: string;
  /** The value as text, as written. */
  text: string;
  /** Set for CIDR ranges and IP addresses. */
  cidr: Cidr | null;
};

const HOSTNAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?$/;
const REGION_OR_ZONE = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}[a-z]?$/;
const ENUM_CONSTANT = /^[A-Z][A-Z_]*$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const LETTER = /[A-Za-z]/;
const WHITESPACE = /\s/;

/**
 * The value's key when it identifies something (see the header), else
 * null. `stopWords` (lowercase) are common words of this estate on top of
 * COMMON_WORDS: its environment names and component types.
 */
export function identifyingValue(value: JsonValue | undefined, stopWords: ReadonlySet<string> = COMMON_WORDS): IdentifyingValue | null {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || Math.abs(value) < 100_000) return null;
    const text = String(value);
    return { key: text, text, cidr: null };
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const cidr = text.length >= 2 ? parseCidr(text) : null;
  if (cidr) {
    if (cidr.prefix === 0 || (cidr.isAddress && cidr.start === 0n)) return null;
    return { key: cidr.text, text: value, cidr };
  }
  if (text.length < 6 || WHITESPACE.test(text)) return null;
  if (/^-?\d+$/.test(text)) return { key: text, text: value, cidr: null };
  if (!LETTER.test(text) || ISO_TIME.test(text) || ENUM_CONSTANT.test(text) || REGION_OR_ZONE.test(text)) return null;
  const lower = text.toLowerCase();
  if (COMMON_WORDS.has(lower) || stopWords.has(lower)) return null;
  if (HOSTNAME.test(text)) return { key: lower.replace(/\.$/, ''), text: value, cidr: null };
  return { key: text, text: value, cidr: null };
}

/** COMMON_WORDS plus the given words (an estate's environment names and component types), lowercase. */
export function stopWordsWith(words: Iterable<string>): ReadonlySet<string> {
  const set = new Set(COMMON_WORDS);
  for (const word of words) set.add(word.toLowerCase());
  return set;
}
