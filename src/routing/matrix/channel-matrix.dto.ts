import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shape of the channel matrix; validation is validateMatrix's (src/routing/domain). */
export class ChannelMatrixDto {
  @ApiPropertyOptional({ description: 'assigned by the server on PUT; ignored in the body' })
  version?: number;

  @ApiProperty({
    description:
      'complexity (simple | standard | complex) -> revenue tier (small | medium | large) -> field | e_sales | partner',
    example: {
      simple: { small: 'e_sales', medium: 'e_sales', large: 'e_sales' },
      standard: { small: 'partner', medium: 'partner', large: 'partner' },
      complex: { small: 'partner', medium: 'partner', large: 'field' },
    },
  })
  cells!: Record<string, Record<string, string>>;

  @ApiProperty({ example: { medium: 1_000_000, large: 10_000_000 }, description: 'lower bounds of the tiers' })
  revenueThresholds!: { medium: number; large: number };

  @ApiProperty({ enum: ['M0', 'M1', 'M2', 'M3', 'M4'], description: 'below it a lead is nurtured' })
  qualificationBar!: string;

  @ApiPropertyOptional() createdAt?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) createdBy?: string | null;
}
