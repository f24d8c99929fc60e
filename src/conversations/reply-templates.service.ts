import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../common/domain-error';
import { UnitOfWork } from '../database/unit-of-work';
import { unknownPlaceholders } from './domain/reply-template';
import type {
  ListReplyTemplatesQuery,
  PatchReplyTemplateDto,
  ReplyTemplateDto,
  ReplyTemplateView,
} from './reply-template.dto';
import { NewReplyTemplate, ReplyTemplateRecord, ReplyTemplateRepository } from './reply-template.repository';

const view = (t: ReplyTemplateRecord): ReplyTemplateView => ({
  id: t.id,
  name: t.name,
  language: t.language,
  medium: t.medium,
  subject: t.subject,
  body: t.body,
});

/** Reply templates: every staff member reads them, admins write them; placeholders are checked on write. */
@Injectable()
export class ReplyTemplatesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly templates: ReplyTemplateRepository,
  ) {}

  async list(query: ListReplyTemplatesQuery): Promise<{ items: ReplyTemplateView[] }> {
    return { items: (await this.templates.list(query)).map(view) };
  }

  async create(dto: ReplyTemplateDto): Promise<ReplyTemplateView> {
    const template = checked({ ...dto, subject: dto.subject ?? null });
    const created = await this.unitOfWork.run(() => this.templates.insert(template));
    if (!created) throw taken();
    return view(created);
  }

  async update(id: string, dto: PatchReplyTemplateDto): Promise<ReplyTemplateView> {
    return this.unitOfWork.run(async () => {
      const current = await this.templates.findById(id);
      if (!current) throw notFound('reply template', id);
      const template = checked({
        name: dto.name ?? current.name,
        language: dto.language ?? current.language,
        medium: dto.medium ?? current.medium,
        subject: dto.subject !== undefined ? dto.subject : current.subject,
        body: dto.body ?? current.body,
      });
      if (await this.templates.nameTaken(template, id)) throw taken();
      const updated = await this.templates.update(id, template);
      if (!updated) throw notFound('reply template', id);
      return view(updated);
    });
  }
}

function checked(template: NewReplyTemplate): NewReplyTemplate {
  for (const name of ['subject', 'body'] as const) {
    const unknown = unknownPlaceholders(template[name] ?? '');
    if (unknown.length > 0) {
      const message = `${name} names unknown placeholders: ${unknown.map((p) => `{{${p}}}`).join(', ')}`;
      throw new DomainError('validation_failed', message, [{ field: name, message }]);
    }
  }
  return template;
}

const taken = () =>
  new DomainError('conflict', 'a template of this name, language and medium exists', [
    { field: 'name', message: 'is taken for this language and medium' },
  ]);
