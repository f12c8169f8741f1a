import { defineCustomElement } from '@tarojs/components/dist/components/taro-map-core'
import { wrapTaroComponent } from './wrap'

/** Map for H5, in the chunks of the pages that use it (see wrap.ts). */
export const Map = wrapTaroComponent<'Map'>('taro-map-core', defineCustomElement)
