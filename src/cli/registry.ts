/**
 * The command line's surface: every command's usage (the single source of its
 * help text, options and examples) and a handle on its implementation, loaded
 * only when that command runs. `--help` and `validate` so load yargs and what
 * they use, not the simulator, the charts and the reports.
 */
import { BENCH_FORMATS, DEFAULT_METRICS, DEFAULT_SPEED } from '../bench/settings.ts';
import { MAX_REPLICATIONS } from '../scenario/limits.ts';
import { JOB_INDEX_VARIABLE } from '../sweep/shard.ts';
import { EXIT_WORSE } from './errors.ts';
import { workersOption } from './workersOption.ts';
import { type CommandUsage, defineCommand, type RegistrableCommand } from './usage.ts';

export const DEFAULT_OUT_DIR = 'reports';

/** run, sweep and merge: the report's charts/*.png, or none with --no-charts. */
const CHARTS_OPTION = {
  type: 'boolean',
  default: true,
  describe: 'Draw charts/*.png; --no-charts skips them (about 0.1 s of CPU each), for a CI job that reads only the data',
} as const;

export const RUN_COMMAND = defineCommand(
  {
    command: 'run <scenario..>',
    describe: 'Run scenario files and write a report for each',
    positionals: {
      scenario: { type: 'string', array: true, demandOption: true, describe: 'Scenario YAML file(s)' },
    },
    options: {
      seed: { type: 'string', describe: 'Override the scenario seed (an integer or a word)' },
      replications: { type: 'string', describe: `Override the number of replications (1 to ${MAX_REPLICATIONS})` },
      out: {
        type: 'string',
        default: DEFAULT_OUT_DIR,
        describe: 'Folder for reports; each scenario writes <out>/<file name>/',
      },
      quiet: { type: 'boolean', default: false, describe: 'No progress line, no summary on stdout' },
      workers: workersOption('run'),
      charts: CHARTS_OPTION,
      json: {
        type: 'boolean',
        default: false,
        describe: 'Print summary.json on stdout (an array for several files); everything else goes to stderr',
      },
      precision: {
        type: 'string',
        describe:
          "Add replications (doubling, up to 200) until each of the scenario's headline figures (default correctness, convergenceP95Ms) " +
          'has a 95% interval within this share of itself, e.g. 5%',
      },
      trace: {
        type: 'string',
        describe:
          'Print what happened to one app (its number from 1, or its name) in one replication of each variant: ' +
          'commits, CI, Git, applies, pods, drift, rollbacks; writes no report',
      },
    },
    examples: [
      ['$0 run scenarios/default.yaml', 'Run the default scenario into reports/default/'],
      ['$0 run a.yaml b.yaml --seed 7 --replications 30 --out /tmp/r', 'Two scenarios, another seed'],
      ['$0 run big.yaml --replications 10 --workers 2', 'Share the runs out over 2 threads: for runs of seconds each'],
      ['$0 run scenarios/default.yaml --precision 5%', 'Add replications until the headline figures are within ±5%'],
      ['$0 run scenarios/default.yaml --json > summary.json', 'The summary on stdout, for jq or a CI step'],
      ['$0 run scenarios/default.yaml --trace 3 > trace.txt', 'Why did it take that long? The story of app 3'],
    ],
  },
  async (a, io) => (await import('./commands.ts')).runCommand({ ...a, scenarios: a.scenario }, io),
);

export const VALIDATE_COMMAND = defineCommand(
  {
    command: 'validate <scenario..>',
    describe: 'Check scenario files without running them',
    positionals: {
      scenario: { type: 'string', array: true, demandOption: true, describe: 'Scenario YAML file(s)' },
    },
    options: {},
    examples: [['$0 validate scenarios/*.yaml', 'Check every bundled scenario']],
  },
  async (a, io) => (await import('./validateCommand.ts')).validateCommand(a.scenario, io),
);

export const SCHEMA_COMMAND = defineCommand(
  {
    command: 'schema',
    describe: 'Print the scenario format as JSON Schema (for editors)',
    positionals: {},
    options: {},
    examples: [['$0 schema > scenario.schema.json', 'Save it for YAML editor completion']],
  },
  async (_a, io) => (await import('./schemaCommand.ts')).schemaCommand(io),
);

