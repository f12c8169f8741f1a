import { defineCustomElement } from '@tarojs/components/dist/components/taro-video-core'
import { wrapTaroComponent } from './wrap'

/** Video for H5, in the chunks of the pages that use it (see wrap.ts). */
export const Video = wrapTaroComponent<'Video'>('taro-video-core', defineCustomElement)
