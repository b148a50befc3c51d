/** The parser module on its own (see time/schedule.ts), typed as the package entry types it. */
declare module 'cron-parser/dist/CronExpressionParser' {
  export { CronExpressionParser } from 'cron-parser';
}
