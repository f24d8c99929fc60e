import { Module } from '@nestjs/common';
import { ActiveUsers } from './active-users';
import { PasswordHasher } from './password-hasher';
import { UserRepository } from './user.repository';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, UserRepository, PasswordHasher, ActiveUsers],
  exports: [UsersService, ActiveUsers],
})
export class UsersModule {}
