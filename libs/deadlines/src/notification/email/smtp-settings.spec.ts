import { ConfigError, loadConfig } from '#libs/platform';

// DOMAIN.md "Deadlines and reminders": SMTP settings are read with the rest of the configuration (libs/platform config.ts)
// and checked at start: none means in-app notifications only; a partial or contradictory set stops the
// process with every problem named, never a password.
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('SMTP settings', () => {
  it('are absent without any SMTP_ variable: in-app notifications only', () => {
    expect(loadConfig({}).smtp).toBeNull();
    expect(loadConfig({ SMTP_HOST: '  ' }).smtp).toBeNull();
  });

  it('take a host, port, login and sender', () => {
    expect(
      loadConfig({
        SMTP_HOST: 'smtp.qingxi.example.cn',
        SMTP_PORT: '2525',
        SMTP_USER: 'notify',
        SMTP_PASS: 's3cret',
        SMTP_FROM: '青溪市教师发展中心 <noreply@Qingxi.example.cn>',
      }).smtp,
    ).toEqual({
      host: 'smtp.qingxi.example.cn',
      port: 2525,
      secure: false,
      user: 'notify',
      pass: 's3cret',
      from: '青溪市教师发展中心 <noreply@Qingxi.example.cn>',
      fromDomain: 'qingxi.example.cn',
      retryDelayMs: 5000,
    });
  });

  it('take one URL instead, with TLS from the scheme and a default port', () => {
    expect(
      loadConfig({ SMTP_URL: 'smtps://notify:p%40ss@mail.example.cn', SMTP_FROM: 'office@example.cn' }).smtp,
    ).toMatchObject({ host: 'mail.example.cn', port: 465, secure: true, user: 'notify', pass: 'p@ss' });
    expect(
      loadConfig({ SMTP_URL: 'smtp://mail.example.cn', SMTP_FROM: 'office@example.cn' }).smtp,
    ).toMatchObject({ port: 587, secure: false, user: null, pass: null, fromDomain: 'example.cn' });
    expect(
      loadConfig({ SMTP_HOST: 'mail', SMTP_SECURE: 'true', SMTP_FROM: 'office@example.cn' }).smtp,
    ).toMatchObject({ port: 465, secure: true });
  });

  it('refuse an incomplete or contradictory set, listing every problem', () => {
    expect(problemsOf({ SMTP_HOST: 'mail.example.cn' })).toEqual([
      expect.stringMatching(/^SMTP_FROM: the sender address is required/),
    ]);
    expect(problemsOf({ SMTP_FROM: 'office@example.cn' })).toEqual([
      expect.stringMatching(/^SMTP_URL or SMTP_HOST: one is required/),
    ]);
    const many = problemsOf({
      SMTP_URL: 'smtp://mail.example.cn',
      SMTP_HOST: 'mail.example.cn',
      SMTP_PORT: '99999',
      SMTP_SECURE: 'yes',
      SMTP_USER: 'notify',
      SMTP_FROM: 'not an address',
      SMTP_RETRY_DELAY_MS: '0',
    });
    expect(many.map((p) => p.split(':')[0])).toEqual([
      'SMTP_URL, SMTP_HOST',
      'SMTP_SECURE',
      'SMTP_PORT',
      'SMTP_USER, SMTP_PASS',
      'SMTP_FROM',
      'SMTP_RETRY_DELAY_MS',
    ]);
    expect(problemsOf({ SMTP_URL: 'smtps://mail', SMTP_SECURE: 'false', SMTP_FROM: 'a@b.cn' })).toEqual([
      expect.stringMatching(/^SMTP_SECURE: contradicts/),
    ]);
  });

  it('never repeat a URL in an error: it may hold the password', () => {
    const problems = problemsOf({ SMTP_URL: 'http://notify:hunter2@mail.example.cn', SMTP_FROM: 'a@b.cn' });
    expect(problems).toEqual([expect.stringMatching(/^SMTP_URL: must be an smtp:\/\/ or smtps:\/\//)]);
    expect(problems.join()).not.toContain('hunter2');
  });
});
