/**
 * Prometheus counters kept in process memory. Each server process exposes its own; the
 * scraper adds them up. Labels are fixed sets chosen by the code, never raw client input.
 */
type Labels = Record<string, string>;

interface Family {
  help: string;
  type: 'counter' | 'gauge';
  series: Map<string, { labels: Labels; value: number }>;
}

export class MetricsRegistry {
  private readonly families = new Map<string, Family>();

  constructor() {
    this.define('interlend_http_requests_total', 'counter', 'HTTP requests answered, by route and status code');
    this.define('interlend_http_request_duration_seconds_sum', 'counter', 'Total seconds spent answering HTTP requests, by route');
    this.define('interlend_protocol_messages_total', 'counter', 'Protocol messages, by protocol, direction, message kind and message status');
    this.define('interlend_protocol_duplicates_total', 'counter', 'Inbound protocol messages recognised as re-deliveries');
  }

  private define(name: string, type: Family['type'], help: string): void {
    this.families.set(name, { help, type, series: new Map() });
  }

  add(name: string, labels: Labels, amount = 1): void {
    const family = this.families.get(name);
    if (!family) throw new Error(`metric ${name} is not defined`);
    const key = JSON.stringify(Object.entries(labels).sort());
    const series = family.series.get(key);
    if (series) series.value += amount;
    else family.series.set(key, { labels, value: amount });
  }

  /** A snapshot value, for tests and the health page. */
  value(name: string, labels: Labels): number {
    const key = JSON.stringify(Object.entries(labels).sort());
    return this.families.get(name)?.series.get(key)?.value ?? 0;
  }

  render(gauges: Record<string, { help: string; value: number }> = {}): string {
    const lines: string[] = [];
    for (const [name, family] of this.families) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
      for (const { labels, value } of family.series.values()) lines.push(`${name}${formatLabels(labels)} ${value}`);
    }
    for (const [name, gauge] of Object.entries(gauges)) {
      lines.push(`# HELP ${name} ${gauge.help}`, `# TYPE ${name} gauge`, `${name} ${gauge.value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}
