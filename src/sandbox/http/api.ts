import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxStore } from '../store.js';
import type { Dhis2Version, JsonObject } from '../types.js';
import type { JacksonRoot } from './xml.js';

/** The signed-in user of a request. */
export interface ApiUser {
  uid: string;
  username: string;
}

/** One parsed /api request, with the optional /api/NN/ version prefix taken off. */
export interface ApiRequest {
  method: string;
  /** Path below /api, e.g. "/dataElements/abc" (".json"/".xml" suffix removed). */
  path: string;
  segments: string[];
  /** The NN of /api/NN/..., when the client used a versioned path. */
  apiVersion: number | undefined;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  user: ApiUser;
}

export interface ApiResponse {
  status: number;
  /** Serialised as JSON unless it is a string. */
  body?: unknown;
  headers?: Record<string, string>;
  contentType?: string;
  /**
   * The body is one of DHIS2's RootNode answers (lists, single objects, /api/metadata): the root
   * element's name ("metadata" or the object's singular) when it is written as XML.
   */
  rootNode?: string;
  /** The body is a Jackson tree 2.38's XmlMapper writes as XML under this root (http/xml.ts). */
  jacksonRoot?: JacksonRoot;
}

/** Everything a route needs from the running sandbox. */
export interface SandboxContext {
  store: SandboxStore;
  version: Dhis2Version;
  baseUrl: () => string;
  systemId: string;
  startedAt: Date;
  /** "Today" for relative periods (THIS_YEAR...); injectable so tests do not depend on the clock. */
  now: () => Date;
}

export type RouteHandler = (
  req: ApiRequest,
  ctx: SandboxContext,
  params: string[],
) => ApiResponse | Promise<ApiResponse>;

export interface Route {
  method: string;
  pattern: RegExp;
  handler: RouteHandler;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): ApiResponse => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

/** 200 with one of DHIS2's RootNode answers, named by its root element ("metadata" or a singular). */
export const rootNodeAnswer = (
  root: string,
  body: unknown,
  headers?: Record<string, string>,
): ApiResponse => ({
  ...json(200, body, headers),
  rootNode: root,
});

/** 200 with a Jackson tree answer (JsonNode or JsonRoot), named by its XML root. */
export const jacksonTreeAnswer = (root: JacksonRoot, body: JsonObject): ApiResponse => ({
  ...json(200, body),
  jacksonRoot: root,
});

/** Parses the request body as JSON; DHIS2 answers a parse failure with 409 (JsonParseException). */
export function parseJsonBody(
  req: ApiRequest,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const text = req.body.toString('utf8');
  if (text.trim() === '') return { ok: false, message: 'No content to map due to end-of-input' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}
