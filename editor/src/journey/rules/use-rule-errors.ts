import { maxRuleDepth, type Rule } from '@trellis/journey';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ruleIssues } from './rule-model';

type RuleSchema = Parameters<typeof ruleIssues>[1];

/**
 * The builder's `errors` for a rule, checked in the browser against the model (`boundedRule`
 * unless `schema` says otherwise, e.g. `queryableRule` for segments) and worded from the
 * `rules` locale; the model's own message only for problems without a wording of ours.
 */
export function useRuleErrors(value: Rule | undefined, schema?: RuleSchema): Record<string, string[]> {
  const { t } = useTranslation('rules');
  return useMemo(() => {
    const errors: Record<string, string[]> = {};
    if (value === undefined) return errors;
    for (const issue of ruleIssues(value, schema)) {
      const message = issue.code === 'invalid' ? issue.message : t(`issues.${issue.code}`, { max: maxRuleDepth });
      const messages = (errors[issue.key] ??= []);
      if (!messages.includes(message)) messages.push(message);
    }
    return errors;
  }, [value, schema, t]);
}
