import { Inject, Injectable, Logger } from '@nestjs/common';
import { instantiateTemplate, journeyTemplate, templateParametersJsonSchema, type JourneyTemplate } from '@trellis/journey';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { API_CONFIG, ApiConfig, templatesDir } from '../config/api-config';
import { problems } from '../common/problem';
import { JourneysService } from '../journeys/journeys.service';

/** Templates are files; a short cache spares a directory read per gallery view while edits still show. */
const cacheMs = 5_000;

/**
 * The template library (`workflows/`, or TRELLIS_TEMPLATES_DIR): listed for the editor's gallery and
 * instantiated into journey drafts. A file that does not parse is left out and logged, not served.
 */
@Injectable()
export class JourneyTemplatesService {
  private readonly logger = new Logger('JourneyTemplates');
  private cached?: { at: number; templates: Promise<JourneyTemplate[]> };

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly journeys: JourneysService,
  ) {}

  async list() {
    const templates = await this.load();
    return {
      templates: templates.map((template) => ({
        id: template.id,
        version: template.version,
        title: template.title,
        description: template.description,
        locales: template.locales,
        parameters: template.parameters,
        parametersSchema: templateParametersJsonSchema(template),
        nodes: template.journey.nodes.length,
      })),
    };
  }

  async instantiate(workspaceId: string, id: string, input: { name?: string; parameters: Record<string, unknown> }) {
    const template = (await this.load()).find((candidate) => candidate.id === id);
    if (!template) throw problems.notFound(`Template ${id}`);
    const result = instantiateTemplate(template, input.parameters, input.name);
    if (!result.ok) {
      throw problems.unprocessable(
        `Template ${id} cannot be filled in with these parameters.`,
        result.errors.map((error) => ({ code: 'invalid_parameter', message: error.message, path: `parameters.${error.parameter}` })),
        'Invalid template parameters',
      );
    }
    return this.journeys.create(workspaceId, result.journey);
  }

  private load(): Promise<JourneyTemplate[]> {
    if (this.cached && Date.now() - this.cached.at < cacheMs) return this.cached.templates;
    const templates = this.read();
    this.cached = { at: Date.now(), templates };
    return templates;
  }

  private async read(): Promise<JourneyTemplate[]> {
    const dir = templatesDir(this.config);
    const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith('.json')).sort();
    const templates: JourneyTemplate[] = [];
    for (const file of files) {
      try {
        const parsed = journeyTemplate.safeParse(JSON.parse(await readFile(join(dir, file), 'utf8')));
        if (parsed.success) templates.push(parsed.data);
        else this.logger.warn(`${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
      } catch (error) {
        this.logger.warn(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return templates;
  }
}
