import { ApiError } from '../../src/domain/errors.js';
import { parsePageRequest } from '../../src/domain/paging.js';

describe('parsePageRequest takes whole decimal numbers only', () => {
  test.each([
    [{}, {}],
    [
      { pageSize: '1', pageNumber: '1' },
      { pageSize: 1, pageNumber: 1 },
    ],
    [
      { pageSize: '100', pageNumber: '1000000000' },
      { pageSize: 100, pageNumber: 1_000_000_000 },
    ],
    [{ pageSize: '025' }, { pageSize: 25 }],
  ])('%j is %j', (raw, expected) => {
    expect(parsePageRequest(raw)).toEqual({ pageSize: undefined, pageNumber: undefined, ...expected });
  });

  test.each([
    ['pageSize', 'Infinity'],
    ['pageSize', '1e2'],
    ['pageSize', '0x10'],
    ['pageSize', '101'],
    ['pageSize', '0'],
    ['pageSize', '-1'],
    ['pageSize', '1.5'],
    ['pageSize', ''],
    ['pageSize', ' 5'],
    ['pageNumber', '1000000001'],
    ['pageNumber', '99999999999999999999'],
    ['pageNumber', 'NaN'],
  ])('%s=%s is a 400 naming the field', (name, value) => {
    let error: unknown;
    try {
      parsePageRequest({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect([(error as ApiError).status, (error as ApiError).details[0]?.fieldName]).toEqual([400, name]);
    expect((error as ApiError).message).toContain(name);
  });
});
