/** Video: the platform's own component on WeChat (see wrap.ts for why H5 has its own file). */
export { Video } from '@tarojs/components'
