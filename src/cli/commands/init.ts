import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import {
  compareWithOfficial,
  ISCED_LEVELS,
  languageCodes,
  officialStructure,
  resolveProfile,
  type IscedLevel,
  type LevelProfile,
} from '../../core/content/index.js';
import { DEFAULT_CONFIG_FILE } from '../../core/config.js';
import { writeFileAtomic } from '../../core/fleet/write-file-atomic.js';
import {
  DEFAULT_ORG_UNIT_LEVELS,
  draftProfile,
  readServerStructure,
  renderProfileYaml,
  writeConfigTarget,
  type ProfileAnswers,
  type ServerStructure,
} from '../../core/init/index.js';
import { inputError } from '../../errors/index.js';
import { ask, keyedValues } from '../ask.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { renderInit, type InitResult } from '../presenters/init.js';
import { openTarget } from './plan.js';

export interface InitFlags {
  country?: string;
  code?: string;
  countryName?: string;
  language?: string;
  translations?: string;
  entryAge?: string[];
  duration?: string[];
  levelName?: string[];
  grades?: string[];
  orgUnitLevels?: string;
  schoolLevel?: string;
  districtLevel?: string;
  fromServer?: string;
  out?: string;
  force?: boolean;
  target?: string;
  server?: string;
  username?: string;
  passwordEnv?: string;
  tokenEnv?: string;
  allowInsecureHttp?: boolean;
  profile?: string;
}

const LEVEL_KEYS: readonly string[] = ISCED_LEVELS;
const wholeYears = (lo: number, hi: number) => (s: string) =>
  /^\d+$/.test(s) && Number(s) >= lo && Number(s) <= hi ? undefined : `a whole number of years, ${lo}-${hi}`;
const listOf = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** `edupkg init`: the country profile, then the project config with a target that uses it. */
export async function handler(ctx: CommandContext, flags: InitFlags): Promise<CommandOutcome<InitResult>> {
  const written = await writeProfile(ctx, flags);
  const config = await writeConfig(ctx, { ...flags, server: flags.server ?? flags.fromServer }, written.file);
  return outcome(
    { profile: written, config, next: nextCommands(written.file, config?.target) },
    written.warnings,
  );
}

/** `edupkg init profile`: only the country profile. */
export async function profile(ctx: CommandContext, flags: InitFlags): Promise<CommandOutcome<InitResult>> {
  const written = await writeProfile(ctx, flags);
  return outcome({ profile: written, next: nextCommands(written.file) }, written.warnings);
}

/** `edupkg init config`: only a named target in edupkg.config.yaml. */
export async function config(ctx: CommandContext, flags: InitFlags): Promise<CommandOutcome<InitResult>> {
  if (flags.profile) resolveProfile(flags.profile); // a wrong profile fails now, not at the first plan
  const written = await writeConfig(ctx, flags, undefined);
  return outcome({ config: written, next: nextCommands(undefined, written.target) }, []);
}

function outcome(result: InitResult, warnings: string[]): CommandOutcome<InitResult> {
  return { result, warnings, render: (c) => renderInit(c, result) };
}

