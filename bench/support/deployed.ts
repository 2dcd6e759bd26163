// How the image starts the server (the Dockerfile's runtime stage): the node flags of its CMD and
// the allocator settings (MALLOC_*) of its ENV lines. The year-one bench starts the server the
// same way, so its peak RSS is the deployed process's (docs/domain/read-model.md#memory-form).

export interface DeployedLaunch {
  /** Flags between `node` and the script in CMD. */
  nodeArgs: string[];
  /** The runtime stage's MALLOC_* variables (the rest, NODE_ENV and the like, are the bench's own). */
  env: Record<string, string>;
}

export function deployedLaunch(dockerfile: string): DeployedLaunch {
  const stages = dockerfile.split(/^FROM\s/m);
  const runtime = stages[stages.length - 1] ?? '';
  const env: Record<string, string> = {};
  for (const line of runtime.split('\n')) {
    const m = /^ENV\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    for (const pair of m[1].split(/\s+/)) {
      const [key, ...value] = pair.split('=');
      if (key.startsWith('MALLOC_') && value.length > 0) env[key] = value.join('=');
    }
  }
  const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(runtime);
  const argv = cmd ? (JSON.parse(cmd[1]) as string[]) : [];
  const script = argv.findIndex((a, i) => i > 0 && !a.startsWith('-'));
  const nodeArgs = argv[0] === 'node' && script > 0 ? argv.slice(1, script) : [];
  return { nodeArgs, env };
}
