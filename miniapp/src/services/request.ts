import Taro from '@tarojs/taro'
import { ACTING_FOR_HEADER, type ApiError as ApiErrorBody, AuthError, ClientError, ErrorCode, httpStatusError } from '@lp/shared'
import { privacyProblem } from '../utils/privacy'
import { ROUTES, currentRoute } from '../utils/routes'
import { withQuery, type QueryValue } from '../utils/url'
import {
  fillPath,
  type Answer,
  type AuthOption,
  type BytesPath,
  type BytesType,
  type CallInit,
  type EventData,
  type EventPath,
  type FormField,
  type FormPath,
  type InitArgs,
  type PathOf,
  type UrlInit
} from './api/client'
import type { paths } from './api/schema'
import { acting } from './acting'
import { session } from './session'

/** Every failed call ends here: `message` is plain Chinese, ready to show as it is. */
export class ApiError extends Error implements ApiErrorBody {
  readonly status: number
  readonly code: ApiErrorBody['code']
  readonly details: string[]

  constructor(status: number, body: ApiErrorBody) {
    super(body.message)
    Object.setPrototypeOf(this, ApiError.prototype)
    this.name = 'ApiError'
    this.status = status
    this.code = body.code
    this.details = body.details ?? []
  }
}

export const NETWORK_ERROR = ClientError.Network

/** Anything thrown while talking to the server or to WeChat, as an ApiError. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  return new ApiError(0, privacyProblem(error) ?? { code: ClientError.Client, message: '出了点问题，请稍后再试。' })
}

/** The server could not be reached at all. */
export function networkError(): ApiError {
  return new ApiError(0, { code: NETWORK_ERROR, message: '连不上服务器，请检查网络后再试。' })
}

export function isErrorBody(data: unknown): data is ApiErrorBody {
  if (typeof data !== 'object' || data === null) return false
  return typeof Reflect.get(data, 'code') === 'string' && typeof Reflect.get(data, 'message') === 'string'
}

/** A refusal of a file transfer: the server's own words when it sent them, else `failed`. */
export function fileError(status: number, body: unknown, failed: string): ApiError {
  return new ApiError(status, isErrorBody(body) ? body : { code: httpStatusError(status), message: failed })
}

/**
 * The one place JSON from the server meets its type. Every caller takes T from the generated
 * document for the path it called (an Answer, an EventData), never from a guess.
 */
function documented<T>(data: unknown): T {
  return data as T
}

/** The header a POST names PATCH in (see the server's app.ts). */
const METHOD_OVERRIDE = 'X-HTTP-Method-Override'

/** The methods the server's API uses. */
const VERBS = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE' } as const
type Method = (typeof VERBS)[keyof typeof VERBS]

interface RequestOptions {
  query?: Record<string, QueryValue>
  /** JSON, or the raw bytes of a file (an ArrayBuffer), which then needs `contentType`. */
  body?: unknown
  /** The type of a raw body, e.g. image/png; JSON bodies need none. */
  contentType?: string
  /** Send the access token and handle an expired session (default true). */
  auth?: boolean
}

interface RawResponse {
  status: number
  data: unknown
}

async function send(method: Method, path: string, options: RequestOptions, token: string | null): Promise<RawResponse> {
  const header: Record<string, string> = { Accept: 'application/json' }
  const raw = options.body instanceof ArrayBuffer
  if (options.body !== undefined) header['Content-Type'] = raw ? options.contentType ?? 'application/octet-stream' : 'application/json'
  if (token) header.Authorization = `Bearer ${token}`
  // a guardian acting for their child: the server checks the child is theirs on every request
  const child = acting.child()
  if (token && child) header[ACTING_FOR_HEADER] = child.id
  // wx.request knows no PATCH: the mini program sends it as a POST that names the method it stands for
  const tunnelled = method === 'PATCH' && process.env.TARO_ENV !== 'h5'
  if (tunnelled) header[METHOD_OVERRIDE] = 'PATCH'
  try {
    const res = await Taro.request<unknown>({
      url: API_BASE + withQuery(path, options.query),
      method: tunnelled ? 'POST' : method,
      data: options.body,
      header,
      dataType: 'json',
      // a file of a few megabytes over a slow phone connection takes longer than a JSON call
      timeout: raw ? 60000 : 15000
    })
    return { status: res.statusCode, data: res.data }
  } catch {
    throw networkError()
  }
}

