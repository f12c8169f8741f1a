import { defineCustomElement } from '@tarojs/components/dist/components/taro-canvas-core'
import { wrapTaroComponent } from './wrap'

/** Canvas for H5, in the chunks of the pages that use it (see wrap.ts). */
export const Canvas = wrapTaroComponent<'Canvas'>('taro-canvas-core', defineCustomElement)