async function writeProfile(ctx: CommandContext, flags: InitFlags) {
  const iso3 = (
    await ask(ctx, {
      flag: '--country',
      message: 'Country (ISO 3166 alpha-3, e.g. SLE):',
      given: flags.country,
      check: (s) =>
        officialStructure(s) ? undefined : 'not a country of the world table (use e.g. SLE, CIV, KEN)',
    })
  ).toUpperCase();
  const official = officialStructure(iso3)!;
  const languages = languageCodes();
  const answers: ProfileAnswers = { iso3 };
  answers.code = await ask(ctx, {
    flag: '--code',
    message: 'Profile code (used as --profile and in package manifests):',
    given: flags.code,
    default: iso3.toLowerCase(),
    check: (s) => (/^[a-z]{2,8}$/.test(s) ? undefined : '2-8 lower-case letters'),
  });
  answers.country = await ask(ctx, {
    flag: '--country-name',
    message: 'Country name:',
    given: flags.countryName,
    default: official.name,
  });
  answers.language = await ask(ctx, {
    flag: '--language',
    message: 'Language of the object names:',
    given: flags.language,
    default: 'en',
    choices: languages,
    check: (s) => (languages.includes(s) ? undefined : `one of ${languages.join(', ')}`),
  });
  const translations = await ask(ctx, {
    flag: '--translations',
    message: 'Other languages for DHIS2 translations (comma-separated):',
    given: flags.translations,
    default: ['en', 'fr'].filter((l) => l !== answers.language).join(','),
    check: (s) =>
      listOf(s).find((l) => !languages.includes(l)) && `languages must be among ${languages.join(', ')}`,
  });
  answers.translations = listOf(translations);
  const server = flags.fromServer ? await readFromServer(ctx, flags) : undefined;
  answers.levels = await askLevels(ctx, flags, answers);
  const levelNames = server?.orgUnitLevels.length
    ? server.orgUnitLevels.map((l) => l.name)
    : listOf(
        await ask(ctx, {
          flag: '--org-unit-levels',
          message: 'Org unit level names, top first (comma-separated):',
          given: flags.orgUnitLevels,
          default: DEFAULT_ORG_UNIT_LEVELS.join(','),
        }),
      );
  answers.orgUnitLevels = server?.orgUnitLevels.length
    ? server.orgUnitLevels
    : levelNames.map((name, i) => ({ level: i + 1, name }));
  const inLevels = (s: string) =>
    levelNames.some((n) => n.toLowerCase() === s.toLowerCase())
      ? undefined
      : `one of ${levelNames.join(', ')}`;
  answers.schoolLevel = await ask(ctx, {
    flag: '--school-level',
    message: 'Level of the schools:',
    given: flags.schoolLevel,
    default: levelNames[levelNames.length - 1],
    choices: levelNames,
    check: inLevels,
  });
  answers.districtLevel = await ask(ctx, {
    flag: '--district-level',
    message: 'Level of the districts:',
    given: flags.districtLevel,
    default: levelNames[Math.max(0, levelNames.length - 2)],
    choices: levelNames,
    check: inLevels,
  });
  const groupSets = server
    ? Object.fromEntries(Object.entries(server.groupSets).map(([k, v]) => [k, v.groups]))
    : {};
  if (Object.keys(groupSets).length > 0) answers.orgUnitGroupSets = groupSets;

  const { profile: drafted, notes } = draftProfile(answers);
  const file = resolve(
    await ask(ctx, {
      flag: '--out',
      message: 'Write the profile to:',
      given: flags.out,
      default: `${drafted.code}.profile.yaml`,
    }),
  );
  if (existsSync(file) && !flags.force)
    throw inputError('FILE_EXISTS', `${file} exists`, {
      file,
      fix: 'Pass --force to replace it, or choose another --out',
    });
  const header = `Country profile for ${drafted.country} (${iso3}), written by \`edupkg init\`${flags.fromServer ? ` from ${flags.fromServer}` : ''}.`;
  writeFileAtomic(file, renderProfileYaml(drafted, notes, header));
  const warnings = compareWithOfficial(drafted).map(
    (d) => `ISCED ${d.level} ${d.field} ${d.profile} differs from the official ${d.official} (${d.source})`,
  );
  return {
    file,
    code: drafted.code,
    country: drafted.country,
    iso3,
    language: drafted.language,
    levels: Object.fromEntries(ISCED_LEVELS.map((l) => [l, { ...drafted.levels[l], note: notes[l] }])),
    orgUnitLevels: drafted.orgUnitLevels,
    ...(flags.fromServer ? { fromServer: flags.fromServer } : {}),
    ...(server
      ? {
          groupSets: Object.entries(server.groupSets).map(([kind, s]) => ({
            kind,
            id: s.id,
            name: s.name,
            groups: s.groups.length,
          })),
        }
      : {}),
    warnings,
  };
}

