import { Global, Module } from '@nestjs/common';
import { WechatClient } from './wechat.client';

/**
 * The portal's one WeChat client, global so that a feature may use it where the portal runs
 * without importing it: the residents feature exchanges 手机号快速验证 codes with it, yet the demo
 * seeder boots that feature in a command that has no WeChat settings and needs none.
 */
@Global()
@Module({ providers: [WechatClient], exports: [WechatClient] })
export class WechatModule {}
