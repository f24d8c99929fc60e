import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/auth.types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { SoftphoneService, type SoftphoneToken } from './softphone.service';

class SoftphoneTokenAnswer implements SoftphoneToken {
  @ApiProperty({ description: 'Twilio Voice access token (JWT) for the Voice JavaScript SDK' }) token!: string;
  @ApiProperty({ example: 'agent_3f2b8c1e_9a4d_4e6f_8b1a_0c2d3e4f5a6b' }) identity!: string;
  @ApiProperty() ttlSeconds!: number;
  @ApiProperty() expiresAt!: string;
}

@ApiTags('console')
@ApiBearerAuth()
@Controller('softphone')
export class SoftphoneController {
  constructor(private readonly softphone: SoftphoneService) {}

  @Post('token')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: SoftphoneTokenAnswer })
  @ApiServiceUnavailableResponse({ description: 'code "unavailable": names the missing TWILIO_* variables' })
  token(@CurrentPrincipal() principal: Principal): SoftphoneToken {
    return this.softphone.issue(principal);
  }
}
