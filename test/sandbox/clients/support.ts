import { uidFromCode } from '../../../src/core/dhis2-model/uid.js';
import { DEMO_ROOT_UID } from '../../../src/sandbox/seed.js';

/** The version modes real clients must work against (issue 15: 2.40-2.43; 2.44 is served too). */
export const CLIENT_MODES = ['2.40', '2.41', '2.42', '2.43', '2.44'] as const;

/** The demo seed's national root (the admin user's data capture scope) and one of its schools. */
export const ORG_UNIT_SCOPE = DEMO_ROOT_UID;
export const DEMO_SCHOOL = uidFromCode('organisationUnits', 'DEMO_S_CAPITAL_1');

const dataElement = (id: string, code: string, name: string) => ({
  id,
  code,
  name,
  shortName: name,
  valueType: 'INTEGER_ZERO_OR_POSITIVE' as const,
  domainType: 'AGGREGATE' as const,
  aggregationType: 'SUM' as const,
});

/** Five objects a client posts: three data elements, a yearly data set for one school, a group. */
export function clientFixture() {
  return {
    dataElements: [
      dataElement('clientDeEn1', 'CLIENT_ENROL_F', 'Client enrolment (female)'),
      dataElement('clientDeEn2', 'CLIENT_ENROL_M', 'Client enrolment (male)'),
      dataElement('clientDeTch', 'CLIENT_TEACHERS', 'Client teachers'),
    ],
    dataSets: [
      {
        id: 'clientDsAnn',
        code: 'CLIENT_ANNUAL',
        name: 'Client annual census',
        shortName: 'Client annual census',
        periodType: 'Yearly' as const,
        dataSetElements: ['clientDeEn1', 'clientDeEn2', 'clientDeTch'].map((id) => ({
          dataElement: { id },
          dataSet: { id: 'clientDsAnn' },
        })),
        organisationUnits: [{ id: DEMO_SCHOOL }],
      },
    ],
    dataElementGroups: [
      {
        id: 'clientDeGrp',
        code: 'CLIENT_GROUP',
        name: 'Client group',
        shortName: 'Client group',
        dataElements: [{ id: 'clientDeEn1' }, { id: 'clientDeEn2' }],
      },
    ],
  };
}
