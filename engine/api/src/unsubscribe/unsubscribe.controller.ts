import { Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Public } from '../access/decorators';
import { confirmPage, donePage, invalidPage } from './unsubscribe-page';
import { UnsubscribeService } from './unsubscribe.service';

/** Public: reached from a message by its recipient, signed instead of signed in. */
@ApiTags('unsubscribe')
@Controller('v1/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly unsubscribes: UnsubscribeService) {}

  @Get(':token')
  @Public()
  @ApiOperation({ summary: 'The page an unsubscribe link opens: it asks before unsubscribing, since mail scanners open links' })
  async confirm(@Param('token') token: string, @Res() response: Response) {
    const claim = await this.unsubscribes.verify(token);
    response
      .status(claim ? 200 : 404)
      .type('html')
      .send(claim ? confirmPage(claim.channel) : invalidPage());
  }

  @Post(':token')
  @Public()
  @ApiOperation({ summary: 'Unsubscribe: the page’s button, or a mail client’s RFC 8058 one-click POST (List-Unsubscribe=One-Click)' })
  async unsubscribe(@Param('token') token: string, @Res() response: Response) {
    const claim = await this.unsubscribes.verify(token);
    const done = claim ? await this.unsubscribes.unsubscribe(claim, response.req.is('application/x-www-form-urlencoded') && response.req.body?.['List-Unsubscribe'] === 'One-Click' ? 'one-click' : 'link') : false;
    response
      .status(done ? 200 : 404)
      .type('html')
      .send(done ? donePage(claim!.channel) : invalidPage());
  }
}
