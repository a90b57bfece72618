// The paging of a request, from its query as sent, not as the validator coerced it.
import type { Request } from 'express';
import { parsePageRequest, type PageRequest } from '../domain/paging.js';

export function pageRequestOf(req: Request, maxPageSize?: number): PageRequest {
  const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
  return parsePageRequest({ pageSize: query.get('pageSize'), pageNumber: query.get('pageNumber') }, maxPageSize);
}
