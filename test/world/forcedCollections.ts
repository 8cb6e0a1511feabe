import {
  constants,
  type NodeGCPerformanceDetail,
  PerformanceObserver,
  type PerformanceObserverEntryList,
} from 'node:perf_hooks';
import { collectBeforeReport } from '../../src/world/collectGarbage.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The full collections forced (collectGarbage.ts, not V8's own) while `work` ran, seen as Node's
 * 'gc' performance entries. A model an earlier test left is collected before counting.
 */
export async function forcedCollections(work: () => unknown): Promise<number> {
  let forced = 0;
  const count = (entries: ReturnType<PerformanceObserverEntryList['getEntries']>) => {
    for (const entry of entries) {
      const { kind, flags } = (entry as { detail?: NodeGCPerformanceDetail }).detail!;
      const major = kind === constants.NODE_PERFORMANCE_GC_MAJOR;
      if (major && (flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0) forced++;
    }
  };
  const observer = new PerformanceObserver((list) => count(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  collectBeforeReport();
  await nextTurn();
  observer.takeRecords();
  forced = 0;
  await work();
  // Node queues a collection's entry after it: let it through.
  await nextTurn();
  await nextTurn();
  count(observer.takeRecords());
  observer.disconnect();
  return forced;
}
