import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (`npx typeorm migration:generate -d dist/database/data-source.js ...`). */
export default new DataSource(dataSourceOptions(loadConfig().DATABASE_URL));
