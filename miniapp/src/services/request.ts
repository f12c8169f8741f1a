import Taro from '@tarojs/taro'
import { AuthError, ClientError, ErrorCode, httpStatusError, type ApiError as ApiErrorBody, type TokenPair } from '@lp/shared'
import { ROUTES, currentRoute } from '../utils/routes'
import { withQuery, type QueryValue } from '../utils/url'
import type { HttpMethod } from 'openapi-typescript-helpers'
import { fillPath, type Answer, type AuthOption, type CallInit, type InitArgs, type PathOf } from './api/client'
import type { paths } from './api/schema'
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
  return new ApiError(0, { code: ClientError.Client, message: '出了点问题，请稍后再试。' })
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'

export interface RequestOptions {
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
  try {
    const res = await Taro.request({
      url: API_BASE + withQuery(path, options.query),
      method,
      data: options.body,
      header,
      dataType: 'json',
      // a file of a few megabytes over a slow phone connection takes longer than a JSON call
      timeout: raw ? 60000 : 15000
    })
    return { status: res.statusCode, data: res.data as unknown }
  } catch {
    throw new ApiError(0, { code: NETWORK_ERROR, message: '连不上服务器，请检查网络后再试。' })
  }
}

function isErrorBody(data: unknown): data is ApiErrorBody {
  if (typeof data !== 'object' || data === null) return false
  const body = data as Record<string, unknown>
  return typeof body.code === 'string' && typeof body.message === 'string'
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
  const res = await send('POST', '/api/auth/refresh', { body: { refreshToken } }, null)
  if (!isOk(res.status)) {
    // A network failure throws above; an answer that refuses the token means the session is over.
    return false
  }
  session.signIn(res.data as TokenPair)
  return true
}

function endSession(): void {
  session.clear()
  if (currentRoute() !== ROUTES.login.slice(1)) {
    void Taro.reLaunch({ url: ROUTES.login })
  }
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
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

  if (!isOk(res.status)) throw errorOf(res)
  return res.data as T
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

function call<P extends keyof paths, M extends HttpMethod>(method: M, path: P, init: CallInit<P, M> | undefined): Promise<Answer<P, M>> {
  const { path: params, query, body, auth } = (init ?? {}) as { path?: Record<string, unknown>; query?: Record<string, QueryValue>; body?: unknown } & AuthOption
  // the one place an answer meets its type: the generated document says what this path returns
  return request<Answer<P, M>>(method.toUpperCase() as Method, fillPath(path, params), { query, body, auth })
}

/**
 * The typed client: `api.get('/api/offerings/{id}', { path: { id } })` answers an OfferingDetail.
 * Paths, parameters, bodies and answers come from the server's OpenAPI document (`npm run api:types`).
 */
export const api = {
  get: <P extends PathOf<'get'>>(path: P, ...[init]: InitArgs<P, 'get'>) => call('get', path, init),
  post: <P extends PathOf<'post'>>(path: P, ...[init]: InitArgs<P, 'post'>) => call('post', path, init),
  put: <P extends PathOf<'put'>>(path: P, ...[init]: InitArgs<P, 'put'>) => call('put', path, init),
  delete: <P extends PathOf<'delete'>>(path: P, ...[init]: InitArgs<P, 'delete'>) => call('delete', path, init),
  /** Sends a file's own bytes as the body, e.g. a certificate photo. */
  postBytes: <P extends PathOf<'post'>>(path: P, bytes: ArrayBuffer, contentType: string, init: Omit<CallInit<P, 'post'>, 'body'> & AuthOption = {} as never) => {
    const { path: params, auth } = init as { path?: Record<string, unknown> } & AuthOption
    return request<Answer<P, 'post'>>('POST', fillPath(path, params), { body: bytes, contentType, auth })
  },
  /** The full address of a path, for what cannot go through `request` (a download, an event stream). */
  url: <P extends keyof paths>(path: P, params?: Record<string, unknown>, query?: Record<string, QueryValue>): string => API_BASE + withQuery(fillPath(path, params), query)
}
