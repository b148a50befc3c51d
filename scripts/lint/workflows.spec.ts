import { compile, instantiateTemplate, journeyTemplate } from '@trellis/journey';
import { createNodeCatalogue } from '@trellis/nodes';
import { checkTemplateFixture, templateFixture } from '@trellis/nodes/dist/testing/template-fixture';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { repoRoot } from '../lib/paths';

const dir = join(repoRoot, 'workflows');
const files = readdirSync(dir).filter((name) => name.endsWith('.json'));

/** Every template in workflows/ is valid and compiles, so a reviewed template always publishes. */
describe('workflows/ templates', () => {
  it('has templates', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s is a valid template that compiles with its default parameters', (file) => {
    const parsed = journeyTemplate.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    expect(parsed.data.id).toBe(basename(file, '.json'));
    const made = instantiateTemplate(parsed.data, {});
    if (!made.ok) throw new Error(`${file}: ${made.errors.map((error) => `${error.parameter}: ${error.message}`).join('; ')}`);
    const result = compile(made.journey, createNodeCatalogue());
    if (!result.ok) throw new Error(`${file}: ${result.errors.map((error) => `${error.nodeId ?? ''} ${error.code}: ${error.message}`).join('; ')}`);
  });

  it.each(files)('%s behaves as its fixture says when simulated', async (file) => {
    const template = journeyTemplate.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    const fixturePath = join(dir, 'fixtures', file);
    if (!existsSync(fixturePath)) throw new Error(`${file}: no fixture at workflows/fixtures/${file} (contacts, events and the expected outcome)`);
    const fixture = templateFixture.safeParse(JSON.parse(readFileSync(fixturePath, 'utf8')));
    if (!fixture.success) throw new Error(`fixtures/${file}: ${fixture.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    expect(await checkTemplateFixture(template, fixture.data)).toEqual([]);
  });

  it.each(files)('%s has a CHANGELOG entry for its version', (file) => {
    const template = journeyTemplate.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toContain(`\`${template.id}@${template.version}\``);
  });
});
