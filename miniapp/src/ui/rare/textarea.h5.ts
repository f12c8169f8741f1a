import { defineCustomElement } from '@tarojs/components/dist/components/taro-textarea-core'
import { wrapTaroComponent } from './wrap'

/** Textarea for H5, in the chunks of the pages that use it (see wrap.ts). */
export const Textarea = wrapTaroComponent<'Textarea'>('taro-textarea-core', defineCustomElement)
