import type { Rule } from '@trellis/journey';
import { draftOf, ruleOf, type ConditionProblem, type RuleDraft } from './rule-draft';

/** The rule being edited: in the form, or as JSON when it is shaped beyond what the form shows. */
export type RuleState = { mode: 'form'; draft: RuleDraft } | { mode: 'json'; text: string };

export type RuleResult = { rule: Rule } | { problems: Map<number, ConditionProblem> } | { badJson: string };

export function ruleStateOf(rule: Rule): RuleState {
  const draft = draftOf(rule);
  return draft ? { mode: 'form', draft } : { mode: 'json', text: JSON.stringify(rule, null, 2) };
}

/** The rule to send; its shape beyond JSON syntax is for the API to check, so its message is the one shown. */
export function ruleFrom(state: RuleState): RuleResult {
  if (state.mode === 'form') return ruleOf(state.draft);
  try {
    return { rule: JSON.parse(state.text) as Rule };
  } catch (error) {
    return { badJson: error instanceof Error ? error.message : String(error) };
  }
}
