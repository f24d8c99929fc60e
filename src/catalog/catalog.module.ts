import { Module } from '@nestjs/common';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { ProductLineRepository } from './product-line.repository';

/** Admin CRUD of the product/service catalog; its repository serves the lines' readers elsewhere. */
@Module({
  controllers: [CatalogController],
  providers: [CatalogService, ProductLineRepository],
  exports: [CatalogService, ProductLineRepository],
})
export class CatalogModule {}
