import { DataSource } from 'typeorm';
import { databaseUrlOf, loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (`npx typeorm migration:generate -d dist/database/data-source.js ...`); needs DATABASE_URL. */
export default new DataSource(dataSourceOptions(databaseUrlOf(loadConfig())));
