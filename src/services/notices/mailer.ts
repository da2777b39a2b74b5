import nodemailer from 'nodemailer';

/**
 * How patron notices leave: by email over SMTP when the deployment names a server
 * (INTERLEND_SMTP_URL=smtp://user:pass@host:port), else written to the log (the demo).
 * The SMTP password never appears in a log entry or in a notice's recorded error.
 */

export interface NoticeEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
}

export interface MailOutcome {
  /** sent: an SMTP server accepted it; logged: no server is configured, so the log has it. */
  status: 'sent' | 'logged';
  messageId: string | null;
}

export interface NoticeMailer {
  /** Where notices go, safe to log. */
  readonly description: string;
  /** Resolves once the message is accepted; rejects with a readable reason otherwise. */
  send(email: NoticeEmail, context: Record<string, unknown>): Promise<MailOutcome>;
  close(): void;
}

export interface MailerLogger {
  info(obj: object, msg?: string): void;
}

export const DEFAULT_MAIL_FROM = 'interlend@localhost';

/** The URL with its password replaced, for logs. */
export function redactSmtpUrl(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'an unparsable SMTP URL';
  }
}

export function smtpMailer(smtpUrl: string, options: { timeoutMs?: number } = {}): NoticeMailer {
  const timeout = options.timeoutMs ?? 15_000;
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`INTERLEND_SMTP_URL must be smtp:// or smtps://, not ${url.protocol}`);
  const password = decodeURIComponent(url.password);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: password } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  const scrub = (message: string): string => (password ? message.split(password).join('***') : message);
  return {
    description: `SMTP ${redactSmtpUrl(smtpUrl)}`,
    async send(email) {
      try {
        const info = (await transport.sendMail(email)) as { messageId?: unknown };
        return { status: 'sent', messageId: typeof info.messageId === 'string' ? info.messageId : null };
      } catch (error) {
        throw new Error(scrub(error instanceof Error ? error.message : String(error)));
      }
    },
    close: () => transport.close(),
  };
}

/** The demo's mailer: one info line per notice, without its text (it may say what a patron reads). */
export function logMailer(logger: MailerLogger): NoticeMailer {
  return {
    description: 'the log (INTERLEND_SMTP_URL is not set)',
    send(email, context) {
      logger.info({ ...context, from: email.from, to: email.to, subject: email.subject }, 'patron notice logged, not sent: no SMTP server configured');
      return Promise.resolve({ status: 'logged', messageId: null });
    },
    close: () => undefined,
  };
}

/** The mailer and default From address the environment configures. */
export function mailerFromEnvironment(env: NodeJS.ProcessEnv, logger: MailerLogger): { mailer: NoticeMailer; defaultFrom: string } {
  const smtpUrl = env.INTERLEND_SMTP_URL?.trim();
  return { mailer: smtpUrl ? smtpMailer(smtpUrl) : logMailer(logger), defaultFrom: env.INTERLEND_MAIL_FROM?.trim() || DEFAULT_MAIL_FROM };
}
