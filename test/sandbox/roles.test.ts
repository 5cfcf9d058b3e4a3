/**
 * Roles enforced as DHIS2 2.41 enforces them, over real HTTP. Sources followed (dhis2-core patch/2.41.3):
 * - dxf2 objectbundle/validation/SecurityCheck.java: E3000/E3001/E3002 per object, nothing committed;
 * - webapi AbstractCrudController: ForbiddenException "You don't have the proper permissions to ..." (403, E1006);
 * - DefaultAclService canCreate/canUpdate/canDelete/canDataWrite with the schema descriptors' authorities;
 * - DataValueSetController @PreAuthorize("hasRole('ALL') or hasRole('F_DATAVALUE_ADD')") -> 403 "Access is denied";
 * - DataValueSetImportValidator: E7601 (data set not writable, import aborted), E7617 (org unit outside capture);
 * - DefaultDataValueSetService.validate: E2012 for reads outside the data view hierarchy;
 * - DefaultAnalyticsSecurityManager: E7120 for analytics outside the data view org units.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uidFromCode } from '../../src/core/dhis2-model/uid.js';
import { classroomRoles } from '../../src/core/training/training-users.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';
import { basic, client, type Client } from './helpers.js';

const ou = (code: string) => uidFromCode('organisationUnits', code);
const ROOT = ou('DEMO_NATIONAL');
const DISTRICT = ou('DEMO_D_HIGHLANDS');
const SCHOOL_A = ou('DEMO_S_HIGHLANDS_1');
const SCHOOL_B = ou('DEMO_S_CAPITAL_1');
const GROUP = 'RoleTestGrp';
const DE = 'RoleTestDE1';
const DS = 'RoleTestDS1';
const PASSWORD = 'Class-room-2026!';
const roles = classroomRoles();
const roleRef = (name: keyof typeof roles) => [{ id: String(roles[name].id) }];

function user(id: string, username: string, role: keyof typeof roles, capture: string[], view: string[]) {
  const units = (ids: string[]) => ids.map((i) => ({ id: i }));
  return {
    id,
    username,
    password: PASSWORD,
    firstName: username,
    surname: 'Test',
    userRoles: roleRef(role),
    organisationUnits: units(capture),
    dataViewOrganisationUnits: units(view),
    userCredentials: { username, password: PASSWORD, userRoles: roleRef(role) },
  };
}

const world = {
  userRoles: Object.values(roles),
  users: [
    user('RoleTrainer', 'trainer', 'trainer', [ROOT], [ROOT]),
    user('RoleTrain01', 'trainee01', 'trainee', [SCHOOL_A], [ROOT]),
    user('RoleOutside', 'outsider', 'trainee', [SCHOOL_A], [ROOT]),
    user('RoleViewer1', 'viewer', 'viewer', [], [ROOT]),
    user('RoleViewer2', 'districtviewer', 'viewer', [], [DISTRICT]),
  ],
  userGroups: [
    { id: GROUP, name: 'Role test data capture', users: [{ id: 'RoleTrainer' }, { id: 'RoleTrain01' }] },
  ],
  dataElements: [
    {
      id: DE,
      name: 'Role test enrolment',
      shortName: 'Role test enrolment',
      valueType: 'INTEGER_ZERO_OR_POSITIVE',
      domainType: 'AGGREGATE',
      aggregationType: 'SUM',
    },
  ],
  dataSets: [
    {
      id: DS,
      name: 'Role test census',
      shortName: 'Role test census',
      periodType: 'Yearly',
      dataSetElements: [{ dataElement: { id: DE }, dataSet: { id: DS } }],
      organisationUnits: [{ id: SCHOOL_A }, { id: SCHOOL_B }],
      sharing: {
        public: '--------',
        external: false,
        users: {},
        userGroups: { [GROUP]: { id: GROUP, access: 'r-rw----' } },
      },
    },
  ],
};

const values = (orgUnit: string, value: string, dataSet?: string) => ({
  ...(dataSet ? { dataSet } : {}),
  dataValues: [{ dataElement: DE, period: '2025', orgUnit, value }],
});
type Json = Record<string, unknown>;
const summaryOf = (body: Json) => body.response as Json;

let sandbox: Sandbox;
let admin: Client;
const as = (username: string) => client(sandbox.url, basic(username, PASSWORD));

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', dhis2Version: '2.41' });
  admin = client(sandbox.url);
  const setUp = await admin.post('/api/metadata', world);
  if (setUp.status !== 200) throw new Error(setUp.text);
});
afterAll(() => sandbox.close());

describe('metadata writes need the type authorities (SecurityCheck, AbstractCrudController)', () => {
  const newElement = {
    dataElements: [{ ...world.dataElements[0], id: 'RoleTestDE2', name: 'Sneaky', shortName: 'Sneaky' }],
  };

  it('a trainee cannot import metadata: E3000, nothing written', async () => {
    const refused = await as('trainee01').post('/api/metadata', newElement);
    expect(refused.status).toBe(409);
    const report = summaryOf(refused.body);
    expect(report.status).toBe('ERROR');
    const error = ((report.typeReports as Json[])[0]!.objectReports as Json[])[0]!.errorReports as Json[];
    expect(error[0]).toMatchObject({
      errorCode: 'E3000',
      mainKlass: 'org.hisp.dhis.dataelement.DataElement',
    });
    expect(error[0]!.message).toBe(
      'User `trainee01 Test [RoleTrain01] (User)` is not allowed to create objects of type Sneaky [RoleTestDE2] (DataElement)',
    );
    expect((await admin.get('/api/dataElements/RoleTestDE2')).status).toBe(404);
  });

  it('a trainee cannot update or delete the packages (E3001, E3002, 403 on the object endpoints)', async () => {
    const trainee = as('trainee01');
    const update = await trainee.post('/api/metadata', {
      dataElements: [{ ...world.dataElements[0], name: 'Renamed' }],
    });
    expect(update.status).toBe(409);
    expect(JSON.stringify(update.body)).toContain('"errorCode":"E3001"');
    const del = await trainee.post('/api/metadata?importStrategy=DELETE', { dataSets: [{ id: DS }] });
    expect(del.status).toBe(409);
    expect(JSON.stringify(del.body)).toContain('"errorCode":"E3002"');
    const direct = await trainee.del(`/api/dataSets/${DS}`);
    expect(direct.status).toBe(403);
    expect(direct.body).toEqual({
      httpStatus: 'Forbidden',
      httpStatusCode: 403,
      status: 'ERROR',
      message: "You don't have the proper permissions to delete this object.",
      errorCode: 'E1006',
    });
    expect((await trainee.post('/api/dataElements', { name: 'x', shortName: 'x' })).status).toBe(403);
    expect((await trainee.put(`/api/dataElements/${DE}`, { ...world.dataElements[0] })).body.message).toBe(
      "You don't have the proper permissions to update this object.",
    );
    expect((await admin.get(`/api/dataSets/${DS}`)).status).toBe(200);
    expect((await admin.get(`/api/dataElements/${DE}?fields=name`)).body.name).toBe('Role test enrolment');
  });

  it('a trainer manages users but not metadata; the admin (ALL) does both', async () => {
    const trainer = as('trainer');
    const newUser = user('RoleNewUsr1', 'trainee99', 'trainee', [SCHOOL_B], [ROOT]);
    expect((await trainer.post('/api/metadata', { users: [newUser] })).status).toBe(200);
    expect((await trainer.del(`/api/dataElements/${DE}`)).status).toBe(403);
    expect((await trainer.post('/api/metadata', newElement)).status).toBe(409);
    expect((await admin.post('/api/metadata', newElement)).status).toBe(200);
    expect((await admin.del('/api/dataElements/RoleTestDE2')).status).toBe(200);
  });
});

describe('data entry: F_DATAVALUE_ADD, data set sharing, capture org units', () => {
  it('a trainee enters data for their own school', async () => {
    const saved = await as('trainee01').post('/api/dataValueSets', values(SCHOOL_A, '31', DS));
    expect(saved.status).toBe(200);
    expect(summaryOf(saved.body).importCount).toEqual({ imported: 1, updated: 0, ignored: 0, deleted: 0 });
  });

  it("a trainee's value for another school is ignored with E7617", async () => {
    const refused = await as('trainee01').post('/api/dataValueSets', values(SCHOOL_B, '12', DS));
    expect(refused.status).toBe(409);
    const summary = summaryOf(refused.body);
    // DefaultDataValueSetService (2.41): WARNING whenever there are conflicts, even with nothing imported.
    expect(summary.status).toBe('WARNING');
    expect(summary.importCount).toEqual({ imported: 0, updated: 0, ignored: 1, deleted: 0 });
    expect(summary.conflicts).toEqual([
      {
        object: SCHOOL_B,
        objects: { organisationUnit: SCHOOL_B, user: 'RoleTrain01' },
        value: `Organisation unit: \`${SCHOOL_B}\` not in hierarchy of current user: \`RoleTrain01\``,
        errorCode: 'E7617',
        property: 'orgUnit',
        indexes: [0],
      },
    ]);
    const stored = await admin.get(`/api/dataValueSets?dataSet=${DS}&period=2025&orgUnit=${SCHOOL_B}`);
    expect(stored.body.dataValues).toEqual([]);
  });

  it('a user outside the data set sharing is refused with E7601 and the import aborted', async () => {
    const refused = await as('outsider').post('/api/dataValueSets', values(SCHOOL_A, '99', DS));
    expect(refused.status).toBe(409);
    const summary = summaryOf(refused.body);
    expect(summary).toMatchObject({
      status: 'ERROR',
      description: 'Import process was aborted',
      importCount: { imported: 0, updated: 0, ignored: 0, deleted: 0 },
    });
    expect((summary.conflicts as Json[])[0]).toMatchObject({ object: DS, errorCode: 'E7601' });
    const stored = await admin.get(`/api/dataValueSets?dataSet=${DS}&period=2025&orgUnit=${SCHOOL_A}`);
    expect((stored.body.dataValues as Json[]).map((v) => v.value)).toEqual(['31']);
  });

  it('a read-only viewer cannot post data values at all (403 Access is denied)', async () => {
    const refused = await as('viewer').post('/api/dataValueSets', values(SCHOOL_A, '1', DS));
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      httpStatus: 'Forbidden',
      httpStatusCode: 403,
      status: 'ERROR',
      message: 'Access is denied',
    });
  });
});

describe('reads limited to the data view org units', () => {
  it('data value reads outside the view hierarchy are refused with E2012', async () => {
    const viewer = as('districtviewer');
    expect(
      (await viewer.get(`/api/dataValueSets?dataSet=${DS}&period=2025&orgUnit=${SCHOOL_A}`)).status,
    ).toBe(200);
    const refused = await viewer.get(`/api/dataValueSets?dataSet=${DS}&period=2025&orgUnit=${SCHOOL_B}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      errorCode: 'E2012',
      message: `User is not allowed to view org unit: \`${SCHOOL_B}\``,
    });
  });

  it('analytics outside the data view org units is refused with E7120; inside it answers', async () => {
    const query = (unit: string) =>
      `/api/analytics?dimension=dx:${DE}&dimension=pe:2025&dimension=ou:${unit}`;
    const refused = await as('districtviewer').get(query(ROOT));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ errorCode: 'E7120' });
    const allowed = await as('viewer').get(query(SCHOOL_A));
    expect(allowed.status).toBe(200);
    expect(allowed.body.rows).toEqual([[DE, '2025', SCHOOL_A, '31']]);
  });
});

describe('the CLI against a trainee account', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'edupkg-roles-'));
  const edupkg = (username: string, password: string, args: string[]) =>
    runCli([...args, '--yes', '--json'], {
      cwd,
      env: { EDUPKG_SERVER: sandbox.url, EDUPKG_USERNAME: username, EDUPKG_PASSWORD: password, CI: '1' },
    });
  const miniDash = join(REPO_ROOT, 'test', 'fixtures', 'install', 'mini-dash');

  it('install is refused as an import rejection (exit 6) and changes nothing', async () => {
    const before = await admin.get('/api/dataElements?paging=false&fields=id');
    const run = await edupkg('trainee01', PASSWORD, ['install', miniDash]);
    expect(run.code).toBe(6);
    expect(run.stderr + run.stdout).toContain('E3000');
    expect(run.stderr).not.toContain(PASSWORD);
    expect((await admin.get('/api/dataElements?paging=false&fields=id')).body).toEqual(before.body);
  });

  it('rollback of what the admin installed is refused too (exit 6), and the package stays', async () => {
    expect((await edupkg('admin', 'district', ['install', miniDash])).code).toBe(0);
    const before = await admin.get('/api/metadata?dashboards=true&visualizations=true&fields=id,name');
    const run = await edupkg('trainee01', PASSWORD, ['rollback', 'mini-dash']);
    expect(run.code).toBe(6);
    expect(run.stdout).toMatch(/E300[12]/);
    const after = await admin.get('/api/metadata?dashboards=true&visualizations=true&fields=id,name');
    const { system: _before, ...kept } = before.body;
    const { system: _after, ...now } = after.body;
    expect(now).toEqual(kept);
    expect((await admin.get('/api/dataStore/edupkg/mini-dash')).status).toBe(200);
  });
});
