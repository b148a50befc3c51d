import { Body, Controller, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { Public } from '../access/decorators';
import { DeliveryReportsService } from './delivery-reports.service';

/** Public: providers post here, signed with the workspace's provider credentials instead of a Trellis key. */
@ApiTags('channels')
@Controller('v1/channels')
export class DeliveryReportsController {
  constructor(private readonly reports: DeliveryReportsService) {}

  @Post('sms/status/:sendId')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Twilio’s delivery report for one SMS (its StatusCallback), checked against X-Twilio-Signature' })
  smsStatus(@Param('sendId') sendId: string, @Req() request: Request, @Body() body: unknown, @Headers('x-twilio-signature') signature?: string) {
    const params = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    return this.reports.smsStatus(sendId, request.originalUrl, params, signature);
  }
}
