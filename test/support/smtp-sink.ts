import { createServer } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it: the envelope, the raw bytes and the parsed message. */
export interface ReceivedMail {
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/** A free TCP port on 127.0.0.1, so a server can stop and start again on the same address. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 that keeps every message it accepts, parsed with mailparser.
 * `stop()` and `start()` take it down and bring it back on the same port.
 */
export async function startSmtpSink(
  options: {
    port?: number;
    onMessage?: (mail: ReceivedMail) => void;
    /** Recipients the server refuses for good (550), like an unknown mailbox. */
    rejectRecipient?: (address: string) => boolean;
    /** Never answer the message's data: a server that hangs. */
    hang?: boolean;
    /** Answer each message's data only after this many milliseconds: a slow server. */
    delayMs?: number;
    /** Awaited before each message's data is answered: a slow server, released by the test. */
    beforeAccept?: () => Promise<void>;
  } = {},
) {
  const port = options.port ?? (await freePort());
  const received: ReceivedMail[] = [];
  let server: SMTPServer | null = null;

  async function start(): Promise<void> {
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 200,
      size: 25 * 1024 * 1024,
      onRcptTo(address, _session, callback) {
        if (options.rejectRecipient?.(address.address)) {
          const error = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unknown`), {
            responseCode: 550,
          });
          return callback(error);
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (options.hang) return;
          const raw = Buffer.concat(chunks);
          new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0))
            .then(() => options.beforeAccept?.())
            .then(() => simpleParser(raw, { keepCidLinks: true }))
            .then((parsed) => {
              const mail = { envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed };
              received.push(mail);
              options.onMessage?.(mail);
              callback();
            })
            .catch(callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    server = s;
  }

  async function stop(): Promise<void> {
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  await start();
  return { port, url: `smtp://127.0.0.1:${port}`, received, start, stop };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