export const BENCH_USAGE = {
  command: 'bench [scenario..]',
  describe: "Benchmark scenarios (or the project's suite) and gate on a baseline",
  positionals: {
    scenario: {
      type: 'string',
      array: true,
      describe: 'Scenario YAML files; none runs the suite in bench/ (engine, rollout math, default, scale)',
    },
  },
  options: {
    baseline: {
      type: 'string',
      describe:
        'Compare with this bench JSON file: exit 1 if a figure got worse, 2 if it does not match (other scenario, seed or version)',
    },
    'update-baseline': {
      type: 'boolean',
      default: false,
      describe: 'Write the results to the --baseline file instead of comparing',
    },
    'results-only': {
      type: 'boolean',
      default: false,
      describe: 'Exact simulation figures only: no speed measurement',
    },
    'same-machine': {
      type: 'boolean',
      default: false,
      describe:
        'The baseline was recorded on this machine: gate absolute speed (events/s, wall time, memory) too, and exit 2 if its CPU or Node differs',
    },
    format: {
      type: 'string',
      choices: BENCH_FORMATS,
      default: 'table',
      describe:
        'Output: a table, Markdown (CI job summary), bench JSON, Bencher (bmf), or github-action-benchmark',
    },
    out: {
      type: 'string',
      describe:
        'Write the output here instead of stdout (which then gets the table); github-action-benchmark: a folder for its two files',
    },
    metrics: {
      type: 'string',
      array: true,
      default: DEFAULT_METRICS,
      describe: 'Metrics gated per variant of a scenario (names from summary.json)',
    },
    processes: {
      type: 'string',
      default: DEFAULT_SPEED.processes,
      describe: 'Fresh processes per benchmark for speed (at least 2)',
    },
    'sample-time': {
      type: 'string',
      default: DEFAULT_SPEED.sampleTimeMs,
      describe:
        'ms each process samples each timed task, interleaved with the reference workload, after a warm-up ' +
        'as long (at most 1000 ms; at least 3 samples whatever it is)',
    },
  },
  examples: [
    ['$0 bench', "Run the project's suite and print the figures (a few minutes on 2 cores)"],
    [
      '$0 bench --baseline bench/baseline.json',
      'Gate the suite on the committed baseline (speed as ratios to the reference: any machine)',
    ],
    [
      '$0 bench scenarios/*.yaml --baseline bench/scenarios-baseline.json --results-only --format markdown',
      'A CI gate on exact results, as a job summary',
    ],
    ['$0 bench scenarios/*.yaml --baseline b.json --results-only --update-baseline', 'Record that baseline'],
    [
      '$0 bench --baseline bench/baseline.json --same-machine',
      'Gate absolute speed too, on the machine that recorded the baseline',
    ],
    [
      '$0 bench --format github-action-benchmark --out bench-out',
      'Files for benchmark-action/github-action-benchmark',
    ],
  ],
} as const;

export const COMPARE_USAGE = {
  command: 'compare <reportA> <reportB>',
  describe: 'Compare two report folders metric by metric, for example before and after a setting changed',
  positionals: {
    reportA: { type: 'string', demandOption: true, describe: 'Report folder to compare against (before)' },
    reportB: { type: 'string', demandOption: true, describe: 'Report folder to judge (after)' },
  },
  options: {
    metric: {
      type: 'string',
      describe: 'Compare only this metric (a name in summary.json, e.g. convergenceP95Ms)',
    },
    'fail-if-worse': {
      type: 'boolean',
      default: false,
      describe: `Exit ${EXIT_WORSE} when the metric (without --metric: any metric) got worse beyond its 95% interval`,
    },
    all: { type: 'boolean', default: false, describe: 'Show every metric, not only those that got better or worse' },
    json: { type: 'boolean', default: false, describe: 'Print the comparison as JSON on stdout' },
    tolerance: {
      type: 'string',
      describe:
        "Count a change as worse or better only when its 95% interval lies wholly beyond this share of a's figure, e.g. 1% " +
        '(default: any change whose interval leaves out 0)',
    },
  },
  examples: [
    [
      '$0 compare reports/before/default reports/default',
      'Every metric of every variant, before against after',
    ],
    [
      '$0 compare baseline/default reports/default --metric convergenceP95Ms --fail-if-worse',
      'Fail a CI job when p95 convergence got worse',
    ],
    ['$0 compare before/default after/default --all --json', 'Every metric, as JSON'],
    [
      '$0 compare baseline/default reports/default --fail-if-worse --tolerance 1%',
      'Fail only on changes beyond 1% of the baseline figure',
    ],
  ],
} as const;

