import { describe, expect, it } from 'vitest';
import { parseArgs, listFlag } from './io';
import { parseMemberSpecs } from './member-specs';

describe('parseMemberSpecs', () => {
  it('reads TYPE/NICK=FILE pairs and removals, in the environment of --env unless a pair names its own', () => {
    const specs = parseMemberSpecs({ inputs: ['vpc/main=vpc.json', 'prod:sqs-queue/jobs=a=b.json'], removes: ['s3-bucket/old'], env: 'dev' });
    expect(specs).toEqual([
      { env: 'dev', type: 'vpc', nickname: 'main', kind: 'input', file: 'vpc.json' },
      // The file is everything after the first "=".
      { env: 'prod', type: 'sqs-queue', nickname: 'jobs', kind: 'input', file: 'a=b.json' },
      { env: 'dev', type: 's3-bucket', nickname: 'old', kind: 'remove' },
    ]);
  });

  it('refuses what cannot be a member, saying how to write one', () => {
    const refusal = (inputs: string[], removes: string[] = [], env: string | null = 'dev') => {
      try {
        parseMemberSpecs({ inputs, removes, env: env ?? undefined });
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(refusal(['vpc.json'])).toContain('give [ENV:]TYPE/NICKNAME=FILE');
    expect(refusal(['vpc/main='])).toContain('name the file after "="');
    expect(refusal(['vpc=x.json'])).toContain('name the component as [ENV:]TYPE/NICKNAME');
    expect(refusal(['vpc/main=x.json'], [], null)).toContain('say which environment: --env E, or ENV:vpc/main');
    expect(refusal(['vpc/ma in=x.json'])).toContain('"ma in" is not a valid name');
    expect(refusal(['vpc/a=-', 'vpc/b=-'])).toBe('only one --input can read stdin (-)');
    expect(refusal(['vpc/main=x.json'], ['dev:vpc/main'])).toBe('dev:vpc/main is named twice: a change set changes each component once');
    expect(refusal([], [])).toContain('give the members');
  });
});

describe('parseArgs', () => {
  it('keeps every value of a repeated flag in order, and the last as its value', () => {
    const args = parseArgs(['--input', 'a/b=1.json', '--input=c/d=2.json', '--env', 'dev', '--json'], new Set(['json']));
    expect(listFlag(args, 'input')).toEqual(['a/b=1.json', 'c/d=2.json']);
    expect(args.flags.get('input')).toBe('c/d=2.json');
    expect(listFlag(args, 'remove')).toEqual([]);
  });
});
