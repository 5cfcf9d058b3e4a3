import { json, type ApiResponse } from './api.js';
import { webMessage } from './web-message.js';
import { isWebMessage, jacksonTreeXml, rootNodeXml, webMessageXml } from './xml.js';
import type { Dhis2Version, JsonObject } from '../types.js';
import { minorOf } from '../types.js';

/** One media range of an Accept header. */
export interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

const specificity = (r: MediaRange) => (r.type === '*' ? 0 : r.subtype === '*' ? 1 : 2);

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [mediaType = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const m = /^([\w.+*-]+)\/([\w.+*-]+)$/.exec(mediaType);
    if (!m) continue;
    const q = params.find((p) => p.startsWith('q='));
    ranges.push({ type: m[1]!, subtype: m[2]!, q: q ? Number(q.slice(2)) : 1 });
  }
  return ranges.sort((a, b) => specificity(b) - specificity(a));
}

/**
 * What a request asks for, as WebMvcConfig's ContentNegotiationManager reads it: the path
 * extension (.json, .xml) first, then the Accept header, else JSON.
 */
export function requestedMediaRanges(
  extension: string | undefined,
  accept: string | undefined,
): MediaRange[] {
  const jsonRange: MediaRange = { type: 'application', subtype: 'json', q: 1 };
  if (extension === 'xml') return [{ ...jsonRange, subtype: 'xml' }];
  const ranges = extension === 'json' ? [] : parseAccept(accept ?? '');
  return ranges.length > 0 ? ranges : [jsonRange];
}

/** The producible type the client rates highest; ties go to the more specific range, then to JSON. */
function chooseMediaType(ranges: MediaRange[], producible: string[]): string | undefined {
  let best: { type: string; q: number } | undefined;
  for (const range of ranges) {
    for (const type of producible) {
      const [t, s] = type.split('/');
      const matches =
        (range.type === '*' || range.type === t) && (range.subtype === '*' || range.subtype === s);
      if (matches && range.q > 0 && (!best || range.q > best.q)) best = { type, q: range.q };
    }
  }
  return best?.type;
}

/**
 * What DHIS2 can write a body as. 2.38 writes RootNode answers as application/xml (XmlMessageConverter)
 * and WebMessages and Jackson trees (/api/me, /api/schemas) as application/xml or text/xml (Jackson); 2.39+ writes neither outside tracker
 * and data value paths (WebMvcConfig.XML_PATTERNS), so XML there is 406.
 */
function producibleTypes(response: ApiResponse, version: Dhis2Version): string[] {
  if (minorOf(version) >= 39) return ['application/json'];
  if (response.rootNode) return ['application/json', 'application/xml'];
  // MappingJackson2XmlHttpMessageConverter (WebMvcConfig, 2.38) takes both XML types.
  if (response.jacksonRoot || isWebMessage(response.body))
    return ['application/json', 'application/xml', 'text/xml'];
  return ['application/json'];
}

function render(response: ApiResponse, type: string, version: Dhis2Version): ApiResponse {
  if (type === 'application/json') return response;
  const body = response.body as JsonObject;
  if (response.rootNode && type === 'application/xml')
    return { ...response, body: rootNodeXml(response.rootNode, body, version), contentType: type };
  if (response.jacksonRoot)
    return {
      ...response,
      body: jacksonTreeXml(response.jacksonRoot, body),
      contentType: `${type};charset=UTF-8`,
    };
  return { ...response, body: webMessageXml(body, version), contentType: `${type};charset=UTF-8` };
}

/** Stands in for the servlet container's error page Spring falls back to when no converter fits. */
function containerErrorPage(status: number): ApiResponse {
  const title = `HTTP Status ${status}`;
  return {
    status,
    body: `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
    contentType: 'text/html;charset=utf-8',
  };
}

/**
 * Writes a route's JSON answer in the representation the client asked for, or refuses it with 406
 * (HttpMediaTypeNotAcceptableException). The refusal's own WebMessage is written only when the
 * client takes one of its types (2.38 XML); otherwise Spring gives up and the container answers.
 * Answers that are not JSON (text, CSV, files) were negotiated by their route.
 */
export function negotiate(response: ApiResponse, ranges: MediaRange[], version: Dhis2Version): ApiResponse {
  const isJsonBody =
    typeof response.body === 'object' && response.body !== null && !Buffer.isBuffer(response.body);
  if (!isJsonBody || (response.contentType !== undefined && !/json/.test(response.contentType)))
    return response;
  const chosen = chooseMediaType(ranges, producibleTypes(response, version));
  if (chosen) return render(response, chosen, version);
  // An error answer keeps its status when Spring cannot write its WebMessage (DefaultHandlerExceptionResolver).
  const refusal =
    response.status >= 400 && isWebMessage(response.body)
      ? response
      : json(406, webMessage(406, 'ERROR', { message: 'Could not find acceptable representation' }));
  const type = chooseMediaType(ranges, producibleTypes(refusal, version));
  return type ? render(refusal, type, version) : containerErrorPage(refusal.status);
}
