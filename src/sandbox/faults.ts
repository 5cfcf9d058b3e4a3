import type { FaultRule } from './types.js';

/** What to do with one request, decided before it is routed. */
export interface FaultDecision {
  latencyMs: number;
  status?: number;
  drop: boolean;
}

interface ActiveRule {
  rule: FaultRule;
  pattern: RegExp;
  seen: number;
  fired: number;
}

/** Applies fault rules to requests in arrival order; off unless rules were given. */
export class FaultInjector {
  private rules: ActiveRule[] = [];

  constructor(rules: FaultRule[] = []) {
    this.set(rules);
  }

  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, pattern: new RegExp(rule.path), seen: 0, fired: 0 }));
  }

  decide(method: string, path: string): FaultDecision | undefined {
    let decision: FaultDecision | undefined;
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!active.pattern.test(path)) continue;
      active.seen++;
      if (rule.nth !== undefined && active.seen !== rule.nth) continue;
      if (rule.times !== undefined && active.fired >= rule.times) continue;
      active.fired++;
      decision ??= { latencyMs: 0, drop: false };
      decision.latencyMs += rule.latencyMs ?? 0;
      if (rule.drop) decision.drop = true;
      if (rule.status !== undefined) decision.status ??= rule.status;
    }
    return decision;
  }
}

const STATUSES = new Set([500, 502, 503, 504]);

/** Checks rules posted to /api/__sandbox/faults; returns an error message or undefined. */
export function invalidFaultRules(value: unknown): string | undefined {
  const rules = Array.isArray(value) ? value : (value as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return 'expected an array of fault rules or {"rules": [...]}';
  for (const [i, rule] of rules.entries()) {
    if (typeof rule !== 'object' || rule === null) return `rule ${i}: not an object`;
    const r = rule as Record<string, unknown>;
    if (typeof r.path !== 'string') return `rule ${i}: path must be a regular expression string`;
    try {
      new RegExp(r.path);
    } catch {
      return `rule ${i}: path is not a valid regular expression`;
    }
    if (r.status !== undefined && !STATUSES.has(r.status as number))
      return `rule ${i}: status must be 500, 502, 503 or 504`;
    for (const key of ['latencyMs', 'nth', 'times'] as const) {
      if (r[key] !== undefined && (typeof r[key] !== 'number' || r[key] < 0))
        return `rule ${i}: ${key} must be a non-negative number`;
    }
  }
  return undefined;
}

export function faultRulesOf(value: unknown): FaultRule[] {
  return (Array.isArray(value) ? value : (value as { rules: FaultRule[] }).rules) as FaultRule[];
}
