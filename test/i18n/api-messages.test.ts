import { describe, expect, it } from 'vitest';
import { LANGS } from '../../src/core/lang.ts';
import { type ErrorCode, notFound, RESOURCE_FIELDS, type Resource } from '../../src/core/result.ts';
import { failureResponse, HTTP_STATUS } from '../../src/http/api/error-table.ts';
import { apiMessage } from '../../src/i18n/api-messages.ts';

const resources = Object.keys(RESOURCE_FIELDS) as Resource[];
const codes: ErrorCode[] = [
  ...(Object.keys(HTTP_STATUS) as ErrorCode[]),
  ...resources.map((r) => notFound(r).code),
];

describe('API error messages', () => {
  it.each(LANGS)('give every error code its own text in %s', (lang) => {
    for (const code of codes) expect(apiMessage(lang, code), code).not.toBe(code);
  });

  it.each(resources)('answer a missing %s with 404, its own code and the field that named it', (resource) => {
    const { status, body } = failureResponse(notFound(resource), 'en');
    expect(status).toBe(404);
    expect(body.error.code).toBe(`${resource.toUpperCase()}_NOT_FOUND`);
    expect(body.error.field).toBe(RESOURCE_FIELDS[resource]);
  });

  it('names the field a filter gave', () => {
    expect(failureResponse(notFound('customer', 'query.customerId'), 'nl').body.error).toMatchObject({
      code: 'CUSTOMER_NOT_FOUND',
      field: 'query.customerId',
    });
  });
});
