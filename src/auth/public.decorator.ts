import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'auth:public';

/** Opens a route to callers without a token (customers, providers, probes). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
