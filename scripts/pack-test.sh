#!/usr/bin/env bash
# Installs the packed tarball the way a user would (production dependencies only, in an empty folder)
# and runs the shipped CLI from there: catches shipped code (or declarations) that imports a
# devDependency or a file left out of the package's `files` list.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tarball="$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -n 1)"
cd "$work"
npm init -y >/dev/null
npm install --omit=dev --no-audit --no-fund "$work/$tarball" >/dev/null
npx --no-install gitops-sim --version
npx --no-install gitops-sim validate node_modules/gitops-sim/scenarios/default.yaml
npx --no-install gitops-sim run node_modules/gitops-sim/scenarios/default.yaml --out "$work/reports" >/dev/null
test -s "$work/reports/default/summary.json"
test -s "$work/reports/default/index.html"
npx --no-install gitops-sim bench node_modules/gitops-sim/scenarios/webhook.yaml --results-only >/dev/null
# The bundled worker thread and speed process: a sweep on two workers, speed measured in two processes.
printf 'name: tiny\nhorizon: 2h\napps: { count: 1 }\nvariants:\n  - { name: push, delivery: push }\n' >"$work/tiny.yaml"
npx --no-install gitops-sim sweep "$work/tiny.yaml" --set seed=1,2,3 --workers 2 --out "$work/sweep" --quiet
test -s "$work/sweep/sweep.json"
npx --no-install gitops-sim bench "$work/tiny.yaml" --processes 2 --sample-time 10 >/dev/null 2>&1
# The public API, as a library.
node --input-type=module -e "const api = await import('gitops-sim'); if (typeof api.runScenario !== 'function') process.exit(1);"
# Its declarations, as a TypeScript user gets them: a consumer file type-checks against the installed
# package, with the project's own TypeScript and no skipLibCheck, so a declaration that names a file
# left out of the package fails here. The declarations use Node's types, as the code does: a
# consumer has @types/node; here it comes from the clone rather than a second install.
cat >"$work/consumer.ts" <<'TS'
import { loadScenarioText, runScenario, type Scenario, type ScenarioResult } from 'gitops-sim';

const scenario: Scenario = loadScenarioText('name: t\nhorizon: 1h\nvariants:\n  - { name: push, delivery: push }\n', 't.yaml');
const result: ScenarioResult = runScenario(scenario);
const names: string[] = result.summary.variants.map((variant) => variant.name);
// @ts-expect-error: typed, not `any`: a scenario's name is a string
const wrong: number = scenario.name;
export { names, wrong };
TS
cat >"$work/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "module": "nodenext",
    "strict": true,
    "noEmit": true,
    "types": ["node"],
    "typeRoots": ["$root/node_modules/@types"]
  },
  "files": ["consumer.ts"]
}
JSON
"$root/node_modules/.bin/tsc" -p "$work/tsconfig.json"
echo "pack test: the installed tarball validates, runs, sweeps, benches, imports and type-checks"
