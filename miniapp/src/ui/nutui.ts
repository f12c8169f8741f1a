/*
 * NutUI components, each imported from its own folder together with its own stylesheet,
 * so a package carries only the components it uses. Only components the main package
 * needs belong here; a component used by one subpackage alone gets its own file.
 */
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/checkbox/style/css'

export { default as Button } from '@nutui/nutui-react-taro/dist/es/packages/button'
export { default as Switch } from '@nutui/nutui-react-taro/dist/es/packages/switch'
export { default as Input } from '@nutui/nutui-react-taro/dist/es/packages/input'
export { default as Checkbox } from '@nutui/nutui-react-taro/dist/es/packages/checkbox'
