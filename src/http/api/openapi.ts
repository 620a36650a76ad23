import { z } from 'zod';
import type { ApiRoute } from './route-kit.ts';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

const ErrorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', example: 'VALIDATION_FAILED' },
        message: { type: 'string', description: 'In the language of Accept-Language (en, fr, nl, de).' },
        field: { type: 'string', example: 'lines.2.quantity' },
        details: {
          type: 'array',
          items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

function parameters(route: ApiRoute) {
  const list: JsonSchema[] = [];
  for (const where of ['params', 'query'] as const) {
    const schema = route[where];
    if (!schema) continue;
    const json = toSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      list.push({
        name,
        in: where === 'params' ? 'path' : 'query',
        required: where === 'params' || (json.required ?? []).includes(name),
        schema: prop,
      });
    }
  }
  return list;
}

/** OpenAPI 3.1 document built from the route table, so it cannot drift from what the server accepts. */
export function buildOpenApi(routes: readonly ApiRoute[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
    const errorResponse = (description: string) => ({
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      parameters: parameters(route),
      responses: {
        [route.successStatus]: {
          description:
            route.successStatus === 204
              ? 'Done.'
              : route.produces
                ? `The file (${route.produces}).`
                : 'Success.',
        },
        400: errorResponse('Invalid input; `field` names the first offending field.'),
        401: errorResponse('Missing or invalid API key.'),
        ...(route.path.includes(':') ? { 404: errorResponse('Not found in your organization.') } : {}),
        ...(route.writes
          ? {
              409: errorResponse('Conflicts with the current state.'),
              422: errorResponse('Breaks a business rule.'),
            }
          : {}),
      },
    };
    if (route.accepts) {
      operation.requestBody = {
        required: true,
        content: { [route.accepts]: { schema: { type: 'string', format: 'binary' } } },
      };
    }
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(route.body) } },
      };
    }
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Invoice Portal API',
      version: '1',
      description:
        'Feed invoices, credit notes and payments into the customer portal. Money is in integer minor units ' +
        '(`*Minor`), rates in basis points (`*Bp`, 2100 = 21 %), dates as YYYY-MM-DD.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key (ipk_…).' } },
      schemas: { Error: ErrorSchema },
    },
    paths,
  };
}
