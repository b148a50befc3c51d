import type { TFunction } from 'i18next';
import type { Rule } from '@trellis/journey';

function value(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object' && value !== null && 'amount' in value && 'unit' in value) return `${String(value.amount)} ${String(value.unit)}`;
  return JSON.stringify(value);
}

/** A rule in words, for the segment's page: "all of: traits.city is "上海"; has tag vip". */
export function ruleSummary(rule: Rule, t: TFunction<'segments'>): string {
  switch (rule.kind) {
    case 'all':
    case 'any':
      if (rule.rules.length === 0) return rule.kind === 'all' ? t('summary.everyone') : t('summary.nobody');
      return t(`summary.${rule.kind}`, { rules: rule.rules.map((inner) => ruleSummary(inner, t)).join(t('summary.separator')) });
    case 'not':
      return t('summary.not', { rule: ruleSummary(rule.rule, t) });
    case 'tags':
      return `${t(`summary.tagsOps.${rule.op}`)} ${rule.tags.join(', ')}`;
    case 'event': {
      const within = rule.within ? t('summary.within', { amount: rule.within.amount, unit: t(`summary.units.${rule.within.unit}`) }) : '';
      const count = rule.op === 'none' ? t('summary.never', { name: rule.name }) : t(`summary.${rule.op}`, { name: rule.name, count: rule.count ?? 1 });
      return `${count}${within}${rule.where ? t('summary.where', { rule: ruleSummary(rule.where, t) }) : ''}`;
    }
    case 'field':
      return 'value' in rule ? `${rule.path} ${t(`summary.fieldOps.${rule.op}`)} ${value(rule.value)}` : `${rule.path} ${t(`summary.fieldOps.${rule.op}`)}`;
  }
}
