// List queries answer one page (cosmos PageRequest); helpers that promise the whole list follow next_key.
import { MAX_PAGE_LIMIT } from "../app/pagination";

/** The largest page the chain serves, so a full list takes the fewest round trips. */
export const PAGE_LIMIT = MAX_PAGE_LIMIT;

export interface PagedResponse<T> {
  items: T[];
  nextKey?: Uint8Array | null;
}

/** Asks for page after page, starting from an empty key, until next_key comes back empty. */
export async function allPages<T>(page: (pagination: { key: Uint8Array; limit: number }) => Promise<PagedResponse<T>>): Promise<T[]> {
  const all: T[] = [];
  let key: Uint8Array = new Uint8Array();
  for (;;) {
    const { items, nextKey } = await page({ key, limit: PAGE_LIMIT });
    all.push(...items);
    if (!nextKey || nextKey.length === 0) return all;
    key = nextKey;
  }
}
