// Which kind of network a host name or IP literal names [pure]: used to refuse a server's redirection of
// requests (a Bearer token realm) into loopback, private or link-local networks (e.g. a cloud metadata service on
// 169.254.169.254) that the registry itself is not on. Only literals and `localhost` are classified; other names
// count as public.
import { isIP } from 'node:net';

export type AddressClass = 'loopback' | 'private' | 'linkLocal' | 'unspecified' | 'public';

function ipv4Class(ip: string): AddressClass {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  if (a === 127) return 'loopback';
  if (a === 0) return 'unspecified';
  if (a === 169 && b === 254) return 'linkLocal';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) {
    return 'private';
  }
  return 'public';
}

function ipv6Class(ip: string): AddressClass {
  const lower = ip.toLowerCase();
  const mapped = /^(?:0*:)*:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return ipv4Class(mapped[1]);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return ipv4Class(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  if (/^(0*:)*:?0*1$/.test(lower) && lower.replace(/[:0]/g, '') === '1') return 'loopback';
  if (/^[:0]+$/.test(lower)) return 'unspecified';
  if (/^fe[89ab]/.test(lower)) return 'linkLocal';
  if (/^f[cd]/.test(lower)) return 'private';
  return 'public';
}

/** The class of a URL's `hostname` (IPv6 literals may keep their brackets). */
export function addressClass(hostname: string): AddressClass {
  const h = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return 'loopback';
  const version = isIP(h);
  if (version === 4) return ipv4Class(h);
  if (version === 6) return ipv6Class(h);
  return 'public';
}

/** Resolves a host name to its addresses (node:dns lookup with `all: true` by default). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

/** The addresses a host stands for: itself when it is an IP literal or a localhost name, else what DNS answers. */
async function addressesOf(hostname: string, resolve: ResolveHost): Promise<string[]> {
  const h = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (isIP(h) !== 0 || addressClass(h) !== 'public') return [h];
  try {
    const found = await resolve(h);
    return found.length > 0 ? found : [h];
  } catch {
    // A name that does not resolve cannot be reached either; the request fails on its own.
    return [h];
  }
}

/**
 * True when a server on `registryHost` may send the client on to `targetHost`: a public target always; a loopback,
 * private, link-local or unspecified one only when the registry itself is in that same class. Host names count as
 * the addresses they resolve to (a realm name pointing at 169.254.169.254 is link-local; a registry reached by name
 * is in the classes of its addresses), and every address of the target must be reachable. (The request itself
 * resolves the name again; a name that changes its answer in between is not caught here.)
 */
export async function mayReachResolved(registryHost: string, targetHost: string, resolve: ResolveHost): Promise<boolean> {
  const [registry, target] = await Promise.all([addressesOf(registryHost, resolve), addressesOf(targetHost, resolve)]);
  const registryClasses = new Set(registry.map(addressClass));
  return target.every((a) => {
    const c = addressClass(a);
    return c === 'public' || registryClasses.has(c);
  });
}
