import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError } from '../common/domain-error';
import { createValidationPipe } from '../common/validation.pipe';
import type { Principal } from '../auth/auth.types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import {
  AddTargetsDto,
  CampaignTargetView,
  CampaignView,
  CreateCampaignDto,
  ListCampaignsQuery,
  ListTargetsQuery,
  TargetImportView,
  UpdateCampaignDto,
} from './campaign.dto';
import { CampaignImportService } from './campaign-import.service';
import { CampaignsService } from './campaigns.service';
import { TARGET_FILE_TYPES, TargetUploadRequest } from './target-upload.middleware';

const UPLOAD_MAX_BYTES = 16 * 1024 * 1024;

/** Outbound campaigns, run by supervisors: Demand Generation invitations and e-Coverage account calls. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly imports: CampaignImportService,
  ) {}

  @Post()
  @Roles('supervisor')
  @ApiOperation({ summary: 'Creates a draft campaign (with its seminar, for an invitation)' })
  @ApiCreatedResponse({ type: CampaignView })
  create(@Body() dto: CreateCampaignDto, @CurrentPrincipal() p: Principal): Promise<CampaignView> {
    return this.campaigns.create(p, dto);
  }

  @Get()
  @Roles('supervisor')
  @ApiOkResponse({ type: [CampaignView] })
  list(@Query() query: ListCampaignsQuery): Promise<CampaignView[]> {
    return this.campaigns.list(query);
  }

  @Get(':id')
  @Roles('supervisor')
  @ApiOperation({
    summary: 'The campaign with its progress: targets by state and disposition, attempts, registrations, leads',
  })
  @ApiOkResponse({ type: CampaignView })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<CampaignView> {
    return this.campaigns.get(id);
  }

  @Patch(':id')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Starts, pauses, resumes or ends the campaign (draft -> active <-> paused -> done)' })
  @ApiOkResponse({ type: CampaignView })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateCampaignDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CampaignView> {
    return this.campaigns.setStatus(p, id, dto);
  }

  @Post(':id/targets')
  @HttpCode(200)
  @Roles('supervisor')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: UPLOAD_MAX_BYTES, files: 1 } }))
  @ApiOperation({
    summary: 'Adds targets: JSON { targets: [...] }, a text/csv body, or a multipart upload with a file part "file"',
    description:
      'CSV: a header row naming name, phone, email, company, language, consent (others ignored); UTF-8 with or ' +
      'without BOM, UTF-16 with BOM, Shift_JIS or GB18030, detected unless `?charset=` or the Content-Type charset ' +
      'names it. Rows count from 1 after the header; skipped rows are reported with their reason.',
  })
  @ApiConsumes('application/json', 'text/csv', 'multipart/form-data')
  @ApiBody({ type: AddTargetsDto })
  @ApiQuery({ name: 'charset', required: false, description: 'utf-8, shift_jis or gb18030 (else detected)' })
  @ApiOkResponse({ type: TargetImportView })
  async addTargets(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: TargetUploadRequest,
    @UploadedFile() file: { buffer: Buffer } | undefined,
    @Query('charset') charset: string | undefined,
    @CurrentPrincipal() p: Principal,
  ): Promise<TargetImportView> {
    const named = typeof charset === 'string' && charset ? charset : charsetOf(req.headers['content-type']);
    if (file) return this.imports.importCsv(p, id, file.buffer, named);
    if (req.targetFile) return this.imports.importCsv(p, id, req.targetFile, named);
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (!type.startsWith('application/json')) {
      throw new DomainError(
        'validation_failed',
        `send JSON, one of ${TARGET_FILE_TYPES.join(', ')}, or multipart with a file part "file"`,
        [{ field: 'file', message: 'a target list or file is required' }],
      );
    }
    const dto = (await createValidationPipe().transform(req.body, {
      type: 'body',
      metatype: AddTargetsDto,
    })) as AddTargetsDto;
    return this.imports.importJson(p, id, dto.targets);
  }

  @Get(':id/targets')
  @Roles('supervisor')
  @ApiOkResponse({ type: [CampaignTargetView] })
  targets(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ListTargetsQuery,
  ): Promise<CampaignTargetView[]> {
    return this.campaigns.listTargets(id, query);
  }
}

function charsetOf(contentType: string | undefined): string | null {
  const match = /;\s*charset="?([^";]+)"?/i.exec(contentType ?? '');
  return match ? match[1] : null;
}
