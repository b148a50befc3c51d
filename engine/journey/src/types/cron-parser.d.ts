/** The parser module on its own (see time/schedule.ts): same types as the package index. */
declare module 'cron-parser/dist/CronExpressionParser' {
  export { CronExpressionParser } from 'cron-parser';
}
