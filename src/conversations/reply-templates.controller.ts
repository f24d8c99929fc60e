import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import {
  ListReplyTemplatesQuery,
  PatchReplyTemplateDto,
  ReplyTemplateDto,
  ReplyTemplateList,
  ReplyTemplateView,
} from './reply-template.dto';
import { ReplyTemplatesService } from './reply-templates.service';

/** Reply templates per language and medium: staff read, admins write. */
@ApiTags('conversations')
@ApiBearerAuth()
@Controller('reply-templates')
export class ReplyTemplatesController {
  constructor(private readonly templates: ReplyTemplatesService) {}

  @Get()
  @ApiOkResponse({ type: ReplyTemplateList })
  list(@Query() query: ListReplyTemplatesQuery) {
    return this.templates.list(query);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: ReplyTemplateView })
  create(@Body() dto: ReplyTemplateDto) {
    return this.templates.create(dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: ReplyTemplateView })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: PatchReplyTemplateDto) {
    return this.templates.update(id, dto);
  }
}
