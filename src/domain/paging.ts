// Genesys entity listings: pageSize (default 25, at most 100), pageNumber from 1.
import { ApiError } from './errors.js';

const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  pageSize?: number | undefined;
  pageNumber?: number | undefined;
}

export interface Listing<T> {
  entities: T[];
  pageSize: number;
  pageNumber: number;
  total: number;
  pageCount: number;
  firstUri: string;
  selfUri: string;
  nextUri?: string;
  previousUri?: string;
  lastUri: string;
}

const MAX_PAGE_NUMBER = 1_000_000_000;

/**
 * The paging query as sent: whole decimal numbers only. The document's validator coerces
 * `Infinity`, `1e2` or `0x10` into numbers; Genesys refuses them, and so do we.
 */
export function parsePageRequest(
  raw: { pageSize?: string | null | undefined; pageNumber?: string | null | undefined },
  maxPageSize = MAX_PAGE_SIZE,
): PageRequest {
  const parse = (name: string, value: string | null | undefined, max: number): number | undefined => {
    if (value === undefined || value === null) return undefined;
    const n = /^[0-9]{1,10}$/.test(value) ? Number(value) : NaN;
    if (!(n >= 1 && n <= max)) {
      throw new ApiError('pageParameterInvalid', {}, [{ errorCode: 'invalid.value', fieldName: name }], {
        name,
        min: '1',
        max: String(max),
        value: value.slice(0, 40),
      });
    }
    return n;
  };
  return { pageSize: parse('pageSize', raw.pageSize, maxPageSize), pageNumber: parse('pageNumber', raw.pageNumber, MAX_PAGE_NUMBER) };
}

/** One page of `items`, each rendered only if it is on the page. */
export function page<I, T>(items: readonly I[], request: PageRequest, basePath: string, query: Record<string, string>, render: (item: I) => T): Listing<T> {
  const pageSize = request.pageSize ?? DEFAULT_PAGE_SIZE;
  const pageNumber = request.pageNumber ?? 1;
  const total = items.length;
  const pageCount = Math.ceil(total / pageSize);
  if (pageNumber > Math.max(pageCount, 1)) {
    throw new ApiError('pageOutOfRange', {}, [{ errorCode: 'invalid.value', fieldName: 'pageNumber' }], {
      pageNumber: String(pageNumber),
      pageCount: String(pageCount),
    });
  }
  const uri = (n: number) => `${basePath}?${new URLSearchParams({ ...query, pageSize: String(pageSize), pageNumber: String(n) })}`;
  return {
    entities: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(render),
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: uri(1),
    selfUri: uri(pageNumber),
    ...(pageNumber < pageCount ? { nextUri: uri(pageNumber + 1) } : {}),
    ...(pageNumber > 1 ? { previousUri: uri(pageNumber - 1) } : {}),
    lastUri: uri(Math.max(pageCount, 1)),
  };
}
