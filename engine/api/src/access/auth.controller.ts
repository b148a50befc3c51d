import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { z } from 'zod';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import { acceptInviteBody, changePasswordBody, signInBody } from './access.dto';
import { CurrentOperator, Public, SignedInOnly } from './decorators';
import { OperatorsService } from './operators.service';
import { SignedIn } from './principal';

/** Guessing passwords is slow: a client address gets this many sign-in attempts a minute. */
const signInAttempts = { default: { limit: 10, ttl: 60_000 } };

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly operators: OperatorsService) {}

  @Post('sign-in')
  @HttpCode(200)
  @Public()
  @Throttle(signInAttempts)
  @ApiOperation({ summary: 'Sign in with email and password: a session token (send it as a bearer token) and your workspaces' })
  @ApiZodBody(signInBody)
  signIn(@Body(new ZodPipe(signInBody)) body: z.infer<typeof signInBody>) {
    return this.operators.signIn(body);
  }

  @Post('accept-invite')
  @HttpCode(200)
  @Public()
  @Throttle(signInAttempts)
  @ApiOperation({ summary: 'Join a workspace with an invitation token: creates your account (name, password) or proves it (password); signs you in' })
  @ApiZodBody(acceptInviteBody)
  acceptInvite(@Body(new ZodPipe(acceptInviteBody)) body: z.infer<typeof acceptInviteBody>) {
    return this.operators.acceptInvite(body);
  }

  @Get('me')
  @SignedInOnly()
  @ApiOperation({ summary: 'The signed-in operator and their role in each workspace' })
  me(@CurrentOperator() signedIn: SignedIn) {
    return this.operators.me(signedIn);
  }

  @Post('sign-out')
  @HttpCode(204)
  @SignedInOnly()
  @ApiOperation({ summary: 'End this session: its token stops working at once' })
  async signOut(@CurrentOperator() signedIn: SignedIn) {
    await this.operators.signOut(signedIn);
  }

  @Post('password')
  @HttpCode(204)
  @SignedInOnly()
  @ApiOperation({ summary: 'Change your password (the current one is required)' })
  @ApiZodBody(changePasswordBody)
  async changePassword(@CurrentOperator() signedIn: SignedIn, @Body(new ZodPipe(changePasswordBody)) body: z.infer<typeof changePasswordBody>) {
    await this.operators.changePassword(signedIn, body);
  }
}
