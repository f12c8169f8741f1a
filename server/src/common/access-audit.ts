import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_KEY, AccessRule } from './access';

/** Refuses to start when any endpoint has not declared who may call it. */
@Injectable()
export class AccessAudit implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared = this.undeclaredEndpoints();
    if (undeclared.length > 0) {
      throw new Error(`Endpoints without an access rule (add @Public, @Roles or @Authenticated): ${undeclared.join(', ')}`);
    }
  }

  undeclaredEndpoints(): string[] {
    const missing: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const handler = proto[name] as () => unknown;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, metatype]);
        if (!rule) missing.push(`${metatype.name}.${name}`);
      }
    }
    return missing;
  }
}