export const SWEEP_USAGE = {
  command: 'sweep <scenario>',
  ownHelpOnError: true,
  describe: 'Run a scenario over a grid of field values and write one results folder',
  positionals: {
    scenario: { type: 'string', describe: 'Scenario YAML file', demandOption: true },
  },
  options: {
    set: {
      type: 'string',
      array: true,
      demandOption: true,
      describe:
        'A field (dotted path, list items by index) and its values: path=v1,v2,... Values are YAML scalars; ' +
        'commas inside ( ) or quotes stay in the value. Repeat for more fields: the grid is every combination.',
    },
    out: { type: 'string', describe: 'Results folder; default reports/<scenario file name>-sweep' },
    workers: workersOption('sweep'),
    resume: {
      type: 'boolean',
      default: false,
      describe: 'Keep the points already in the results folder and run only the missing ones',
    },
    shard: {
      type: 'string',
      describe:
        `Run only shard K of N (K from 1): K/N; or N alone to take K from ${JOB_INDEX_VARIABLE} + 1 ` +
        '(a Kubernetes Indexed Job). Writes point files only; combine the shards with merge.',
    },
    replications: {
      type: 'string',
      describe: `Override the scenario's replications, 1 to ${MAX_REPLICATIONS} (a --set of it wins)`,
    },
    quiet: { type: 'boolean', default: false, describe: 'No progress line, no summary on stdout' },
    charts: CHARTS_OPTION,
  },
  examples: [
    [
      '$0 sweep scenarios/poll-interval.yaml --set apps.replicas=2,4,8 --set cluster.nodes=10,20',
      'A 3 x 2 grid into reports/poll-interval-sweep/',
    ],
    [
      "$0 sweep s.yaml --set 'variants.1.delivery.interval=30s,2m,5m' --replications 5 --workers 4",
      "Sweep the second variant's poll interval on 4 threads",
    ],
    ['$0 sweep s.yaml --set ci.badRelease=0.01,0.05 --resume', 'Finish a sweep that was stopped'],
    ['$0 sweep s.yaml --set apps.count=10,100,1000 --shard 2/4 --out shard-2', 'The second of four shards'],
  ],
} as const satisfies CommandUsage;

export const MERGE_USAGE = {
  command: 'merge <folders..>',
  ownHelpOnError: true,
  describe: "Combine the results folders of a sweep's shards into one folder with the report",
  positionals: {
    folders: {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'Results folders of sweep --shard runs',
    },
  },
  options: {
    out: { type: 'string', demandOption: true, describe: 'Folder for the merged results and report' },
    quiet: { type: 'boolean', default: false, describe: 'Nothing on stdout' },
    charts: CHARTS_OPTION,
  },
  examples: [
    ['$0 merge shard-1 shard-2 shard-3 shard-4 --out reports/sweep', 'Four shards into one report'],
    ['$0 merge artifacts/* --out merged', 'Every downloaded CI artifact'],
  ],
} as const satisfies CommandUsage;

export const IMPORT_USAGE = {
  command: 'import <paths..>',
  describe: 'Write a scenario from Kubernetes, Argo CD, Flux and Rollouts manifests (and Git history)',
  positionals: {
    paths: {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'Manifest files or folders (.yaml/.yml, read recursively)',
    },
  },
  options: {
    out: { type: 'string', demandOption: true, describe: 'The scenario file to write' },
    git: {
      type: 'string',
      describe: 'The config repository: commits are mapped to the apps whose folders they touch',
    },
    commits: {
      type: 'string',
      choices: ['replay', 'fit'],
      default: 'replay',
      describe: 'With --git: replay the commit times (a CSV beside the scenario) or fit a rate',
    },
    name: { type: 'string', default: 'imported', describe: 'The scenario name' },
    quiet: { type: 'boolean', default: false, describe: 'Nothing on stdout or stderr unless it fails' },
  },
  examples: [
    ['$0 import deploy/ --out mine.yaml', 'A scenario from a folder of manifests'],
    ['$0 import clusters/ apps/ --git . --out mine.yaml', 'Replay the commit times of the config repository'],
    ['$0 import deploy/ --git ../config --commits fit --out mine.yaml', 'Fit a commit rate instead'],
  ],
} as const;

export const BENCH_COMMAND = defineCommand(BENCH_USAGE, async (a, io) =>
  (await import('./benchCommand.ts')).benchCommand({ ...a, scenarios: a.scenario ?? [] }, io),
);
export const COMPARE_COMMAND = defineCommand(COMPARE_USAGE, async (a, io) =>
  (await import('./compareCommand.ts')).compareCommand(a, io),
);
export const SWEEP_COMMAND = defineCommand(SWEEP_USAGE, async (a, io) =>
  (await import('./sweepCommand.ts')).sweepCommand(a, io),
);
export const MERGE_COMMAND = defineCommand(MERGE_USAGE, async (a, io) =>
  (await import('./mergeCommand.ts')).mergeCommand(a, io),
);
export const IMPORT_COMMAND = defineCommand(IMPORT_USAGE, async (a, io) =>
  (await import('./importCommand.ts')).importCommand(a, io),
);

export const VERSION_COMMAND = defineCommand(
  {
    command: 'version',
    describe: 'Print the tool and Node version (as --version does)',
    positionals: {},
    options: {},
    examples: [['$0 version', 'gitops-sim 0.1.0 (Node v20.20.2)']],
  },
  async (_a, io) => {
    io.stdout.write(`${(await import('../version.ts')).versionText()}\n`);
    return 0;
  },
);

/** Every command, in the order help lists them. */
export const COMMANDS: readonly RegistrableCommand[] = [
  RUN_COMMAND,
  VALIDATE_COMMAND,
  SCHEMA_COMMAND,
  IMPORT_COMMAND,
  COMPARE_COMMAND,
  BENCH_COMMAND,
  SWEEP_COMMAND,
  MERGE_COMMAND,
  VERSION_COMMAND,
];
