import { BinaryWriter } from "cosmjs-types/binary";

/**
 * cosmjs-types 0.11's BinaryWriter.alloc builds a new 8 KiB pool on every call, so each `finish()` of a message
 * under 4 KiB (every account, sign doc and ABCI response) allocated and zeroed 8 KiB to return a view of its first
 * bytes: a tenth of the app's CPU per transfer went to that and the garbage collection after it. An array of the
 * exact size holds the same bytes. Imported for its effect by the app and its ABCI server, before any encoding.
 */
export const pooledAlloc = BinaryWriter.alloc;

BinaryWriter.alloc = (size: number): Uint8Array => new Uint8Array(size);
