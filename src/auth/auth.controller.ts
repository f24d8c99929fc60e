import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from '../common/validators';
import { DomainError } from '../common/domain-error';
import { UserView } from '../users/user.dto';
import { toUserView, UsersService } from '../users/users.service';
import { Public } from './public.decorator';
import { TokenService } from './token.service';

class LoginDto {
  @ApiProperty()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmailAddress({ message: 'email must be an e-mail address' })
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

class LoginAnswer {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'seconds' }) expiresIn!: number;
  @ApiProperty({ type: UserView }) user!: UserView;
}

@ApiTags('auth')
@Controller('auth')
@UseGuards(ThrottlerGuard)
@SkipThrottle({ default: true })
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginAnswer })
  async login(@Body() dto: LoginDto): Promise<LoginAnswer> {
    const user = await this.users.authenticate(dto.email, dto.password);
    if (!user) throw new DomainError('unauthenticated', 'e-mail or password is wrong');
    return { ...this.tokens.sign({ id: user.id, email: user.email, roles: user.roles }), user: toUserView(user) };
  }
}
