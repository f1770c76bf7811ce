import { Logger as GraphileLogger, type LogLevel } from 'graphile-worker';
import type { Logger } from '../lib/logger.ts';

const LEVELS: Record<LogLevel, 'error' | 'warn' | 'info' | 'debug'> = {
  error: 'error',
  warning: 'warn',
  info: 'info',
  debug: 'debug',
};

/**
 * graphile-worker's log lines, written through our pino logger. Its report of a failed attempt
 * is demoted to debug: the task wrapper in worker.ts logs that already, with our fields.
 */
export function graphileLogger(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => {
    const fields: Record<string, string> = { component: 'graphile-worker' };
    if (scope.label) fields.label = scope.label;
    if (scope.workerId) fields.workerId = scope.workerId;
    if (scope.taskIdentifier) fields.task = scope.taskIdentifier;
    if (scope.jobId) fields.jobId = scope.jobId;
    const scoped = logger.child(fields);
    return (level, message, meta) => {
      const target = meta?.failure === true ? 'debug' : LEVELS[level];
      if (meta?.error !== undefined) scoped[target]({ err: meta.error }, message);
      else scoped[target](message);
    };
  });
}
