export function importGraph(root: string): Map<string, string[]>;
export function findCycles(graph: Map<string, string[]>): string[][];
export function importCycles(root: string, relativeTo?: string): string[][];