function errorOf(res: RawResponse): ApiError {
  if (isErrorBody(res.data)) return new ApiError(res.status, res.data)
  const message = res.status >= 500 ? '服务暂时不可用，请稍后再试。' : '请求没有成功，请稍后再试。'
  return new ApiError(res.status, { code: httpStatusError(res.status), message })
}

const isOk = (status: number): boolean => status >= 200 && status < 300

/** One refresh at a time: concurrent 401s all wait for the same new token pair. */
let refreshing: Promise<boolean> | null = null

function refreshOnce(): Promise<boolean> {
  if (!refreshing) {
    refreshing = refreshTokens().finally(() => {
      refreshing = null
    })
  }
  return refreshing
}

async function refreshTokens(): Promise<boolean> {
  const refreshToken = session.refreshToken()
  if (!refreshToken) return false
  const body: CallInit<'/api/auth/refresh', 'post'>['body'] = { refreshToken }
  const res = await send('POST', '/api/auth/refresh', { body }, null)
  if (!isOk(res.status)) {
    // A network failure throws above; an answer that refuses the token means the session is over.
    return false
  }
  session.signIn(documented<Answer<'/api/auth/refresh', 'post'>>(res.data))
  return true
}

function endSession(): void {
  session.clear()
  acting.stop()
  if (currentRoute() !== ROUTES.login.slice(1)) {
    void Taro.reLaunch({ url: ROUTES.login })
  }
}

/** Sends one call, renewing an expired session once; resolves to the JSON of a 2xx answer. */
async function request(method: Method, path: string, options: RequestOptions = {}): Promise<unknown> {
  const auth = options.auth ?? true
  let res = await send(method, path, options, auth ? session.accessToken() : null)

  if (auth && res.status === 401) {
    const expired = errorOf(res).code === AuthError.TokenExpired
    if (expired && (await refreshOnce())) {
      res = await send(method, path, options, session.accessToken())
    }
    if (res.status === 401) {
      endSession()
      throw errorOf(res)
    }
  }

  if (!isOk(res.status)) {
    const error = errorOf(res)
    // a first or reset password not yet changed: every page but the change itself is closed
    if (error.code === AuthError.MustChangePassword && currentRoute() !== ROUTES.password.slice(1)) void Taro.reLaunch({ url: ROUTES.password })
    throw error
  }
  return res.data
}

/**
 * The access token for what cannot go through `request` — a browser EventSource, a file
 * download — after one small authenticated call has given this layer the chance to refresh it.
 */
export async function freshAccessToken(): Promise<string> {
  await api.get('/api/me')
  const token = session.accessToken()
  if (!token) throw new ApiError(401, { code: ErrorCode.Unauthenticated, message: '请先登录。' })
  return token
}

/** The parts of any call's init, once its path has chosen their types. */
interface Parts extends AuthOption {
  path?: Record<string, unknown>
  query?: Record<string, QueryValue>
  body?: unknown
}

async function call<P extends keyof paths, M extends keyof typeof VERBS>(method: M, path: P, init: Parts = {}): Promise<Answer<P, M>> {
  const data = await request(VERBS[method], fillPath(path, init.path), { query: init.query, body: init.body, auth: init.auth })
  return documented<Answer<P, M>>(data)
}

/**
 * A file address the server gave: kept as it is when it names its host, else a path on the
 * portal itself (the demo's lesson videos), to which the API's host is put in front.
 */
export function serverFileUrl(address: string): string {
  return /^https?:\/\//.test(address) ? address : API_BASE + address
}

/** The full address of a path with its parameters, for what cannot go through `request`. */
function urlOf(path: string, init: Parts = {}): string {
  return API_BASE + withQuery(fillPath(path, init.path), init.query)
}

