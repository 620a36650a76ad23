import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { refusedAddressReason } from './webhook-address.ts';

/** Resolves a host name to its addresses (`dns.lookup` with `all`, like every Node connection). */
export type HostResolver = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

/** The way out for webhook deliveries: the operator's setting and the HTTP dispatcher that enforces it. */
export interface WebhookEgress {
  /** `WEBHOOK_ALLOW_PRIVATE_ADDRESSES`: development receivers on this machine or network are allowed. */
  allowPrivateAddresses: boolean;
  /** Given to `fetch` as its `dispatcher`: connects only to addresses the rule allows. */
  dispatcher: Agent;
}

/** The connection was refused by the address rule: retrying cannot help, the message says why. */
export class WebhookAddressRefusedError extends Error {
  readonly code = 'WEBHOOK_ADDRESS_REFUSED';
  constructor(reason: string) {
    super(reason);
    this.name = 'WebhookAddressRefusedError';
  }
}

const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * Builds the dispatcher webhooks are sent through. Its connector resolves the host itself, checks
 * every address it gets against `refusedAddressReason`, and connects to a checked address (TLS still
 * verifies the certificate against the host name). Checking at connection time, not only when the URL
 * is saved, is what defeats DNS rebinding: a name that resolved to a public address then can point at
 * 127.0.0.1 now. An answer with any refused address is refused whole (a mix is a rebinding attempt or a
 * misconfiguration, neither worth guessing at).
 */
export function webhookEgress(options: {
  allowPrivateAddresses: boolean;
  /** Tests inject a resolver to play a rebinding DNS server. */
  resolve?: HostResolver;
  connectTimeoutMs?: number;
}): WebhookEgress {
  const resolve = options.resolve ?? systemResolver;
  const connectTo = buildConnector({ timeout: options.connectTimeoutMs ?? 10_000 });
  const checkedAddress = async (hostname: string): Promise<string> => {
    const host = hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
    if (addresses.length === 0) throw new Error(`${host} has no address`);
    if (!options.allowPrivateAddresses) {
      for (const { address } of addresses) {
        const reason = refusedAddressReason(address);
        if (reason) throw new WebhookAddressRefusedError(reason);
      }
    }
    return (addresses[0] as { address: string }).address;
  };
  const dispatcher = new Agent({
    connect: (connectOptions, callback) => {
      checkedAddress(connectOptions.hostname).then(
        // `host` keeps the name, so TLS sends it as SNI and checks the certificate against it.
        (address) => connectTo({ ...connectOptions, hostname: address }, callback),
        (error: Error) => callback(error, null),
      );
    },
  });
  return { allowPrivateAddresses: options.allowPrivateAddresses, dispatcher };
}
