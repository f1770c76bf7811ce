import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Which modules import which (tests aside). Dependencies point one way: a module that needs to
 * hear about another's changes reacts on the change seam (modules/changes) instead of being
 * called, so orders never import the waitlist that follows them.
 */
const modulesDir = join(import.meta.dirname, '..', 'modules');

function moduleGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const module of readdirSync(modulesDir, { withFileTypes: true })) {
    if (!module.isDirectory()) continue;
    const imports = new Set<string>();
    for (const file of readdirSync(join(modulesDir, module.name))) {
      if (!file.endsWith('.ts') || file.includes('.test.')) continue;
      const source = readFileSync(join(modulesDir, module.name, file), 'utf8');
      for (const [, target] of source.matchAll(/from '\.\.\/([a-z-]+)\//g)) {
        if (target && target !== module.name) imports.add(target);
      }
    }
    graph.set(module.name, imports);
  }
  return graph;
}

/** The groups of modules that import each other, directly or round about (Tarjan's algorithm). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (module: string) => {
    index.set(module, index.size);
    low.set(module, index.get(module) as number);
    stack.push(module);
    onStack.add(module);
    for (const target of graph.get(module) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(module, Math.min(low.get(module) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(module, Math.min(low.get(module) as number, index.get(target) as number));
      }
    }
    if (low.get(module) === index.get(module)) {
      const group: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        group.push(member);
      } while (member !== module);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const module of graph.keys()) if (!index.has(module)) visit(module);
  return found;
}

describe('the modules’ imports', () => {
  it('go one way through selling: checkout, orders, stock, the waitlist and the change seam import no cycle', () => {
    const graph = moduleGraph();
    expect(graph.get('orders')).not.toContain('waitlist');
    expect(graph.get('orders')).not.toContain('checkout');
    expect(graph.get('orders')).not.toContain('notifications');
    expect(graph.get('changes')).toEqual(new Set());
    expect(graph.get('inventory')).toEqual(new Set());
    const inCycles = cycles(graph).flat();
    for (const module of ['changes', 'checkout', 'customers', 'events', 'inventory', 'orders', 'waitlist']) {
      expect(inCycles, `${module} is in an import cycle`).not.toContain(module);
    }
  });

  it('have no cycle but the accounts and money one, which may only shrink', () => {
    expect(cycles(moduleGraph())).toEqual([['auth', 'billing', 'payments', 'payouts', 'tenants']]);
  });
});
