import { Logger } from '@nestjs/common';
import { FakeChannelMatrixRepository } from '../../../test/fakes/fake-leads';
import { FakeUnitOfWork } from '../../../test/fakes/fake-unit-of-work';
import { asPort } from '../../../test/fakes/public';
import { DEFAULT_CHANNEL_MATRIX } from '../domain/channel-matrix';
import type { ChannelMatrixRepository } from './channel-matrix.repository';
import { ChannelMatrixService } from './channel-matrix.service';

const ADMIN = '00000000-0000-4000-8000-0000000000ad';
const { version: _version, ...document } = DEFAULT_CHANNEL_MATRIX;

function setup(stored: object | null = document) {
  const unitOfWork = new FakeUnitOfWork();
  const matrices = new FakeChannelMatrixRepository(stored ?? undefined);
  const service = new ChannelMatrixService(unitOfWork, asPort<ChannelMatrixRepository>(matrices));
  return { unitOfWork, matrices, service };
}

describe('ChannelMatrixService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('saves a change as the next version under the lock, ignoring a version in the input', async () => {
    const { service, matrices } = setup();
    const changed = { ...document, version: 99, qualificationBar: 'M3' };

    const stored = await service.replace(changed, ADMIN);
    expect(stored).toMatchObject({ version: 2, qualificationBar: 'M3', createdBy: ADMIN });
    expect(matrices.locks).toBe(1);
    await expect(service.current()).resolves.toMatchObject({ version: 2 });
    await expect(service.version(1)).resolves.toMatchObject({ version: 1, qualificationBar: 'M2' });
    expect((await service.versions()).map((v) => v.version)).toEqual([2, 1]);
  });

  it('refuses an invalid matrix naming its fields, saving nothing', async () => {
    const { service, matrices, unitOfWork } = setup();
    const refused = service.replace({ ...document, qualificationBar: 'M9', cells: {} }, ADMIN);
    await expect(refused).rejects.toMatchObject({ code: 'validation_failed' });
    const error = (await refused.catch((e: unknown) => e)) as { fieldErrors: { field: string }[] };
    expect(error.fieldErrors.map((e) => e.field)).toEqual(expect.arrayContaining(['qualificationBar']));
    expect(matrices.records).toHaveLength(1);
    expect(unitOfWork.rolledBack).toBe(1);
    await expect(service.replace([], ADMIN)).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('answers unavailable without a stored matrix, not found for an unknown version', async () => {
    await expect(setup(null).service.current()).rejects.toMatchObject({ code: 'unavailable' });
    await expect(setup().service.version(7)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a stored document edited by hand into an invalid one', async () => {
    await expect(setup({ cells: {} }).service.current()).rejects.toMatchObject({ code: 'unavailable' });
  });
});
