/**
 * Where use cases and adapters report what they decided but did not fail on (e.g. why an invoice has no
 * QR code, or that a stored logo is left out). Fastify's and pino's loggers fit it as they are.
 */
export interface EventLog {
  info(data: Record<string, unknown>, message: string): void;
  warn(data: Record<string, unknown>, message: string): void;
}
