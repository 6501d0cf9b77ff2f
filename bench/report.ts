// Collects the benchmark's sections as Markdown, prints them as they come, writes bench/results.md.
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export class Report {
  private parts: string[] = [];

  constructor(private readonly title: string) {}

  section(heading: string, body: string): void {
    const text = `## ${heading}\n\n${body.trim()}\n`;
    this.parts.push(text);
    console.log(`\n${text}`);
  }

  write(file: string, note: string): void {
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const header = [
      `# ${this.title}`,
      '',
      `Run ${new Date().toISOString()} on ${os.type()} ${os.release()}, ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')}.`,
      '',
      note,
      '',
    ].join('\n');
    writeFileSync(file, `${header}\n${this.parts.join('\n')}`);
    console.log(`\nbench: wrote ${path.relative(process.cwd(), file)}`);
  }
}

export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export const verdict = (ok: boolean) => (ok ? '✅ met' : '❌ missed');
