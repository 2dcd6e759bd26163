// A small client over a Target: signs in as each role (creating staff/user accounts through
// the admin API with generated passwords) and sends JSON with a Bearer token.
import type { Target } from './targets';
import { ADMIN_PASSWORD, randomPassword } from './env';

export type As = 'admin' | 'staff' | 'user' | 'anonymous';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class ApiClient {
  #tokens = new Map<As, string>();
  constructor(readonly target: Target) {}

  async token(as: Exclude<As, 'anonymous'>): Promise<string> {
    const cached = this.#tokens.get(as);
    if (cached) return cached;
    if (as === 'admin') {
      const res = await this.raw(
        'POST',
        '/api/auth/token',
        { username: 'admin', password: ADMIN_PASSWORD },
        'anonymous',
      );
      if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
      this.#tokens.set('admin', res.body.token);
      return res.body.token;
    }
    const username = `${as}-${Math.random().toString(36).slice(2, 8)}`;
    const password = randomPassword();
    const created = await this.raw('POST', '/api/admin/users', { username, password, role: as }, 'admin');
    if (created.status !== 201)
      throw new Error(`create ${as} failed: ${created.status} ${JSON.stringify(created.body)}`);
    const res = await this.raw('POST', '/api/auth/token', { username, password }, 'anonymous');
    this.#tokens.set(as, res.body.token);
    return res.body.token;
  }

  async raw(
    method: string,
    path: string,
    body?: unknown,
    as: As = 'admin',
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const h: Record<string, string> = { ...headers };
    if (as !== 'anonymous') h.authorization = `Bearer ${await this.token(as)}`;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      h['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await this.target.fetch(path, { method, headers: h, body: payload });
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await res.json() : method === 'HEAD' ? null : await res.text();
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get = (path: string, as: As = 'admin') => this.raw('GET', path, undefined, as);
  post = (path: string, body?: unknown, as: As = 'admin') => this.raw('POST', path, body, as);
  put = (path: string, body?: unknown, as: As = 'admin') => this.raw('PUT', path, body, as);
  patch = (path: string, body?: unknown, as: As = 'admin') => this.raw('PATCH', path, body, as);
  delete = (path: string, as: As = 'admin') => this.raw('DELETE', path, undefined, as);
}
