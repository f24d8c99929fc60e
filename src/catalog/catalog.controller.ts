import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator';
import { DomainError } from '../common/domain-error';
import { ProductLineView, PutProductLineDto } from './catalog.dto';
import { CatalogService } from './catalog.service';

const CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

function checkCode(code: string): string {
  if (!CODE.test(code)) {
    throw new DomainError('validation_failed', 'code must be a catalog code (lowercase letters, digits, - and _)', [
      { field: 'code', message: 'must be a catalog code such as network' },
    ]);
  }
  return code;
}

/** `GET /catalog/product-lines[/:code]` (staff), `PUT /catalog/product-lines/:code` (admin). */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller('catalog/product-lines')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOkResponse({ type: [ProductLineView] })
  list(): Promise<ProductLineView[]> {
    return this.catalog.list();
  }

  @Get(':code')
  @ApiOkResponse({ type: ProductLineView })
  get(@Param('code') code: string): Promise<ProductLineView> {
    return this.catalog.get(checkCode(code));
  }

  /** 201 when the line is new, 200 when it replaced an existing one. */
  @Put(':code')
  @Roles('admin')
  @ApiOkResponse({ type: ProductLineView })
  async put(
    @Param('code') code: string,
    @Body() dto: PutProductLineDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProductLineView> {
    const { line, created } = await this.catalog.put(checkCode(code), dto);
    res.status(created ? 201 : 200);
    return line;
  }
}