async function askLevels(ctx: CommandContext, flags: InitFlags, answers: ProfileAnswers) {
  const ages = keyedValues('--entry-age', flags.entryAge, LEVEL_KEYS);
  const durations = keyedValues('--duration', flags.duration, LEVEL_KEYS);
  const names = keyedValues('--level-name', flags.levelName, LEVEL_KEYS);
  const grades = keyedValues('--grades', flags.grades, LEVEL_KEYS);
  const defaults = draftProfile({ iso3: answers.iso3, language: answers.language! }).profile.levels;
  const levels: Partial<Record<IscedLevel, Partial<LevelProfile>>> = {};
  let previousEnd: number | undefined;
  for (const l of ISCED_LEVELS) {
    const d = defaults[l];
    const level: Partial<LevelProfile> = {};
    level.nationalName = await ask(ctx, {
      flag: '--level-name',
      message: `ISCED ${l}: national name:`,
      given: names[l],
      default: d.nationalName,
    });
    // A level starts where the one before ends, so an answer above moves the default below.
    const age = Number(
      await ask(ctx, {
        flag: '--entry-age',
        message: `ISCED ${l}: official entrance age:`,
        given: ages[l],
        default: String(previousEnd ?? d.entryAge),
        check: wholeYears(2, 20),
      }),
    );
    const years = Number(
      await ask(ctx, {
        flag: '--duration',
        message: `ISCED ${l}: duration (years = grades):`,
        given: durations[l],
        default: String(d.duration),
        check: wholeYears(1, 8),
      }),
    );
    const labels = listOf(
      await ask(ctx, {
        flag: '--grades',
        message: `ISCED ${l}: grade labels (comma-separated, empty = Grade 1..${years}):`,
        given: grades[l],
        default: (d.grades ?? []).join(','),
      }),
    );
    if (age !== d.entryAge) level.entryAge = age;
    if (years !== d.duration) level.duration = years;
    level.grades = labels;
    levels[l] = level;
    previousEnd = age + years;
  }
  return levels;
}

async function readFromServer(ctx: CommandContext, flags: InitFlags): Promise<ServerStructure> {
  const { client } = await openTarget(ctx, {
    server: flags.fromServer!,
    ...(flags.username ? { username: flags.username } : {}),
    ...(flags.passwordEnv ? { passwordEnv: flags.passwordEnv } : {}),
    ...(flags.tokenEnv ? { tokenEnv: flags.tokenEnv } : {}),
    ...(flags.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
  });
  return readServerStructure(client);
}

async function writeConfig(ctx: CommandContext, flags: InitFlags, profileFile: string | undefined) {
  const file = resolve(ctx.options.config ?? DEFAULT_CONFIG_FILE);
  const target = await ask(ctx, {
    flag: '--target',
    message: 'Name of the target (a DHIS2 server) in the config:',
    given: flags.target,
    default: 'dev',
    check: (s) => (/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(s) ? undefined : 'letters, digits, _ . -'),
  });
  const url = await ask(ctx, {
    flag: '--server',
    message: 'DHIS2 server URL:',
    given: flags.server,
    check: (s) => (/^https?:\/\/[^\s]+$/.test(s) ? undefined : 'an http(s) URL'),
  });
  const username = await ask(ctx, {
    flag: '--username',
    message: 'Username (empty for a token):',
    given: flags.username,
    default: '',
  });
  const secret = flags.tokenEnv
    ? { tokenEnv: flags.tokenEnv }
    : {
        passwordEnv: await ask(ctx, {
          flag: '--password-env',
          message: 'Environment variable holding the password:',
          given: flags.passwordEnv,
          default: 'EDUPKG_PASSWORD',
        }),
      };
  const ref =
    flags.profile ?? (profileFile ? relative(dirname(file), profileFile) || profileFile : undefined);
  const written = writeConfigTarget(
    file,
    target,
    { url, ...(username ? { username } : {}), ...secret, ...(ref ? { profile: ref } : {}) },
    flags.force ?? false,
  );
  return { file, target, url, ...(ref ? { profile: ref } : {}), ...written };
}

function nextCommands(profileFile: string | undefined, target?: string): string[] {
  const p = profileFile ? relative(process.cwd(), profileFile) || profileFile : undefined;
  const out: string[] = [];
  if (p) out.push(`edupkg validate --profile ${p}`, `edupkg docs edu-sdg4 --profile ${p} --out sdg4.md`);
  if (target)
    out.push(
      `edupkg plan edu-dashboards --target ${target}`,
      `edupkg install edu-dashboards --target ${target}`,
    );
  else if (p) out.push(`edupkg plan edu-dashboards --profile ${p} --server URL`);
  return out;
}
