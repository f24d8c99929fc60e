import { Injectable } from '@nestjs/common';
import twilio from 'twilio';
import type { Principal } from '../auth/auth.types';
import { DomainError } from '../common/domain-error';
import { AppConfig, InjectConfig } from '../config/app-config';
import { softphoneIdentity } from './softphone-identity';

/** Lifetime of a softphone access token; the console fetches a new one before it runs out. */
export const SOFTPHONE_TOKEN_TTL_SECONDS = 3600;

/** The variables a softphone token needs, in the order an operator would set them. */
export const SOFTPHONE_VARIABLES = [
  'TWILIO_ACCOUNT_SID',
  'TWILIO_API_KEY_SID',
  'TWILIO_API_KEY_SECRET',
  'TWILIO_TWIML_APP_SID',
] as const;

export interface SoftphoneToken {
  /** A Twilio Voice access token (JWT) for `new Twilio.Device(token)`. */
  token: string;
  /** The Twilio Client identity calls reach the agent by (`client:<identity>`). */
  identity: string;
  ttlSeconds: number;
  expiresAt: string;
}

/** Issues Twilio Voice access tokens for agents' browser softphones. */
@Injectable()
export class SoftphoneService {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  issue(principal: Principal): SoftphoneToken {
    const missing = SOFTPHONE_VARIABLES.filter((name) => !this.config[name]);
    const { TWILIO_ACCOUNT_SID, TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET, TWILIO_TWIML_APP_SID } = this.config;
    if (missing.length > 0 || !TWILIO_ACCOUNT_SID || !TWILIO_API_KEY_SID || !TWILIO_API_KEY_SECRET) {
      throw new DomainError('unavailable', `softphone is not configured: set ${missing.join(', ')}`);
    }
    const identity = softphoneIdentity(principal.id);
    const { AccessToken } = twilio.jwt;
    const accessToken = new AccessToken(TWILIO_ACCOUNT_SID, TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET, {
      identity,
      ttl: SOFTPHONE_TOKEN_TTL_SECONDS,
    });
    accessToken.addGrant(
      new AccessToken.VoiceGrant({ outgoingApplicationSid: TWILIO_TWIML_APP_SID, incomingAllow: true }),
    );
    return {
      token: accessToken.toJwt(),
      identity,
      ttlSeconds: SOFTPHONE_TOKEN_TTL_SECONDS,
      expiresAt: new Date(Date.now() + SOFTPHONE_TOKEN_TTL_SECONDS * 1000).toISOString(),
    };
  }
}
