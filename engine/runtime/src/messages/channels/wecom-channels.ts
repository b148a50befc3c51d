import { WecomChannelConfig } from '@trellis/journey';
import { ChannelAdapter } from './channel-adapter';
import { ProviderHttp } from './provider-http';
import { wecomApi } from './wecom-api';
import { wecomChannel } from './wecom-channel';
import { wecomGroupChannel } from './wecom-group-channel';
import { wecomMomentsChannel } from './wecom-moments-channel';

/** WeCom's three channels (1:1, customer groups, Moments) over one API client, so they share access tokens. */
export function wecomChannels(options: { http: ProviderHttp; timeoutMs?: number }): ChannelAdapter<'wecom', WecomChannelConfig>[] {
  const api = wecomApi(options);
  return [wecomChannel(api), wecomGroupChannel(api), wecomMomentsChannel(api)];
}