/**
 * Browser only: the server-sent events of P, each event named `event` handed over as the JSON
 * the document gives it. An event that is not JSON is skipped: each event carries the whole state.
 */
function events<P extends EventPath>(path: P, init: UrlInit<P>, event: string, onData: (data: EventData<P>) => void): EventSource {
  const source = new EventSource(urlOf(path, init))
  source.addEventListener(event, (message) => {
    if (!(message instanceof MessageEvent) || typeof message.data !== 'string') return
    let data: unknown
    try {
      data = JSON.parse(message.data)
    } catch {
      return
    }
    onData(documented<EventData<P>>(data))
  })
  return source
}

/** A file the person picked: a browser's File, or in the mini program the temporary path WeChat gave it. */
export type PickedFile = File | string

interface Delivery {
  status: number
  body: unknown
}

async function postFromBrowser(url: string, field: string, file: File, token: string): Promise<Delivery> {
  const form = new FormData()
  form.append(field, file, file.name)
  let res: Response
  try {
    res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form })
  } catch {
    throw networkError()
  }
  const body: unknown = await res.json().catch(() => null)
  return { status: res.status, body }
}

async function postFromPhone(url: string, field: string, filePath: string, token: string): Promise<Delivery> {
  let res: Taro.uploadFile.SuccessCallbackResult
  try {
    res = await Taro.uploadFile({ url, filePath, name: field, header: { Authorization: `Bearer ${token}` } })
  } catch {
    throw networkError()
  }
  let body: unknown = null
  try {
    body = JSON.parse(res.data)
  } catch {
    body = null
  }
  return { status: res.statusCode, body }
}

/**
 * A picked file as the multipart/form-data `field` of a POST to P. Neither a browser's FormData
 * nor WeChat's upload goes through `request`, so the token is renewed first; `failed` is the
 * message when the server's refusal says nothing itself.
 */
async function postForm<P extends FormPath>(path: P, field: FormField<P>, file: PickedFile, init: UrlInit<P, 'post'>, failed: string): Promise<Answer<P, 'post'>> {
  const token = await freshAccessToken()
  const url = urlOf(path, init)
  const { status, body } = typeof file === 'string' ? await postFromPhone(url, field, file, token) : await postFromBrowser(url, field, file, token)
  if (!isOk(status)) throw fileError(status, body, failed)
  return documented<Answer<P, 'post'>>(body)
}

/**
 * The typed client: `api.get('/api/offerings/{id}', { path: { id } })` answers an OfferingDetail.
 * Paths, parameters, bodies and answers come from the server's OpenAPI document (`npm run api:types`).
 */
export const api = {
  get: <P extends PathOf<'get'>>(path: P, ...[init]: InitArgs<P, 'get'>) => call('get', path, init),
  post: <P extends PathOf<'post'>>(path: P, ...[init]: InitArgs<P, 'post'>) => call('post', path, init),
  put: <P extends PathOf<'put'>>(path: P, ...[init]: InitArgs<P, 'put'>) => call('put', path, init),
  patch: <P extends PathOf<'patch'>>(path: P, ...[init]: InitArgs<P, 'patch'>) => call('patch', path, init),
  delete: <P extends PathOf<'delete'>>(path: P, ...[init]: InitArgs<P, 'delete'>) => call('delete', path, init),
  /** Sends a file's own bytes as the body, e.g. a certificate photo, as one of the types the path accepts. */
  postBytes: async <P extends BytesPath>(path: P, bytes: ArrayBuffer, contentType: BytesType<P>, init?: Omit<CallInit<P, 'post'>, 'body'>): Promise<Answer<P, 'post'>> => {
    const parts: Parts = init ?? {}
    const data = await request('POST', fillPath(path, parts.path), { body: bytes, contentType, auth: parts.auth })
    return documented<Answer<P, 'post'>>(data)
  },
  postForm,
  /** The full address of a GET, for what cannot go through `request` (a download, an event stream). */
  url: <P extends keyof paths>(path: P, init: UrlInit<P>): string => urlOf(path, init),
  events
}
